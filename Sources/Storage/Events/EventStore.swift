import ErrorCodes
import Foundation
import GRDB
import PatternCore
package import Replication

/// Reads and appends replicated events inside a caller's transaction.
enum EventStore {
    static func versionVector(_ db: Database) throws -> VersionVector {
        var entries: [String: UInt64] = [:]
        for row in try Row.fetchAll(db, sql: "SELECT origin, seq FROM version_vector") {
            entries[row["origin"]] = UInt64(row["seq"] as Int64)
        }
        return VersionVector(entries)
    }

    /// The vector of one network's origins only.
    static func versionVector(_ db: Database, network: ReplicaNetwork) throws -> VersionVector {
        network.restrict(try versionVector(db))
    }

    /// Appends an event made here: the next seq of `origin`, stamped with `hlc`, carrying the
    /// vector seen so far as its causal context.
    /// The event is signed with `signer`, this gateway's identity key (nil only in storage
    /// tests that never sync).
    static func appendLocal(
        _ db: Database, signer: GatewaySigningKey?, origin: String, hlc: HLCTimestamp, kind: EventKind, payload: Data
    ) throws -> Event {
        // What this replica has seen in the event's own network: a global event never names
        // a private origin, even in its causal context.
        let context = try versionVector(db, network: ReplicaNetwork(origin: origin))
        let event = Event(
            id: EventID(origin: origin, seq: context[origin] + 1), hlc: hlc, causalContext: context, kind: kind, payload: payload)
        try insert(db, event, signature: signer?.sign(event.id, contentHash: event.contentHash))
        return event
    }

    /// Appends a local event of a kind without a contribution payload (`payload` encoded
    /// canonically) and applies it to the projections, in the caller's transaction.
    static func appendProjected(
        _ db: Database, signer: GatewaySigningKey?, origin: String, hlc: HLCTimestamp, kind: EventKind, payload: some Encodable
    ) throws -> Event {
        let event = try appendLocal(db, signer: signer, origin: origin, hlc: hlc, kind: kind, payload: try EventPayloadCoding.encode(payload))
        var changes = IndexChanges()
        try EventProjection.apply(db, event, contribution: nil, changes: &changes)
        return event
    }

    static func insert(_ db: Database, _ event: Event, signature: String?, advanceVector: Bool = true) throws {
        try db.run(
            """
            INSERT INTO event(origin, seq, hlc_wall, hlc_logical, kind, causal_context, content_hash, payload, signature)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
            """,
            [
                event.id.origin, Int64(event.id.seq), Int64(event.hlc.wallMillis), Int64(event.hlc.logical),
                event.kind.rawValue, event.causalContext.canonicalJSON,
                event.contentHash, event.payload, signature,
            ])
        guard advanceVector else { return }
        var vector = try versionVector(db)
        vector.advance(to: event.id)
        try db.run(
            "INSERT INTO version_vector(origin, seq) VALUES (?, ?) ON CONFLICT(origin) DO UPDATE SET seq = excluded.seq",
            [event.id.origin, Int64(vector[event.id.origin])])
    }

    static func decode(_ row: Row) throws -> Event {
        guard let kind = EventKind(rawValue: row["kind"]) else {
            throw StorageError(code: .eventKindUnknown, message: "an event of an unknown kind is stored")
        }
        let context = try VersionVector.decode(storedJSON: row["causal_context"])
        let event = Event(
            id: EventID(origin: row["origin"], seq: UInt64(row["seq"] as Int64)),
            hlc: HLCTimestamp(wallMillis: UInt64(row["hlc_wall"] as Int64), logical: UInt32(row["hlc_logical"] as Int64)),
            causalContext: context, kind: kind, payload: row["payload"] ?? Data())
        return event
    }

    /// The latest clock reading stored, so a restarted gateway never stamps backwards.
    static func latestClock(_ db: Database) throws -> HLCTimestamp {
        guard
            let row = try Row.fetchOne(
                db, sql: "SELECT hlc_wall, hlc_logical FROM event ORDER BY hlc_wall DESC, hlc_logical DESC LIMIT 1")
        else { return HLCTimestamp(wallMillis: 0, logical: 0) }
        return HLCTimestamp(wallMillis: UInt64(row["hlc_wall"] as Int64), logical: UInt32(row["hlc_logical"] as Int64))
    }
}

extension AppDatabase {
    /// The vector of `network`'s origins (the global network's by default: what its peers see).
    package func versionVector(network: ReplicaNetwork = .global) async throws -> VersionVector {
        try await read { try EventStore.versionVector($0, network: network) }
    }

    package func latestClock() async throws -> HLCTimestamp {
        try await read { try EventStore.latestClock($0) }
    }

    /// Number of events stored (stubs included).
    package func eventCount() async throws -> Int {
        try await read { try Int.fetchOne($0, sql: "SELECT COUNT(*) FROM event") ?? 0 }
    }
}
