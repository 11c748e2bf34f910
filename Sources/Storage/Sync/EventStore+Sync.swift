import Foundation
import GRDB
import Replication

extension EventStore {
    /// A stub (purged or quarantined): the event's place and hash, no payload.
    static func insertStub(_ db: Database, _ stub: ReplicatedEvent, state: String) throws {
        try db.run(
            """
            INSERT INTO event(origin, seq, hlc_wall, hlc_logical, kind, causal_context, content_hash, payload, state, signature)
            VALUES (?, ?, ?, ?, ?, ?, ?, NULL, ?, ?)
            """,
            [
                stub.origin, Int64(stub.seq), Int64(stub.hlc.wallMillis), Int64(stub.hlc.logical), stub.kind.rawValue,
                stub.causalContext.canonicalJSON, stub.contentHash, state, stub.signature,
            ])
    }

    /// Moves an origin's vector entry over every contiguous seq now held (events may arrive out of order).
    static func advanceContiguous(_ db: Database, origin: String) throws {
        var seq = UInt64(try Int64.fetchOne(db.cachedStatement(sql: "SELECT seq FROM version_vector WHERE origin = ?"), arguments: [origin]) ?? 0)
        // Usually every seq up to the highest is held: one count says so.
        if let row = try Row.fetchOne(db.cachedStatement(sql: "SELECT COUNT(*), MAX(seq) FROM event WHERE origin = ?"), arguments: [origin]),
            let highest = row[1] as Int64?, (row[0] as Int64) == highest
        {
            seq = UInt64(highest)
        }
        while try Bool.fetchOne(db.cachedStatement(sql: "SELECT 1 FROM event WHERE origin = ? AND seq = ?"), arguments: [origin, Int64(seq + 1)])
            == true
        {
            seq += 1
        }
        try db.run(
            "INSERT INTO version_vector(origin, seq) VALUES (?, ?) ON CONFLICT(origin) DO UPDATE SET seq = excluded.seq", [origin, Int64(seq)])
    }

    /// A stored event as sync carries it: the stored hash is authoritative, and anything not
    /// live (erased, purged, quarantined, a stub) travels without its payload, so erased
    /// data never leaves again.
    static func replicatedEvent(_ row: Row) throws -> ReplicatedEvent {
        var event = ReplicatedEvent(try decode(row), signature: row["signature"])
        event.contentHash = row["content_hash"]
        if (row["payload"] as Data?) == nil || (row["state"] as String) != "live" { event.payload = nil }
        return event
    }
}
