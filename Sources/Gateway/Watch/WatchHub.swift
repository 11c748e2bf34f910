import ErrorCodes
import PatternCore
package import Privacy
import Synchronization

/// A change one watch hears: a pattern its query matches became visible or changed
/// (`removed` false), or stopped being visible (`removed` true). Only ids and sequence
/// numbers: what a pattern looks like is read from the matcher when the event is written,
/// so nothing derived from an erased contribution is kept here.
package struct WatchChange: Sendable, Hashable {
    /// This gateway run's change sequence number (the event id's number).
    package var seq: UInt64
    package var patternId: String
    package var removed: Bool
}

/// What a watch's stream is told.
package enum WatchSignal: Sendable, Hashable {
    case change(WatchChange)
    /// Time for a heartbeat (and a token re-check).
    case heartbeat
}

/// The open pattern watches of one gateway and the recent changes they resume from
/// (docs/design.md, "Live updates").
///
/// Every change to the matcher is published here in commit order (`publish`, from the
/// gateway's commit hook). A change counts only when the pattern was visible before it or is
/// after it (at least `minContributors` distinct contributors): only such changes take a
/// sequence number and a place in the ring of recent changes, so neither the numbers nor
/// the ring say anything about patterns below k. With no watch open, publishing is a
/// comparison per touched pattern and, for visible ones, one short lock.
package final class WatchHub: Sendable {
    private struct Watcher {
        var query: WatchQuery
        var tokenId: String
        var continuation: AsyncStream<WatchSignal>.Continuation
    }

    private struct State {
        var seq: UInt64 = 0
        /// The most recent changes, oldest first from `ringStart` (a ring of `resumeEvents`).
        var ring: [WatchChange] = []
        var ringStart = 0
        /// The highest sequence number no longer in the ring.
        var evictedThrough: UInt64 = 0
        var watchers: [UInt64: Watcher] = [:]
        var nextWatcher: UInt64 = 0
        var closed = false
    }

    /// This gateway run's id: 16 random hex digits, the first part of every event id. A
    /// `Last-Event-ID` from another run (a restart, or another gateway) gets a snapshot.
    package let run: String
    package let settings: Policy.WatchSettings
    private let minContributors: Int
    private let state = Mutex(State())
    /// Held while a change is handed to the watches, so that each hears changes in order.
    private let publishing = Mutex(())

    package init(settings: Policy.WatchSettings, minContributors: Int) {
        var generator = SystemRandomNumberGenerator()
        self.run = Hex.encode((0..<8).map { _ in UInt8.random(in: .min ... .max, using: &generator) })
        self.settings = settings
        self.minContributors = max(1, minContributors)
    }

    /// Open watches (for tests and metrics).
    package var openCount: Int { state.withLock { $0.watchers.count } }

    /// The latest change's sequence number.
    package var currentSeq: UInt64 { state.withLock { $0.seq } }

    /// Records the touched patterns whose visibility or content a watch may see and hands
    /// each to the watches whose query matches it. Called in commit order.
    func publish(_ touched: [PatternTouch]) {
        let relevant = touched.filter { $0.contributorsBefore >= minContributors || $0.contributorsAfter >= minContributors }
        guard !relevant.isEmpty else { return }
        publishing.withLock { _ in
            let deliveries = state.withLock { state -> [(AsyncStream<WatchSignal>.Continuation, WatchChange)] in
                var deliveries: [(AsyncStream<WatchSignal>.Continuation, WatchChange)] = []
                for touch in relevant {
                    state.seq &+= 1
                    let change = WatchChange(seq: state.seq, patternId: touch.patternId, removed: touch.contributorsAfter < minContributors)
                    Self.remember(change, in: &state, capacity: settings.resumeEvents)
                    guard !state.watchers.isEmpty else { continue }
                    let types = Set(touch.key.normalizedResourceTypes)
                    for watcher in state.watchers.values where watcher.query.matches(touch.key, normalizedTypes: types) {
                        deliveries.append((watcher.continuation, change))
                    }
                }
                return deliveries
            }
            // Outside the state lock: a full buffer finishes the stream, whose termination
            // handler takes the lock to unregister.
            for (continuation, change) in deliveries {
                if case .dropped = continuation.yield(.change(change)) { continuation.finish() }
            }
        }
    }

    private static func remember(_ change: WatchChange, in state: inout State, capacity: Int) {
        if state.ring.count < capacity {
            state.ring.append(change)
        } else {
            state.evictedThrough = state.ring[state.ringStart].seq
            state.ring[state.ringStart] = change
            state.ringStart = (state.ringStart + 1) % capacity
        }
    }

    /// How a new watch begins.
    package enum Opening: Sendable, Hashable {
        /// Every visible pattern the query matches, as upserts; the last one carries `cursor`.
        case snapshot(cursor: UInt64)
        /// The changes after the client's `Last-Event-ID`, latest per pattern, in order (not yet
        /// filtered by the query: the ring keeps ids only).
        case replay([WatchChange])
    }

    /// Registers a watch for `query` on behalf of token `tokenId`, resuming after `resume`
    /// when this run still holds every change since; 429 `busy` over the policy's limits.
    func open(
        query: WatchQuery, tokenId: String, resume: WatchEventId?
    ) throws(GatewayError) -> (
        id: UInt64, opening: Opening, signals: AsyncStream<WatchSignal>, continuation: AsyncStream<WatchSignal>.Continuation
    ) {
        let (signals, continuation) = AsyncStream<WatchSignal>.makeStream(bufferingPolicy: .bufferingOldest(settings.bufferEvents))
        // The termination handler is in place before the watch is registered, so a stream
        // finished at any moment (a shutdown, an overflow) always gives its slot back.
        let id = state.withLock { state in
            state.nextWatcher &+= 1
            return state.nextWatcher
        }
        continuation.onTermination = { [weak self] _ in self?.remove(id) }
        let outcome = state.withLock { state -> Result<Opening, GatewayError> in
            guard !state.closed else { return .failure(WatchHub.shuttingDown) }
            guard state.watchers.count < settings.maxPerGateway else { return .failure(WatchHub.gatewayBusy) }
            guard state.watchers.values.count(where: { $0.tokenId == tokenId }) < settings.maxPerToken else {
                return .failure(WatchHub.tokenBusy)
            }
            state.watchers[id] = Watcher(query: query, tokenId: tokenId, continuation: continuation)
            guard let resume, resume.run == run, resume.seq >= max(1, state.evictedThrough), resume.seq <= state.seq else {
                return .success(.snapshot(cursor: state.seq))
            }
            let ordered = state.ring[state.ringStart...] + state.ring[..<state.ringStart]
            var latest: [String: WatchChange] = [:]
            for change in ordered where change.seq > resume.seq { latest[change.patternId] = change }
            return .success(.replay(latest.values.sorted { $0.seq < $1.seq }))
        }
        switch outcome {
        case .failure(let error):
            continuation.finish()
            throw error
        case .success(let opening):
            return (id, opening, signals, continuation)
        }
    }

    private func remove(_ id: UInt64) {
        state.withLock { _ = $0.watchers.removeValue(forKey: id) }
    }

    /// Asks every open watch to write a heartbeat (and re-check its token).
    package func heartbeat() {
        for continuation in state.withLock({ $0.watchers.values.map(\.continuation) }) {
            if case .dropped = continuation.yield(.heartbeat) { continuation.finish() }
        }
    }

    /// Takes new watches (again): the HTTP application serving them has started.
    package func openForWatches() {
        state.withLock { $0.closed = false }
    }

    /// Ends every open watch and refuses new ones until `openForWatches`: the HTTP
    /// application serving them is shutting down.
    package func closeAll() {
        let open = state.withLock { state in
            state.closed = true
            return state.watchers.values.map(\.continuation)
        }
        for continuation in open { continuation.finish() }
    }

    static let tokenBusy = GatewayError(
        .unavailable, code: .busy, message: "this token has as many pattern watches open as the policy allows; close one first")
    static let gatewayBusy = GatewayError(
        .unavailable, code: .busy, message: "this gateway holds as many pattern watches as the policy allows; retry later")
    static let shuttingDown = GatewayError(.unavailable, code: .busy, message: "this gateway is shutting down; retry on another")
}
