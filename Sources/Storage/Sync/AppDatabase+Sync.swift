import Foundation
import GRDB
import PatternCore
package import Replication

/// What happened to a batch of events received from a peer.
package struct ReceiveReport: Sendable, Hashable {
    package var stored = 0
    package var duplicates = 0
    package var quarantined: [EventID] = []
    /// Events neither stored nor counted as received (see `EventStore.refuse`), by reason.
    package var refused: [String: Int] = [:]
    /// Stubs held here that a full copy with the same hash replaced.
    package var filled = 0
}

/// A received event after the checks that need no database: bounds, its origin's signature,
/// its content hash, its decoded payload and the receiver's own checks. Made outside the
/// write transaction (in parallel).
package struct ReceivedEvent: Sendable {
    package var incoming: ReplicatedEvent
    /// The event, when it carries a payload whose hash is right (nil for stubs).
    package var event: Event?
    /// A contribution payload, decoded once for the scan and the projection.
    package var added: ContributionAdded?
    /// Finding kinds of the receiver's checks: a contribution with findings is kept as a
    /// quarantined stub; an event of any other kind is refused (not stored, not counted).
    package var findings: [String]
    /// Why the event is not its origin's (`signature_missing`, `signature_invalid`,
    /// `unknown_origin_key`, `out_of_bounds`); nil when the origin's pinned key signed it.
    package var untrusted: String?

    package init(incoming: ReplicatedEvent, event: Event?, added: ContributionAdded?, findings: [String], untrusted: String? = nil) {
        self.incoming = incoming
        self.event = event
        self.added = added
        self.findings = findings
        self.untrusted = untrusted
    }
}

extension AppDatabase {
    /// Stores checked events from a peer in one transaction, under the rules of DESIGN.md:
    /// - an event its origin did not sign (or out of bounds) is refused: not stored, not
    ///   counted as received, so the real copy is still accepted later;
    /// - only contribution events may arrive as stubs or be quarantined (kept as stubs, the
    ///   scan's finding kinds audited without values); a stub or a failed check of any other
    ///   kind is refused the same way;
    /// - a full copy whose hash matches a stub held here replaces it and is projected;
    /// - a signed event with a known (origin, seq) and another hash (the origin signed two
    ///   different events) throws, and sync with that peer halts; so does a payload whose
    ///   bytes do not match its hash.
    /// `onCommit` receives the changes to the live set, in commit order.
    package func receiveEvents(
        _ events: [ReceivedEvent], from peer: String, onCommit: @escaping @Sendable (IndexChanges) -> Void
    ) async throws -> ReceiveReport {
        try await write { db in
            var report = ReceiveReport()
            var changes = IndexChanges()
            var touched = Set<String>()
            let now = Timestamps.iso8601(Date())
            func refuse(_ received: ReceivedEvent, _ reason: String) throws {
                try EventStore.refuse(db, received.incoming, reason: reason, peer: peer, now: now)
                report.refused[reason, default: 0] += 1
            }
            func project(_ event: Event, _ received: ReceivedEvent) throws {
                let before = changes.count
                try EventProjection.apply(db, event, contribution: received.added, changes: &changes)
                if event.kind == .erasureRequested {
                    let tombstone = try EventPayloadCoding.decode(ErasureTombstone.self, from: event.payload)
                    let covered = changes[before...].filter { if case .remove = $0 { true } else { false } }.count
                    try AuditWriter.append(
                        db,
                        AuditRecord(
                            actor: AuditActor(role: "peer", id: peer), action: "erasure.applied", subject: tombstone.pseudonym,
                            details: [
                                "request": .text(tombstone.requestId), "event": .text(event.id.description), "contributionsCovered": .count(covered),
                            ]))
                }
            }
            for received in events {
                let incoming = received.incoming
                let mayBeStub = incoming.kind.carriesContribution
                // Nothing of an out-of-bounds event is used, not even its seq in a lookup.
                // Nor of one from another network: not even its place is looked up.
                if let reason = received.untrusted, reason == "out_of_bounds" || reason == "wrong_network" {
                    try refuse(received, reason)
                    continue
                }
                if let existing = try Row.fetchOne(
                    db.cachedStatement(sql: "SELECT content_hash, state, signature FROM event WHERE origin = ? AND seq = ?"),
                    arguments: [incoming.origin, Int64(incoming.seq)])
                {
                    guard (existing[0] as String) == incoming.contentHash else {
                        // Only the origin's own signature makes this an equivocation; anything
                        // else is a relayer's forgery, refused without halting honest sync.
                        if let reason = received.untrusted { try refuse(received, reason); continue }
                        throw StorageError.sequenceConflict
                    }
                    if received.untrusted == nil, (existing[2] as String?) == nil {
                        try db.run(
                            "UPDATE event SET signature = ? WHERE origin = ? AND seq = ?", [incoming.signature, incoming.origin, Int64(incoming.seq)])
                    }
                    if (existing[1] as String) == "stub", received.untrusted == nil, received.findings.isEmpty, let event = received.event {
                        try db.run(
                            "UPDATE event SET payload = ?, state = 'live', signature = ? WHERE origin = ? AND seq = ?",
                            [event.payload, incoming.signature, incoming.origin, Int64(incoming.seq)])
                        try project(event, received)
                        report.filled += 1
                        report.stored += 1
                        continue
                    }
                    report.duplicates += 1
                    continue
                }
                if let reason = received.untrusted { try refuse(received, reason); continue }
                guard incoming.payload != nil else {
                    guard mayBeStub else { try refuse(received, "stub_not_allowed"); continue }
                    try EventStore.insertStub(db, incoming, state: "stub")
                    touched.insert(incoming.origin)
                    report.stored += 1
                    continue
                }
                guard let event = received.event else { throw StorageError.contentHashMismatch }
                var findings = received.findings
                // Contribution ids are keyed per network, so an id already held under another
                // network's origin is a peer's attempt to move it across: quarantined.
                if let added = received.added,
                    let held = try String.fetchOne(
                        db.cachedStatement(sql: "SELECT origin FROM contribution_event WHERE contribution_id = ? LIMIT 1"),
                        arguments: [added.contributionId]),
                    ReplicaNetwork(origin: held) != ReplicaNetwork(origin: event.id.origin)
                {
                    findings.append("wrong_network")
                }
                if !findings.isEmpty {
                    let kinds = Array(Set(findings)).sorted()
                    guard mayBeStub else { try refuse(received, "invalid_payload:" + kinds.joined(separator: ",")); continue }
                    try EventStore.insertStub(db, incoming, state: "quarantined")
                    try AuditWriter.append(
                        db,
                        AuditRecord(
                            actor: AuditActor(role: "peer", id: peer), action: "event.quarantined",
                            details: ["event": .text(event.id.description), "kinds": .list(kinds)]))
                    report.quarantined.append(event.id)
                    touched.insert(incoming.origin)
                    continue
                }
                try EventStore.insert(db, event, signature: incoming.signature, advanceVector: false)
                touched.insert(incoming.origin)
                try project(event, received)
                report.stored += 1
            }
            for origin in touched { try EventStore.advanceContiguous(db, origin: origin) }
            if report.stored > 0 || !report.quarantined.isEmpty || !report.refused.isEmpty {
                try AuditWriter.append(
                    db,
                    AuditRecord(
                        actor: AuditActor(role: "peer", id: peer), action: "sync.received",
                        details: [
                            "events": .count(report.stored), "quarantined": .count(report.quarantined.count),
                            "refused": .count(report.refused.values.reduce(0, +)),
                        ]))
            }
            if !changes.isEmpty {
                let committed = changes
                db.afterNextTransaction(onCommit: { _ in onCommit(committed) })
            }
            return report
        }
    }

    /// Events a peer with `vector` lacks, in (origin, seq) order, at most `limit`; stubs carry no payload.
    /// Also at most `maximumPayloadBytes` of payloads (at least one event), so a message stays
    /// well under the receiver's 64 MiB body limit however large the events are.
    package static let syncPayloadBudget = 16 * 1024 * 1024

    /// Only events of `network`'s origins: a private network's events never go to a peer of
    /// another network.
    package func eventsMissing(
        for vector: VersionVector, limit: Int, maximumPayloadBytes: Int = syncPayloadBudget, network: ReplicaNetwork = .global
    ) async throws -> [ReplicatedEvent] {
        try await read { db in
            var out: [ReplicatedEvent] = []
            var bytes = 0
            let origins = try String.fetchAll(db, sql: "SELECT DISTINCT origin FROM event ORDER BY origin").filter(network.contains(origin:))
            for origin in origins where out.count < limit && bytes < maximumPayloadBytes {
                let rows = try Row.fetchAll(
                    db.cachedStatement(sql: "SELECT * FROM event WHERE origin = ? AND seq > ? ORDER BY seq LIMIT ?"),
                    arguments: [origin, Int64(vector[origin]), limit - out.count])
                for row in rows {
                    let event = try EventStore.replicatedEvent(row)
                    bytes += event.payload?.count ?? 0
                    out.append(event)
                    if bytes >= maximumPayloadBytes { break }
                }
            }
            return out
        }
    }

    /// The state digest of DESIGN.md: every event id, its content hash and whether its payload
    /// is held. A contribution counts as held only while it is live, so a tombstone-covered
    /// one counts the same erased, purged or received as a stub (purging changes nothing),
    /// while a stub or quarantine of a live contribution shows as a difference.
    /// The digest and the vector it is of, read in one snapshot: what a gateway announces to
    /// its peers, so they compare digests only at equal vectors.
    package func stateDigestWithVector(network: ReplicaNetwork = .global) async throws -> (vector: VersionVector, digest: String) {
        try await read { db in (try EventStore.versionVector(db, network: network), try Self.stateDigest(db, network: network)) }
    }

    /// One network's: peers of that network compare it.
    package func stateDigest(network: ReplicaNetwork = .global) async throws -> String {
        try await read { try Self.stateDigest($0, network: network) }
    }

    static func stateDigest(_ db: Database, network: ReplicaNetwork) throws -> String {
        let rows = try Row.fetchAll(
            db,
            sql: """
                SELECT origin, seq, content_hash,
                CASE WHEN kind NOT IN ('contribution.added', 'contribution.revised') THEN payload IS NOT NULL
                     ELSE state = 'live' AND payload IS NOT NULL END AS held
                FROM event
                """)
        return StateDigest.compute(
            rows.lazy.filter { network.contains(origin: $0["origin"]) }
                .map { (EventID(origin: $0["origin"], seq: UInt64($0["seq"] as Int64)), $0["content_hash"], $0["held"] as Bool) })
    }

    /// Quarantined events, for status.
    package func quarantinedCount() async throws -> Int {
        try await read { try Int.fetchOne($0, sql: "SELECT COUNT(*) FROM event WHERE state = 'quarantined'") ?? 0 }
    }
}
