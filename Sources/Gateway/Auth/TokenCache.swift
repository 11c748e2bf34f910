import Foundation
import PatternCore
import Synchronization

/// Tokens checked against SQLite in the last `lifetime`, so that a request under load does
/// not read the database (and hop threads) to authenticate.
///
/// Tokens are revoked offline (`token revoke`, another process on the same data dir), so no
/// event can invalidate an entry here: an entry is trusted for `lifetime` only, and a revoked
/// token stops working within that time (default 1 s, `docs/design.md`). Only the stored
/// secret hash is kept; the presented secret is still hashed and compared on every request.
final class TokenCache: Sendable {
    struct Entry: Sendable {
        var secretHash: Data
        var role: Role
        var pseudonym: String?
        var plan: Plan?
        var organization: String? = nil
        /// Private networks that vouched for the token (`network.member`).
        var networks: Set<String> = []
        /// When the database said yes, on the cache's stopwatch.
        var checkedAt: Duration

        func principal(id: String) -> Principal {
            Principal(role: role, tokenId: id, pseudonym: pseudonym, plan: plan, organization: organization, networks: networks)
        }
    }

    let lifetime: Duration
    /// Only tokens that authenticated are stored, so only holders of valid tokens can fill it.
    private let capacity: Int
    private let entries = Mutex<[String: Entry]>([:])
    private let stopwatch: Stopwatch

    init(lifetime: Duration, capacity: Int = 10_000, clock: any Clock<Duration> = ContinuousClock()) {
        self.lifetime = lifetime
        self.capacity = capacity
        self.stopwatch = Stopwatch(clock)
    }

    /// Now, on the cache's clock: what `Entry.checkedAt` is measured in.
    var now: Duration { stopwatch.elapsed }

    /// The entry for `id` if it was checked within `lifetime`.
    func entry(id: String) -> Entry? {
        guard lifetime > .zero else { return nil }
        let now = stopwatch.elapsed
        return entries.withLock { entries in
            guard let entry = entries[id] else { return nil }
            guard now - entry.checkedAt < lifetime else {
                entries[id] = nil
                return nil
            }
            return entry
        }
    }

    func store(id: String, _ entry: Entry) {
        guard lifetime > .zero else { return }
        entries.withLock { entries in
            if entries.count >= capacity {
                entries = entries.filter { entry.checkedAt - $0.value.checkedAt < lifetime }
                if entries.count >= capacity { entries.removeAll(keepingCapacity: true) }
            }
            entries[id] = entry
        }
    }
}
