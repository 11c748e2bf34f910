import AsyncHTTPClient
import Gateway
import NIOCore
import Hummingbird
import Logging
import Prometheus
import ServiceLifecycle

/// Where the HTTP server listens.
public struct ServerConfiguration: Sendable {
    public var host: String
    public var port: Int

    public init(host: String = "127.0.0.1", port: Int = 8080) {
        self.host = host
        self.port = port
    }
}

public enum PatternGateApplication {
    /// The Hummingbird application serving `gateway`.
    public static func make(
        gateway: PatternGateway, registry: PrometheusCollectorRegistry, server: ServerConfiguration = .init(),
        logger: Logger = Logger(label: "patterngate.http"),
        sync: SyncConfiguration? = nil,
        onServerRunning: @escaping @Sendable (any Channel) async -> Void = { _ in }
    ) -> some ApplicationProtocol {
        var services: [any Service] = [GatewayStopService(gateway: gateway)]
        if let sync, !sync.peers.isEmpty {
            services.append(SyncService(gateway: gateway, configuration: sync, client: HTTPClient.shared, logger: logger))
        }
        return Application(
            router: PatternGateRoutes.router(gateway: gateway, registry: registry),
            configuration: .init(address: .hostname(server.host, port: server.port), serverName: "PatternGate"),
            services: services,
            onServerRunning: onServerRunning,
            logger: logger)
    }
}

/// Records the gateway's stop in the audit log when the service group shuts down gracefully.
struct GatewayStopService: Service {
    let gateway: PatternGateway

    func run() async throws {
        try? await gracefulShutdown()
        await gateway.stop()
    }
}
