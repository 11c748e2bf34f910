package import Gateway
package import Logging
import ServiceLifecycle

/// Publishes tokens made or revoked on the data dir while the gateway runs (`token create`
/// and `token revoke` are offline commands), every `poll`, so a revocation reaches every
/// gateway within `poll` plus the sync delay plus the token cache's lifetime. `poll` is
/// waited on `clock`.
package struct TokenPublisherService: Service {
    let gateway: PatternGateway
    let poll: Duration
    let clock: any Clock<Duration>
    let logger: Logger

    package init(gateway: PatternGateway, poll: Duration = .milliseconds(250), clock: any Clock<Duration> = ContinuousClock(), logger: Logger) {
        self.gateway = gateway
        self.poll = poll
        self.clock = clock
        self.logger = logger
    }

    package func run() async throws {
        let stopwatch = Stopwatch(clock)
        var failing = false
        while !Task.isCancelled && !Task.isShuttingDownGracefully {
            do {
                try await gateway.publishTokens()
                failing = false
            } catch {
                if !failing { logger.error("could not publish tokens to the network", metadata: ["error": "\(type(of: error))"]) }
                failing = true
            }
            try? await stopwatch.sleep(for: poll)
        }
    }
}
