import Crypto
import PatternCore

/// What a replica holds of one event for merging: its identity, content hash and, unless it
/// is a stub (purged or quarantined), the event itself.
package struct HeldEvent: Sendable, Hashable {
    package var id: EventID
    package var contentHash: String
    package var event: Event?

    package init(_ event: Event) {
        id = event.id
        contentHash = event.contentHash
        self.event = event
    }

    /// A stub: the event's place in the sequence without its payload.
    package init(stub id: EventID, contentHash: String) {
        self.id = id
        self.contentHash = contentHash
        event = nil
    }
}

/// Two replicas disagree about one event: the same (origin, seq) with different content
/// (a data dir restored from an old backup, or a forged event). Sync with that peer halts.
package struct SequenceConflict: Error, Sendable, Hashable, CustomStringConvertible {
    package var id: EventID
    package var description: String { "sequence_conflict: event \(id) arrived with a different content hash" }
}

/// The replicated state as a grow-only set of events keyed by (origin, seq). Merge is set
/// union, so it is commutative, associative and idempotent; the version vector and the
/// digest are functions of the set alone. Pure: no I/O.
package struct ReplicaState: Sendable, Hashable {
    package private(set) var events: [EventID: HeldEvent] = [:]

    package init() {}

    package init(_ events: some Sequence<HeldEvent>) throws(SequenceConflict) {
        for event in events { try insert(event) }
    }

    /// Adds an event; an identical one is ignored, a different one with the same id is a conflict.
    /// A stub never replaces a full event of the same hash, and a full event fills a stub.
    @discardableResult
    package mutating func insert(_ held: HeldEvent) throws(SequenceConflict) -> Bool {
        if let existing = events[held.id] {
            guard existing.contentHash == held.contentHash else { throw SequenceConflict(id: held.id) }
            if existing.event == nil, held.event != nil {
                events[held.id] = held
                return true
            }
            return false
        }
        events[held.id] = held
        return true
    }

    /// Set union with another replica's events.
    package mutating func merge(_ other: ReplicaState) throws(SequenceConflict) {
        for held in other.events.values { try insert(held) }
    }

    package func merged(with other: ReplicaState) throws(SequenceConflict) -> ReplicaState {
        var copy = self
        try copy.merge(other)
        return copy
    }

    /// Highest contiguous seq per origin.
    package var versionVector: VersionVector {
        var highest: [String: UInt64] = [:]
        for id in events.keys.sorted() where id.seq == (highest[id.origin] ?? 0) + 1 {
            highest[id.origin] = id.seq
        }
        return VersionVector(highest)
    }

    /// The events a peer with `vector` lacks, in (origin, seq) order, at most `limit`.
    package func missing(for vector: VersionVector, limit: Int) -> [HeldEvent] {
        var out: [HeldEvent] = []
        for id in events.keys.sorted() where !vector.contains(id) {
            out.append(events[id]!)
            if out.count == limit { break }
        }
        return out
    }

    /// SHA-256 over every event id, content hash and whether its payload is held, in
    /// (origin, seq) order: equal on every replica that holds the same events the same way.
    package var digest: String {
        StateDigest.compute(events.values.map { ($0.id, $0.contentHash, $0.event != nil) })
    }
}

/// The state digest of DESIGN.md, shared by the in-memory state and the store.
package enum StateDigest {
    /// `held`: whether the replica holds the event's payload (for a contribution: whether it
    /// is live), so a replica that holds a stub where others hold the event differs.
    package static func compute(_ entries: [(EventID, String, Bool)]) -> String {
        var hasher = SHA256()
        for (id, hash, held) in entries.sorted(by: { $0.0 < $1.0 }) {
            hasher.update(data: Array("\(id.origin)\u{0}\(id.seq)\u{0}\(hash)\u{0}\(held ? 1 : 0)\n".utf8))
        }
        return Hex.encode(hasher.finalize())
    }
}
