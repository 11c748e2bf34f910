import PatternCore
import Synchronization

/// Each pattern's search-answer JSON, kept for as long as the pattern's revision in the
/// matcher stays the same: popular patterns are answered many times between changes, and
/// writing their JSON was the largest part of a search request under load
/// (docs/robustness.md).
///
/// Holds only what search answers show (aggregates); the gateway empties it whenever a
/// contribution leaves the matcher, so nothing derived from an erased contribution stays.
final class PatternJSONCache: Sendable {
    /// A pattern's JSON around its query-dependent `similarity`.
    struct Fragment: Sendable {
        var revision: UInt64
        var head: [UInt8]
        var tail: [UInt8]
    }

    private let capacity: Int
    /// Fragments and the generation, which every `removeAll` advances: a fragment written from
    /// a summary read before an erasure is not stored after it.
    private let state = Mutex<(fragments: [String: Fragment], generation: UInt64)>(([:], 0))

    init(capacity: Int = 20_000) {
        self.capacity = capacity
    }

    /// Read before the matcher is read; pass it to `fragment(for:generation:)`.
    var generation: UInt64 { state.withLock { $0.generation } }

    /// The fragment for `match`, written and kept when missing or outdated; nil when a
    /// number in it has no JSON form.
    func fragment(for match: SearchMatch, generation: UInt64) -> Fragment? {
        let patternId = match.pattern.patternId
        if let kept = state.withLock({ $0.fragments[patternId] }), kept.revision == match.revision { return kept }
        let response = PatternResponse(match.pattern, similarity: nil)
        var fragment = Fragment(revision: match.revision, head: [], tail: [])
        guard response.appendHead(to: &fragment.head), response.appendTail(to: &fragment.tail) else { return nil }
        state.withLock { state in
            guard state.generation == generation else { return }
            if state.fragments.count >= capacity { state.fragments.removeAll(keepingCapacity: true) }
            state.fragments[patternId] = fragment
        }
        return fragment
    }

    func removeAll() {
        state.withLock { state in
            state.fragments.removeAll()
            state.generation &+= 1
        }
    }
}
