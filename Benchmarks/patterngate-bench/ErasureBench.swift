import Foundation
import Gateway
import PatternCore
import Privacy
import Storage

/// Erasing a deployment with 10,000 contributions, and purging their payloads.
enum ErasureBench {
    static func run(policy: Policy, workload: Workload, contributions: Int, seed: UInt64) async throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("pg-erasure-bench-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: root) }
        let gateway = try await PatternGateway.start(configuration: GatewayConfiguration(
            dataDirectory: DataDirectory(path: root.appendingPathComponent("gw").path),
            networkKeyFile: root.appendingPathComponent("network.key").path, gatewayId: "gw-bench", policy: policy))
        let pseudonym = gateway.keyRing.pseudonym(deploymentId: "bench-erasure")
        let token = try await gateway.tokens.issue(role: .deployment, pseudonym: pseudonym, actor: .cli)
        let principal = try await gateway.authenticate(authorization: "Bearer \(token.bearer)")
        _ = try await gateway.changeConsent(principal, request: ConsentChangeRequest(action: "grant"))
        var generator = SeededGenerator(state: seed ^ 0xE5A5E)
        var sent = 0
        while sent < contributions {
            let batch = (0..<min(1000, contributions - sent)).map { offset in
                ReplicationBench.request(workload.record(using: &generator), id: "erase-\(sent + offset)")
            }
            _ = try await gateway.contributeBatch(principal, body: try JSONEncoder().encode(batch))
            sent += batch.count
        }
        let officerToken = try await gateway.tokens.issue(role: .officer, pseudonym: nil, actor: .cli)
        let officer = try await gateway.authenticate(authorization: "Bearer \(officerToken.bearer)")
        let clock = ContinuousClock()
        var receipt: ErasureReceipt?
        let eraseTime = try await clock.measure {
            receipt = try await gateway.requestErasure(officer, body: ErasureRequestBody(deploymentId: "bench-erasure"))
        }
        let covered = receipt?.contributionsCovered ?? 0
        print(String(format: "erase a deployment with %d contributions: %.3f s (%d covered, live after: %d)",
                     contributions, seconds(eraseTime), covered, gateway.liveContributionCount))
        var report: PurgeReport?
        let purgeTime = try await clock.measure {
            report = try await gateway.purge(asOf: Date().addingTimeInterval(400 * 86_400))
        }
        let purged = report?.events ?? 0
        print(String(format: "purge %d erased contributions (chunks of %d, vacuum, WAL truncate %@): %.3f s = %.0f contributions/s",
                     purged, PatternGateway.purgeChunkSize, report?.checkpoint ?? "?", seconds(purgeTime), Double(purged) / seconds(purgeTime)))
        await gateway.stop()
    }

    static func seconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
    }
}
