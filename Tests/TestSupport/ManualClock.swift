import Synchronization

/// A clock that moves only when a test calls `advance(by:)`, so code that waits on a clock
/// is tested without waiting. Sleepers whose deadline has passed resume at the advance;
/// `sleepers(atLeast:)` lets a test wait until a service is back asleep, i.e. done with
/// the work the advance set off.
package final class ManualClock: Clock, Sendable {
    package struct Instant: InstantProtocol {
        /// Time since the clock was made.
        package var offset: Duration

        package func advanced(by duration: Duration) -> Instant { Instant(offset: offset + duration) }
        package func duration(to other: Instant) -> Duration { other.offset - offset }
        package static func < (lhs: Instant, rhs: Instant) -> Bool { lhs.offset < rhs.offset }
    }

    private struct Sleeper {
        var id: UInt64
        var deadline: Instant
        var continuation: CheckedContinuation<Void, any Error>
    }

    private struct Watcher {
        var id: UInt64
        var count: Int
        var continuation: CheckedContinuation<Void, Never>
    }

    private struct State {
        var now = Instant(offset: .zero)
        var nextId: UInt64 = 0
        var sleepers: [Sleeper] = []
        /// Sleeps and watches cancelled before they were registered.
        var cancelled: Set<UInt64> = []
        var watchers: [Watcher] = []

        /// Removes and returns the watchers that now see enough sleepers.
        mutating func satisfiedWatchers() -> [Watcher] {
            let ready = watchers.filter { $0.count <= sleepers.count }
            watchers.removeAll { $0.count <= sleepers.count }
            return ready
        }
    }

    private let state = Mutex(State())

    package init() {}

    package var now: Instant { state.withLock { $0.now } }
    package var minimumResolution: Duration { .zero }

    package func sleep(until deadline: Instant, tolerance: Duration? = nil) async throws {
        try Task.checkCancellation()
        let id = newId()
        try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
                enum Outcome { case cancelled, due, asleep([Watcher]) }
                let outcome = state.withLock { state -> Outcome in
                    if state.cancelled.remove(id) != nil { return .cancelled }
                    if deadline <= state.now { return .due }
                    state.sleepers.append(Sleeper(id: id, deadline: deadline, continuation: continuation))
                    return .asleep(state.satisfiedWatchers())
                }
                switch outcome {
                case .cancelled: continuation.resume(throwing: CancellationError())
                case .due: continuation.resume()
                case .asleep(let watchers): for watcher in watchers { watcher.continuation.resume() }
                }
            }
        } onCancel: {
            let sleeper = state.withLock { state -> Sleeper? in
                if let index = state.sleepers.firstIndex(where: { $0.id == id }) { return state.sleepers.remove(at: index) }
                state.cancelled.insert(id)
                return nil
            }
            sleeper?.continuation.resume(throwing: CancellationError())
        }
    }

    /// Moves the clock forward and resumes every sleeper whose deadline has passed.
    package func advance(by duration: Duration) {
        let due = state.withLock { state in
            state.now = state.now.advanced(by: duration)
            let now = state.now
            let due = state.sleepers.filter { $0.deadline <= now }
            state.sleepers.removeAll { $0.deadline <= now }
            return due
        }
        for sleeper in due.sorted(by: { $0.deadline < $1.deadline }) { sleeper.continuation.resume() }
    }

    /// Returns once at least `count` tasks sleep on this clock (or when the task is cancelled,
    /// so that a test over its time limit ends instead of waiting for ever).
    package func sleepers(atLeast count: Int) async {
        let id = newId()
        await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
                let ready = state.withLock { state -> [Watcher] in
                    let watcher = Watcher(id: id, count: count, continuation: continuation)
                    if state.cancelled.remove(id) != nil { return [watcher] }
                    state.watchers.append(watcher)
                    return state.satisfiedWatchers()
                }
                for watcher in ready { watcher.continuation.resume() }
            }
        } onCancel: {
            let watcher = state.withLock { state -> Watcher? in
                if let index = state.watchers.firstIndex(where: { $0.id == id }) { return state.watchers.remove(at: index) }
                state.cancelled.insert(id)
                return nil
            }
            watcher?.continuation.resume()
        }
    }

    private func newId() -> UInt64 {
        state.withLock { state in
            defer { state.nextId += 1 }
            return state.nextId
        }
    }

    /// The deadlines of the tasks asleep on this clock, soonest first, as offsets from its start.
    package var deadlines: [Duration] { state.withLock { $0.sleepers.map(\.deadline.offset).sorted() } }
}
