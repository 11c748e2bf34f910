import Foundation
import Storage
import Synchronization

/// This gateway's last global state digest with its vector, recomputed at most every
/// `maximumAge`: sync messages announce it, so peers can compare digests without a full
/// table read on every exchange.
final class DigestCache: Sendable {
    let maximumAge: Duration
    private let cached = Mutex<(announcement: DigestAnnouncement, at: ContinuousClock.Instant)?>(nil)

    init(maximumAge: Duration = .seconds(30)) {
        self.maximumAge = maximumAge
    }

    /// The cached announcement, or a new one when none is younger than `maximumAge`.
    func announcement(_ database: AppDatabase) async throws -> DigestAnnouncement {
        let now = ContinuousClock.now
        if let current = cached.withLock({ $0 }), now - current.at < maximumAge { return current.announcement }
        let fresh = try await database.stateDigestWithVector()
        return store(DigestAnnouncement(vector: fresh.vector, digest: fresh.digest))
    }

    /// Keeps an announcement just computed (by the sync status), and returns it.
    @discardableResult
    func store(_ announcement: DigestAnnouncement) -> DigestAnnouncement {
        cached.withLock { $0 = (announcement, ContinuousClock.now) }
        return announcement
    }
}
