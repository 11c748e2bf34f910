package import Gateway
import GatewayHTTP
import Logging
import NIOCore
import Prometheus
import ServiceLifecycle
import Synchronization

/// The real HTTP servers of a set of gateways on loopback ports, running until `stop()`.
///
/// A benchmark's setup, iterations and teardown are separate calls from the harness, so the
/// service group runs in a task owned by this value rather than in a scope.
package final class ServedGateways: Sendable {
    /// `http://127.0.0.1:PORT` of each gateway, in the order given.
    package let urls: [String]
    private let services: ServiceGroup
    private let running: Task<Void, any Error>

    private init(urls: [String], services: ServiceGroup, running: Task<Void, any Error>) {
        self.urls = urls
        self.services = services
        self.running = running
    }

    package static func serve(_ gateways: [PatternGateway]) async throws -> ServedGateways {
        let ports = Mutex<[Int: Int]>([:])
        let logger = Logger(label: "patterngate-bench")
        let apps = try gateways.enumerated().map { position, gateway in
            try PatternGateApplication.make(
                gateway: gateway, registry: PrometheusCollectorRegistry(), server: ServerConfiguration(host: "127.0.0.1", port: 0),
                logger: logger, onServerRunning: { channel in ports.withLock { $0[position] = channel.localAddress?.port ?? 0 } })
        }
        let services = ServiceGroup(configuration: .init(services: apps.map { $0 as any Service }, logger: logger))
        let running = Task { try await services.run() }
        let clock = ContinuousClock()
        let deadline = clock.now + .seconds(30)
        while ports.withLock({ $0.count }) < gateways.count {
            guard clock.now < deadline else {
                await services.triggerGracefulShutdown()
                throw BenchSetupError(message: "servers did not start")
            }
            try await Task.sleep(for: .milliseconds(5))
        }
        let bound = ports.withLock { $0 }
        return ServedGateways(urls: gateways.indices.map { "http://127.0.0.1:\(bound[$0]!)" }, services: services, running: running)
    }

    package func stop() async {
        await services.triggerGracefulShutdown()
        _ = await running.result
    }
}

/// A benchmark's fixture could not be built; the harness reports it as a failed benchmark.
package struct BenchSetupError: Error, CustomStringConvertible {
    package let message: String
    package init(message: String) { self.message = message }
    package var description: String { message }
}

/// Seconds of a duration as a double, for derived figures.
package func seconds(_ duration: Duration) -> Double {
    Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
}
