package import AsyncHTTPClient
package import Gateway
package import Hummingbird
import HummingbirdTLS
package import Logging
package import NIOCore
package import NIOSSL
package import Prometheus
import ServiceLifecycle

/// Where the HTTP server listens.
package struct ServerConfiguration: Sendable {
    package var host: String
    package var port: Int
    /// Serve HTTPS with this configuration (`serve --tls-cert F --tls-key F`).
    package var tls: TLSConfiguration?

    package init(host: String = "127.0.0.1", port: Int = 8080, tls: TLSConfiguration? = nil) {
        self.host = host
        self.port = port
        self.tls = tls
    }

    /// A server TLS configuration from PEM files: the certificate chain and its private key;
    /// TLS 1.2 or later.
    package static func tls(certificateFile: String, keyFile: String) throws -> TLSConfiguration {
        let chain = try NIOSSLCertificate.fromPEMFile(certificateFile)
        let key = try NIOSSLPrivateKey(file: keyFile, format: .pem)
        return requiringModernTLS(
            TLSConfiguration.makeServerConfiguration(certificateChain: chain.map { .certificate($0) }, privateKey: .privateKey(key)))
    }

    /// `configuration` with TLS 1.0 and 1.1 refused (NIOSSL's server default accepts them).
    package static func requiringModernTLS(_ configuration: TLSConfiguration) -> TLSConfiguration {
        var configuration = configuration
        switch configuration.minimumTLSVersion {
        case .tlsv1, .tlsv11: configuration.minimumTLSVersion = .tlsv12
        case .tlsv12, .tlsv13: break
        }
        return configuration
    }
}

package enum PatternGateApplication {
    /// The Hummingbird application serving `gateway`.
    package static func make(
        gateway: PatternGateway, registry: PrometheusCollectorRegistry, server: ServerConfiguration = .init(),
        logger: Logger = Logger(label: "patterngate.http"),
        sync: SyncConfiguration? = nil,
        privateSync: [SyncConfiguration] = [],
        syncClient: HTTPClient = .shared,
        purgeInterval: Duration? = .seconds(3600),
        watchClock: any Clock<Duration> = ContinuousClock(),
        onServerRunning: @escaping @Sendable (any Channel) async -> Void = { _ in }
    ) throws -> some ApplicationProtocol {
        var services: [any Service] = [
            GatewayStopService(gateway: gateway), AuditCheckpointService(gateway: gateway, logger: logger),
            TokenPublisherService(gateway: gateway, logger: logger),
        ]
        if let purgeInterval { services.append(PurgeService(gateway: gateway, interval: purgeInterval, logger: logger)) }
        if let sync, !sync.peers.isEmpty {
            services.append(SyncService(gateway: gateway, configuration: sync, client: syncClient, logger: logger))
        }
        // One sync service per hosted private network with peers: its events go to them only.
        for configuration in privateSync where !configuration.peers.isEmpty && gateway.scope(of: configuration.network) != nil {
            services.append(SyncService(gateway: gateway, configuration: configuration, client: syncClient, logger: logger))
        }
        // Heartbeats for live updates; on a graceful shutdown it ends every watch still open.
        services.append(WatchHeartbeatService(gateway: gateway, clock: watchClock))
        return Application(
            router: PatternGateRoutes.router(
                gateway: gateway, registry: registry, console: ConsoleConfiguration(secureCookies: server.tls != nil)),
            server: try server.tls.map { try .tls(.http1(), tlsConfiguration: ServerConfiguration.requiringModernTLS($0)) } ?? .http1(),
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
