package import Foundation
package import Gateway
package import PatternCore
package import Privacy
import Storage

/// The seed every benchmark draws from; printed by `BenchGateway.describeRun()` so a run can be repeated.
package let benchSeed: UInt64 = {
    if let text = ProcessInfo.processInfo.environment["BENCH_SEED"], let seed = UInt64(text) { return seed }
    return 20261125
}()

/// The default policy, the one built into the binary (`policies/default.yaml`).
package func benchPolicy() throws -> Policy {
    try PolicyFile.load(path: nil)
}

/// A real gateway (SQLite in a temporary data dir) with one deployment that has consented.
package struct BenchGateway: Sendable {
    package let gateway: PatternGateway
    package let directory: URL
    package let deploymentId: String
    package let principal: Principal

    /// Starts a gateway; `network` names a shared folder for a replicated set (one network key).
    package static func start(
        name: String = "gw-bench", policy: Policy, network: URL? = nil, deploymentId: String = "bench"
    ) async throws -> BenchGateway {
        let root = network ?? FileManager.default.temporaryDirectory.appendingPathComponent("pg-bench-\(UUID().uuidString)")
        let directory = root.appendingPathComponent(name)
        let gateway = try await PatternGateway.start(
            configuration: GatewayConfiguration(
                dataDirectory: DataDirectory(path: directory.path), networkKeyFile: root.appendingPathComponent("network.key").path,
                gatewayId: name, policy: policy))
        let token = try await gateway.tokens.issue(
            role: .deployment, pseudonym: gateway.keyRing.pseudonym(deploymentId: deploymentId), actor: .cli)
        let principal = try await gateway.authenticate(authorization: "Bearer \(token.bearer)")
        _ = try await gateway.changeConsent(principal, request: ConsentChangeRequest(action: "grant"))
        return BenchGateway(gateway: gateway, directory: directory, deploymentId: deploymentId, principal: principal)
    }

    /// A bearer token for a new principal of `role` (officers have no pseudonym).
    package func bearer(role: Role) async throws -> String {
        let pseudonym = role == .deployment ? gateway.keyRing.pseudonym(deploymentId: deploymentId) : nil
        return try await gateway.tokens.issue(role: role, pseudonym: pseudonym, actor: .cli).bearer
    }

    /// Contributes `count` generated migrations through the batch path, 1,000 per request.
    /// Returns the bytes of contribution JSON sent.
    @discardableResult
    package func ingest(
        _ count: Int, workload: Workload, generator: inout SeededGenerator, idPrefix: String
    ) async throws -> Int {
        var sent = 0, bytes = 0
        while sent < count {
            let batch = (0..<min(1000, count - sent)).map { offset in
                ContributePatternRequest(workload.record(using: &generator), migrationId: "\(idPrefix)-\(sent + offset)")
            }
            let body = try JSONEncoder().encode(batch)
            bytes += body.count
            _ = try await gateway.contributeBatch(principal, body: body)
            sent += batch.count
        }
        return bytes
    }

    /// Stops the gateway and removes its data dir.
    package func stop(removing root: URL? = nil) async {
        await gateway.stop()
        try? FileManager.default.removeItem(at: root ?? directory.deletingLastPathComponent())
    }
}

extension ContributePatternRequest {
    /// The request a deployment would send for `record`.
    package init(_ record: ContributionRecord, migrationId: String) {
        self.init(
            migrationId: migrationId, sourceCloud: record.sourceCloud.rawValue, targetCloud: record.targetCloud.rawValue,
            resourceTypes: record.resourceTypes, strategy: record.strategy.rawValue,
            steps: record.steps.map { .init(action: $0.action, durationSeconds: $0.durationSeconds, success: $0.success) },
            successRate: record.successRate, durationHours: record.durationHours, costSavingsPercent: record.costSavingsPercent)
    }
}
