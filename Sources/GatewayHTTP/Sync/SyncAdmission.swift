import Synchronization

/// How many sync requests a gateway takes in at once (`sync.maxConcurrentRequests` in the
/// policy). Each admitted request may hold up to 64 MiB of body and its inflated JSON, so the
/// count bounds what peers can make a gateway hold; one more is answered 429 `busy`.
///
/// The caller pairs every successful `tryEnter()` with one `leave()`, in a `defer` so that
/// success, errors and cancellation all give the slot back.
package final class SyncAdmission: Sendable {
    package let limit: Int
    private let active = Mutex(0)

    package init(limit: Int) {
        precondition(limit >= 1, "at least one sync request must be admitted")
        self.limit = limit
    }

    /// Takes a slot; false when `limit` requests hold one.
    package func tryEnter() -> Bool {
        active.withLock { count in
            guard count < limit else { return false }
            count += 1
            return true
        }
    }

    /// Gives back a slot taken by `tryEnter()`.
    package func leave() {
        active.withLock { count in
            precondition(count > 0, "leave() without tryEnter()")
            count -= 1
        }
    }

    /// Requests holding a slot now.
    package var inFlight: Int {
        active.withLock { $0 }
    }
}
