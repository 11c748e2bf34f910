import Foundation
package import Gateway
package import Logging
import ServiceLifecycle

/// Purges erased payloads once `purgeDueAt` has passed, at start and then on an interval
/// (default hourly, so no deadline slips by more than an hour). A purge interrupted by a
/// crash resumes on the next run. The interval is waited on `clock`.
package struct PurgeService: Service {
    let gateway: PatternGateway
    let interval: Duration
    let clock: any Clock<Duration>
    let logger: Logger

    package init(gateway: PatternGateway, interval: Duration = .seconds(3600), clock: any Clock<Duration> = ContinuousClock(), logger: Logger) {
        self.gateway = gateway
        self.interval = interval
        self.clock = clock
        self.logger = logger
    }

    package func run() async throws {
        let stopwatch = Stopwatch(clock)
        while !Task.isCancelled && !Task.isShuttingDownGracefully {
            do {
                // Audit retention by the gateway's own clock, never by a caller's date.
                let report = try await gateway.purge(retireAuditSegmentsAsOf: Date())
                if report.events > 0 || report.checkpoint == "pending" || !report.auditSegmentsRetired.isEmpty {
                    logger.notice(
                        "purge ran",
                        metadata: [
                            "events": "\(report.events)", "checkpoint": "\(report.checkpoint)",
                            "auditSegmentsRetired": "\(report.auditSegmentsRetired.count)",
                        ])
                }
            } catch {
                logger.warning("purge failed; retrying at the next interval", metadata: ["errorType": "\(type(of: error))"])
            }
            // A graceful shutdown ends the wait at once instead of after the interval.
            try? await cancelWhenGracefulShutdown { try await stopwatch.sleep(for: interval) }
        }
    }
}
