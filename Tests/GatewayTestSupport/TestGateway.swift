import Foundation
import Gateway
import GatewayHTTP
import Hummingbird
import HummingbirdTesting
import Logging
import NIOCore
import PatternCore
import Privacy
import Prometheus
import TestSupport

/// A gateway on a fresh temporary data dir with the shipped policy, tokens for every role,
/// and the Hummingbird application in front of it.
package struct TestGateway: Sendable {
    package let directory: URL
    package let gateway: PatternGateway
    package let registry: PrometheusCollectorRegistry
    /// Bearer tokens: two deployments (raw ids `alpha-deployment-1111`, `beta-deployment-2222`), an officer, an auditor.
    package let alpha: String
    package let beta: String
    package let officer: String
    package let auditor: String

    package static let alphaId = "alpha-deployment-1111"
    package static let betaId = "beta-deployment-2222"

    /// A policy under `policies/` in the repository.
    package static func policy(_ file: String = "default.yaml") throws -> Policy {
        try PolicyFile.load(path: repositoryRoot.appendingPathComponent("policies/\(file)").path)
    }

    /// `policy` (else `policyFile` under `policies/`) on `directory` (else a fresh one).
    package static func make(
        policyFile: String = "default.yaml", policy: Policy? = nil, directory: URL? = nil, gate: (any ContributionGate)? = nil,
        networkKeyFile: String? = nil, gatewayId: String? = nil, configuredPeerIds: Set<String> = [], deploymentPlan: Plan = .free,
        logger: Logger = Logger(label: "patterngate"), networkFiguresClock: (any Clock<Duration>)? = nil,
        privateNetworks: [String: String] = [:]
    ) async throws -> TestGateway {
        let directory = directory ?? temporaryPath()
        let registry = PrometheusCollectorRegistry()
        var configuration = GatewayConfiguration(
            dataDirectory: DataDirectory(path: directory.path), networkKeyFile: networkKeyFile, gatewayId: gatewayId,
            policy: try policy ?? Self.policy(policyFile), configuredPeerIds: configuredPeerIds, privateNetworks: privateNetworks)
        if let networkFiguresClock { configuration.networkFiguresClock = networkFiguresClock }
        let gateway = try await PatternGateway.start(
            configuration: configuration, gate: gate, metricsFactory: PrometheusMetricsFactory(registry: registry), logger: logger)
        let tokens = gateway.tokens
        let ring = gateway.keyRing
        return TestGateway(
            directory: directory, gateway: gateway, registry: registry,
            alpha: try await tokens.issue(role: .deployment, pseudonym: ring.pseudonym(deploymentId: alphaId), plan: deploymentPlan, actor: .cli)
                .bearer,
            beta: try await tokens.issue(role: .deployment, pseudonym: ring.pseudonym(deploymentId: betaId), plan: deploymentPlan, actor: .cli)
                .bearer,
            officer: try await tokens.issue(role: .officer, pseudonym: nil, actor: .cli).bearer,
            auditor: try await tokens.issue(role: .auditor, pseudonym: nil, actor: .cli).bearer)
    }

    package func application(
        logger: Logger = Logger(label: "patterngate.http"), server: ServerConfiguration = .init(),
        watchClock: any Clock<Duration> = ContinuousClock(), onServerRunning: @escaping @Sendable (any Channel) async -> Void = { _ in }
    ) throws -> some ApplicationProtocol {
        try PatternGateApplication.make(
            gateway: gateway, registry: registry, server: server, logger: logger, watchClock: watchClock, onServerRunning: onServerRunning)
    }

    /// A bearer token for another deployment (raw id `deploymentId`).
    package func deploymentToken(_ deploymentId: String, plan: Plan = .free) async throws -> String {
        try await gateway.tokens.issue(role: .deployment, pseudonym: gateway.keyRing.pseudonym(deploymentId: deploymentId), plan: plan, actor: .cli)
            .bearer
    }

    package func remove() {
        try? FileManager.default.removeItem(at: directory)
    }

    /// Runs `body` against the router (no socket).
    package func test(
        logger: Logger = Logger(label: "patterngate.http"), _ body: @escaping @Sendable (any TestClientProtocol) async throws -> Void
    ) async throws {
        try await application(logger: logger).test(.router) { client in try await body(client) }
    }
}

/// Gateways of one network: one network key file, a `TestGateway` per gateway id.
package struct TestNetwork: Sendable {
    package let gateways: [TestGateway]
    package let keyFile: String

    /// `count` gateways, `gw-americas`, `gw-europe` and `gw-apac` (in that order); the
    /// gateway at a position in `privateNetworks` hosts those private networks (name → key file).
    package static func make(_ count: Int, privateNetworks: [Int: [String: String]] = [:]) async throws -> TestNetwork {
        let keyFile = temporaryPath("pg-network").path + ".key"
        var gateways: [TestGateway] = []
        for (position, name) in ["americas", "europe", "apac"].prefix(count).enumerated() {
            gateways.append(
                try await TestGateway.make(networkKeyFile: keyFile, gatewayId: "gw-\(name)", privateNetworks: privateNetworks[position] ?? [:]))
        }
        return TestNetwork(gateways: gateways, keyFile: keyFile)
    }

    package func remove() {
        for gateway in gateways { gateway.remove() }
        try? FileManager.default.removeItem(atPath: keyFile)
    }
}
