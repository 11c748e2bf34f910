import Foundation
import Gateway
import GatewayHTTP
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Privacy
import Prometheus
import Storage
import Testing

let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

/// A gateway on a fresh temporary data dir with the shipped policy, tokens for every role,
/// and the Hummingbird application in front of it.
struct TestGateway {
    let directory: URL
    let gateway: PatternGateway
    let registry: PrometheusCollectorRegistry
    /// Bearer tokens: two deployments (raw ids `alpha-deployment-1111`, `beta-deployment-2222`), an officer, an auditor.
    let alpha: String
    let beta: String
    let officer: String
    let auditor: String

    static let alphaId = "alpha-deployment-1111"
    static let betaId = "beta-deployment-2222"

    static func make(
        policyFile: String = "default.yaml", directory: URL? = nil, gate: (any ContributionGate)? = nil, networkKeyFile: String? = nil,
        gatewayId: String? = nil, configuredPeerIds: Set<String> = []
    ) async throws -> TestGateway {
        let directory = directory ?? FileManager.default.temporaryDirectory.appendingPathComponent("pg-test-\(UUID().uuidString)")
        let policy = try PolicyFile.load(path: repositoryRoot.appendingPathComponent("policies/\(policyFile)").path)
        let registry = PrometheusCollectorRegistry()
        let gateway = try await PatternGateway.start(
            configuration: GatewayConfiguration(
                dataDirectory: DataDirectory(path: directory.path), networkKeyFile: networkKeyFile, gatewayId: gatewayId, policy: policy,
                configuredPeerIds: configuredPeerIds),
            gate: gate,
            metricsFactory: PrometheusMetricsFactory(registry: registry))
        let tokens = gateway.tokens
        let ring = gateway.keyRing
        return TestGateway(
            directory: directory, gateway: gateway, registry: registry,
            alpha: try await tokens.issue(role: .deployment, pseudonym: ring.pseudonym(deploymentId: alphaId), actor: .cli).bearer,
            beta: try await tokens.issue(role: .deployment, pseudonym: ring.pseudonym(deploymentId: betaId), actor: .cli).bearer,
            officer: try await tokens.issue(role: .officer, pseudonym: nil, actor: .cli).bearer,
            auditor: try await tokens.issue(role: .auditor, pseudonym: nil, actor: .cli).bearer)
    }

    func application() throws -> some ApplicationProtocol {
        try PatternGateApplication.make(gateway: gateway, registry: registry)
    }

    func remove() {
        try? FileManager.default.removeItem(at: directory)
    }

    /// Runs `body` against the router (no socket).
    func test(_ body: @escaping @Sendable (any TestClientProtocol) async throws -> Void) async throws {
        try await application().test(.router) { client in try await body(client) }
    }
}

/// The seed's WordPress AWS→Azure example.
func wordpress(_ migrationId: String = "wp-2026-001", successRate: Double = 0.95) -> [String: Any] {
    [
        "migrationId": migrationId, "sourceCloud": "aws", "targetCloud": "azure", "resourceTypes": ["EC2", "RDS", "S3"],
        "strategy": "replatform",
        "steps": [
            ["action": "assess_inventory", "durationSeconds": 1800, "success": true],
            ["action": "replicate_db", "durationSeconds": 7200, "success": false],
            ["action": "cutover_dns", "durationSeconds": 600, "success": true],
        ],
        "successRate": successRate, "durationHours": 6, "costSavingsPercent": 23,
    ]
}

func json(_ object: Any) -> ByteBuffer {
    ByteBuffer(bytes: try! JSONSerialization.data(withJSONObject: object))
}

func headers(_ token: String?, json: Bool = true) -> HTTPFields {
    var fields = HTTPFields()
    if let token { fields[.authorization] = "Bearer \(token)" }
    if json { fields[.contentType] = "application/json" }
    return fields
}

extension TestResponse {
    /// The decoded JSON object of the body.
    var object: [String: Any] {
        (try? JSONSerialization.jsonObject(with: Data(buffer: body))) as? [String: Any] ?? [:]
    }

    var text: String { String(buffer: body) }

    var errorCode: String? { (object["error"] as? [String: Any])?["code"] as? String }
    var errorMessage: String? { (object["error"] as? [String: Any])?["message"] as? String }
}

extension TestClientProtocol {
    func grant(_ token: String) async throws {
        let response = try await execute(uri: "/api/v1/consent", method: .put, headers: headers(token), body: json(["action": "grant"]))
        #expect(response.status == .ok)
    }

    func contribute(_ token: String, _ body: [String: Any]) async throws -> TestResponse {
        try await execute(uri: "/api/v1/patterns/contribute", method: .post, headers: headers(token), body: json(body))
    }

    func search(_ token: String, _ query: String) async throws -> TestResponse {
        try await execute(uri: "/api/v1/patterns/search?\(query)", method: .get, headers: headers(token, json: false))
    }
}
