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
    private let fragments = Mutex<[String: Fragment]>([:])

    init(capacity: Int = 20_000) {
        self.capacity = capacity
    }

    /// The fragment for `match`, written and kept when missing or outdated; nil when a
    /// number in it has no JSON form.
    func fragment(for match: SearchMatch) -> Fragment? {
        let patternId = match.pattern.patternId
        if let kept = fragments.withLock({ $0[patternId] }), kept.revision == match.revision { return kept }
        let response = PatternResponse(match.pattern, similarity: nil)
        var fragment = Fragment(revision: match.revision, head: [], tail: [])
        guard response.appendHead(to: &fragment.head), response.appendTail(to: &fragment.tail) else { return nil }
        fragments.withLock { fragments in
            if fragments.count >= capacity { fragments.removeAll(keepingCapacity: true) }
            fragments[patternId] = fragment
        }
        return fragment
    }

    func removeAll() {
        fragments.withLock { $0.removeAll() }
    }
}
