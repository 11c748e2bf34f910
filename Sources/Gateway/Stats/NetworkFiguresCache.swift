import Foundation
import Synchronization

/// The published network figures and when they were taken. A recomputation happens at most
/// once per interval, on the injected clock; between two, an erasure recomputes the figures
/// *as of the same moment* (`asOf`), so the only change a reader can see before the next
/// interval is what the erasure removed, never a contribution made meanwhile
/// (docs/design.md, "Network figures").
final class NetworkFiguresCache: Sendable {
    private struct State {
        var published: NetworkStatsResponse?
        /// Stopwatch reading and wall time of the last scheduled recomputation.
        var computedAt: Duration = .zero
        var asOf = Date(timeIntervalSince1970: 0)
        /// An erasure committed since the figures were taken.
        var erasedSince = false
        /// The recomputation in progress, which every reader meanwhile awaits.
        var running: Task<NetworkStatsResponse, any Error>?
    }

    private let stopwatch: Stopwatch
    private let interval: Duration
    private let state = Mutex(State())

    init(clock: any Clock<Duration>, interval: Duration) {
        stopwatch = Stopwatch(clock)
        self.interval = interval
    }

    /// An erasure committed: the next read recomputes, as of the published figures' moment.
    func noteErasure() {
        state.withLock { $0.erasedSince = true }
    }

    /// The published figures, recomputed with `compute(asOf)` when the interval has passed
    /// (or never ran) or an erasure committed since.
    func current(_ compute: @escaping @Sendable (Date) async throws -> NetworkStatsResponse) async throws -> NetworkStatsResponse {
        let task = state.withLock { state -> Task<NetworkStatsResponse, any Error>? in
            if let running = state.running { return running }
            let now = stopwatch.elapsed
            let due = state.published == nil || now - state.computedAt >= interval
            guard due || state.erasedSince else { return nil }
            if due {
                state.computedAt = now
                state.asOf = Date()
            }
            state.erasedSince = false
            let asOf = state.asOf
            let running = Task { try await compute(asOf) }
            state.running = running
            return running
        }
        guard let task else { return state.withLock { $0.published! } }
        let result = await task.result
        state.withLock { state in
            if case .success(let figures) = result { state.published = figures }
            state.running = nil
        }
        return try result.get()
    }
}
