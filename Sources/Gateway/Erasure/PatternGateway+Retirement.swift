import Foundation
import Logging
import Replication
import Storage
import Synchronization

/// A retired gateway (issue 21). Retirement never completes an erasure by itself: a retired
/// gateway's data dir may still hold payloads. So when a gateway learns it was retired (at
/// start, or from a peer's answer) it stops serving clients (410 `gateway_retired`), purges
/// every erased payload at once whatever its purge date, and keeps syncing only to deliver its
/// purge certificates; its peers refuse everything else from it.
extension PatternGateway {
    package var isRetired: Bool { retiredHere.withLock { $0 } }

    /// Checks whether an officer retired this gateway; on first learning it, purges every
    /// erased payload now and records the purge certificates.
    func checkRetirement() async throws {
        guard !isRetired, try await database.retirement(of: identity.gatewayId) != nil else { return }
        retiredHere.withLock { $0 = true }
        logger.warning("an officer retired this gateway: it serves no client and purges every erased payload now")
        _ = try await purge(asOf: Self.endOfTime)
    }

    /// A purge as of this date covers every erasure, whatever its purge date.
    static let endOfTime = Date(timeIntervalSince1970: 253_402_300_799)  // 9999-12-31T23:59:59Z

    /// Whether `gateway` was retired, as this gateway knows.
    func isRetired(_ gateway: String) async throws -> Bool {
        try await database.retirement(of: gateway) != nil
    }

    /// The same, for the sync client.
    package func isPeerRetired(_ gateway: String) async throws -> Bool {
        try await isRetired(gateway)
    }
}
