package import Gateway
import Privacy
import ServiceLifecycle

/// Heartbeats for every open pattern watch, one timer for all of them: every
/// `watch.heartbeatSeconds` of the policy (waited on `clock`), each watch writes a comment
/// line and re-checks its token. On a graceful shutdown it ends every watch and refuses new
/// ones, so no stream holds the server open (each stream also ends on its own when the
/// server's shutdown reaches it).
package struct WatchHeartbeatService: Service {
    let gateway: PatternGateway
    let clock: any Clock<Duration>

    package init(gateway: PatternGateway, clock: any Clock<Duration> = ContinuousClock()) {
        self.gateway = gateway
        self.clock = clock
    }

    package func run() async throws {
        let interval = Duration.seconds(gateway.policy.watch.heartbeatSeconds)
        let stopwatch = Stopwatch(clock)
        gateway.watchHub.openForWatches()
        try? await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                try await stopwatch.sleep(for: interval)
                gateway.watchHub.heartbeat()
            }
        }
        gateway.watchHub.closeAll()
    }
}
