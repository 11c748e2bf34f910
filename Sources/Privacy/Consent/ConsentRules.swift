/// One consent change as the rules see it: who saw what when it was made.
package struct ConsentEntry: Sendable, Hashable {
    package var origin: String
    package var seq: UInt64
    package var granted: Bool
    package var purposes: [String]
    /// The origin's version vector when the change was made.
    package var seen: [String: UInt64]

    package init(origin: String, seq: UInt64, granted: Bool, purposes: [String], seen: [String: UInt64]) {
        self.origin = origin
        self.seq = seq
        self.granted = granted
        self.purposes = purposes
        self.seen = seen
    }

    /// True when `other` was made by a gateway that had already seen this change.
    func happenedBefore(_ other: ConsentEntry) -> Bool {
        if origin == other.origin { return seq < other.seq }
        return (other.seen[origin] ?? 0) >= seq
    }
}

/// Consent is off by default and revoke wins: a purpose is active only when some grant of
/// it has seen every revoke of it. A grant and a revoke made concurrently (on gateways that
/// had not seen each other's change) leave the purpose off.
package enum ConsentRules {
    package static func activePurposes(_ entries: [ConsentEntry]) -> Set<String> {
        var purposes = Set<String>()
        for purpose in Set(entries.flatMap(\.purposes)) {
            let revokes = entries.filter { !$0.granted && $0.purposes.contains(purpose) }
            let active = entries.contains { grant in
                grant.granted && grant.purposes.contains(purpose) && revokes.allSatisfy { $0.happenedBefore(grant) }
            }
            if active { purposes.insert(purpose) }
        }
        return purposes
    }

    package static func isActive(_ purpose: String, in entries: [ConsentEntry]) -> Bool {
        activePurposes(entries).contains(purpose)
    }
}
