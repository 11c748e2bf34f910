import Gateway
import Logging
import ServiceLifecycle

/// Purges erased payloads once `purgeDueAt` has passed, at start and then on an interval
/// (default hourly, so no deadline slips by more than an hour). A purge interrupted by a
/// crash resumes on the next run.
public struct PurgeService: Service {
    let gateway: PatternGateway
    let interval: Duration
    let logger: Logger

    public init(gateway: PatternGateway, interval: Duration = .seconds(3600), logger: Logger) {
        self.gateway = gateway
        self.interval = interval
        self.logger = logger
    }

    public func run() async throws {
        while !Task.isCancelled && !Task.isShuttingDownGracefully {
            do {
                let report = try await gateway.purge()
                if report.events > 0 || report.checkpoint == "pending" {
                    logger.notice("purge ran", metadata: ["events": "\(report.events)", "checkpoint": "\(report.checkpoint)"])
                }
            } catch {
                logger.warning("purge failed; retrying at the next interval", metadata: ["errorType": "\(type(of: error))"])
            }
            // A graceful shutdown ends the wait at once instead of after the interval.
            try? await cancelWhenGracefulShutdown { try await Task.sleep(for: interval) }
        }
    }
}
