package import Gateway
package import Logging
import ServiceLifecycle

/// Signs audit checkpoints while the gateway runs: it polls the tree size and, when the log grew
/// and at least `spacing` passed since the last signing, signs and stores a checkpoint — so one
/// is signed within `spacing + poll` (under a second) of any entry. The final checkpoint at a
/// graceful shutdown is signed by `PatternGateway.stop()`, after the `gateway.stopped` entry.
/// Time is kept on `clock`.
package struct AuditCheckpointService: Service {
    let gateway: PatternGateway
    let poll: Duration
    let spacing: Duration
    let clock: any Clock<Duration>
    let logger: Logger

    package init(
        gateway: PatternGateway, poll: Duration = .milliseconds(100), spacing: Duration = .milliseconds(750),
        clock: any Clock<Duration> = ContinuousClock(), logger: Logger
    ) {
        self.gateway = gateway
        self.poll = poll
        self.spacing = spacing
        self.clock = clock
        self.logger = logger
    }

    package func run() async throws {
        let stopwatch = Stopwatch(clock)
        var lastSigned = stopwatch.elapsed - spacing
        var failing = false
        while !Task.isCancelled && !Task.isShuttingDownGracefully {
            if stopwatch.elapsed - lastSigned >= spacing {
                do {
                    // The yearly boundary first, so a new year's entries land in its segment.
                    try await gateway.rotateAuditSegmentIfDue()
                    if try await gateway.auditLog.checkpoint().signed { lastSigned = stopwatch.elapsed }
                    failing = false
                } catch {
                    // The error's type only: messages of storage errors are safe, but nothing here needs them.
                    if !failing { logger.error("could not sign an audit checkpoint", metadata: ["error": "\(type(of: error))"]) }
                    failing = true
                }
            }
            try? await stopwatch.sleep(for: poll)
        }
    }
}
