import Foundation
import GRDB
import PatternCore
import Replication

/// What happened to a batch of events received from a peer.
public struct ReceiveReport: Sendable, Hashable {
    public var stored = 0
    public var duplicates = 0
    public var quarantined: [EventID] = []
}

/// An event as sync carries it: the event itself, or a stub (no payload) for an event this
/// replica purged or quarantined, so the receiver's vector stays contiguous.
public struct SyncEvent: Sendable, Hashable, Codable {
    public var origin: String
    public var seq: UInt64
    public var hlc: HLCTimestamp
    public var kind: EventKind
    public var causalContext: VersionVector
    public var contentHash: String
    /// Canonical JSON payload; absent for stubs. Carried as a JSON string (escaping costs
    /// less than base64 and round-trips the exact bytes the content hash covers).
    public var payload: Data?

    enum CodingKeys: String, CodingKey { case origin, seq, hlc, kind, causalContext, contentHash, payload }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        origin = try container.decode(String.self, forKey: .origin)
        seq = try container.decode(UInt64.self, forKey: .seq)
        hlc = try container.decode(HLCTimestamp.self, forKey: .hlc)
        kind = try container.decode(EventKind.self, forKey: .kind)
        causalContext = try container.decode(VersionVector.self, forKey: .causalContext)
        contentHash = try container.decode(String.self, forKey: .contentHash)
        payload = try container.decodeIfPresent(String.self, forKey: .payload).map { Data($0.utf8) }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(origin, forKey: .origin)
        try container.encode(seq, forKey: .seq)
        try container.encode(hlc, forKey: .hlc)
        try container.encode(kind, forKey: .kind)
        try container.encode(causalContext, forKey: .causalContext)
        try container.encode(contentHash, forKey: .contentHash)
        try container.encodeIfPresent(payload.map { String(decoding: $0, as: UTF8.self) }, forKey: .payload)
    }

    public init(_ event: Event) {
        origin = event.id.origin
        seq = event.id.seq
        hlc = event.hlc
        kind = event.kind
        causalContext = event.causalContext
        contentHash = event.contentHash
        payload = event.payload
    }

    public var id: EventID { EventID(origin: origin, seq: seq) }

    /// The full event, if this is not a stub and its hash is right.
    public var verifiedEvent: Event? {
        guard let payload else { return nil }
        let event = Event(id: id, hlc: hlc, causalContext: causalContext, kind: kind, payload: payload)
        return event.contentHash == contentHash ? event : nil
    }
}

/// A received event after the checks that need no database: its content hash, its decoded
/// payload and the receiver's own scan. Made outside the write transaction (in parallel).
public struct ReceivedEvent: Sendable {
    public var incoming: SyncEvent
    /// The event, when it carries a payload whose hash is right (nil for stubs).
    public var event: Event?
    /// A contribution payload, decoded once for the scan and the projection.
    public var added: ContributionAdded?
    /// Finding kinds of the receiver's scan; non-empty means quarantine.
    public var findings: [String]

    public init(incoming: SyncEvent, event: Event?, added: ContributionAdded?, findings: [String]) {
        self.incoming = incoming
        self.event = event
        self.added = added
        self.findings = findings
    }
}

extension AppDatabase {
    /// Stores checked events from a peer in one transaction. A payload whose hash was wrong
    /// or a known (origin, seq) with another hash throws and stores nothing (sync with that
    /// peer halts). An event with findings becomes a quarantined stub, audited without values.
    /// `onCommit` receives the changes to the live set, in commit order.
    public func receiveEvents(
        _ events: [ReceivedEvent], from peer: String, onCommit: @escaping @Sendable (IndexChanges) -> Void
    ) async throws -> ReceiveReport {
        try await write { db in
            var report = ReceiveReport()
            var changes = IndexChanges()
            var touched = Set<String>()
            for received in events {
                let incoming = received.incoming
                if let existing = try String.fetchOne(db.cachedStatement(sql: "SELECT content_hash FROM event WHERE origin = ? AND seq = ?"), arguments: [incoming.origin, Int64(incoming.seq)])
                {
                    guard existing == incoming.contentHash else { throw StorageError.sequenceConflict }
                    report.duplicates += 1
                    continue
                }
                guard incoming.payload != nil else {
                    try EventStore.insertStub(db, incoming, state: "stub")
                    touched.insert(incoming.origin)
                    report.stored += 1
                    continue
                }
                guard let event = received.event else { throw StorageError.contentHashMismatch }
                if !received.findings.isEmpty {
                    try EventStore.insertStub(db, incoming, state: "quarantined")
                    try AuditWriter.append(
                        db,
                        AuditRecord(
                            actor: AuditActor(role: "peer", id: peer), action: "event.quarantined",
                            details: ["event": .text(event.id.description), "kinds": .list(Array(Set(received.findings)).sorted())]))
                    report.quarantined.append(event.id)
                    touched.insert(incoming.origin)
                    continue
                }
                try EventStore.insert(db, event, advanceVector: false)
                touched.insert(incoming.origin)
                let before = changes.count
                try EventProjection.apply(db, event, contribution: received.added, changes: &changes)
                if event.kind == .erasureRequested {
                    let tombstone = try EventPayloadCoding.decode(ErasureTombstone.self, from: event.payload)
                    let covered = changes[before...].filter { if case .remove = $0 { true } else { false } }.count
                    try AuditWriter.append(
                        db,
                        AuditRecord(
                            actor: AuditActor(role: "peer", id: peer), action: "erasure.applied", subject: tombstone.pseudonym,
                            details: ["request": .text(tombstone.requestId), "event": .text(event.id.description), "contributionsCovered": .count(covered)]))
                }
                report.stored += 1
            }
            for origin in touched { try EventStore.advanceContiguous(db, origin: origin) }
            if report.stored > 0 || !report.quarantined.isEmpty {
                try AuditWriter.append(
                    db,
                    AuditRecord(
                        actor: AuditActor(role: "peer", id: peer), action: "sync.received",
                        details: ["events": .count(report.stored), "quarantined": .count(report.quarantined.count)]))
            }
            if !changes.isEmpty {
                let committed = changes
                db.afterNextTransaction(onCommit: { _ in onCommit(committed) })
            }
            return report
        }
    }

    /// Events a peer with `vector` lacks, in (origin, seq) order, at most `limit`; stubs carry no payload.
    public func eventsMissing(for vector: VersionVector, limit: Int) async throws -> [SyncEvent] {
        try await read { db in
            var out: [SyncEvent] = []
            let origins = try String.fetchAll(db, sql: "SELECT DISTINCT origin FROM event ORDER BY origin")
            for origin in origins where out.count < limit {
                let rows = try Row.fetchAll(db.cachedStatement(sql: "SELECT * FROM event WHERE origin = ? AND seq > ? ORDER BY seq LIMIT ?"), arguments: [origin, Int64(vector[origin]), limit - out.count])
                for row in rows { out.append(try EventStore.syncEvent(row)) }
            }
            return out
        }
    }

    /// SHA-256 over every event id and content hash (stubs and quarantines included).
    public func stateDigest() async throws -> String {
        try await read { db in
            let rows = try Row.fetchAll(db, sql: "SELECT origin, seq, content_hash FROM event")
            return StateDigest.compute(rows.map { (EventID(origin: $0["origin"], seq: UInt64($0["seq"] as Int64)), $0["content_hash"]) })
        }
    }

    /// Quarantined events, for status.
    public func quarantinedCount() async throws -> Int {
        try await read { try Int.fetchOne($0, sql: "SELECT COUNT(*) FROM event WHERE state = 'quarantined'") ?? 0 }
    }
}
