package import AuditLog
import Foundation
import GRDB
import Replication

/// What a purge certificate is made of (`PatternGateway.purgeCertificate`): the signed
/// `erasure.purged` events every gateway replicated for a request, and the audit entry that
/// recorded this gateway's own purge.
extension AppDatabase {
    /// The `erasure.purged` events of `requestId`, one per gateway that purged, as sync
    /// carries them (signed by their origin), by origin.
    package func purgedEvents(requestId: String) async throws -> [ReplicatedEvent] {
        try await read { db in
            let rows = try Row.fetchAll(
                db.cachedStatement(
                    sql: "SELECT * FROM event WHERE kind = ? AND payload IS NOT NULL AND instr(CAST(payload AS TEXT), ?) > 0 ORDER BY origin, seq"),
                arguments: [EventKind.erasurePurged.rawValue, requestId])
            return try rows.map(EventStore.replicatedEvent).filter { event in
                guard let payload = event.payload else { return false }
                return (try? JSONDecoder().decode(ErasurePurged.self, from: payload))?.requestId == requestId
            }
        }
    }

    /// This gateway's audit entry recording its purge of `requestId` (`erasure.purged`), with an
    /// RFC 9162 inclusion proof against the newest stored checkpoint of its segment (with the
    /// cosignatures kept for it) and that segment's key: the open segment's latest checkpoint,
    /// or a sealed segment's final one, so the proof survives rotations (issue 19). Nil before
    /// this gateway purged, or when the entry's segment was retired or is not yet checkpointed.
    package func purgeAuditEntry(requestId: String) async throws -> PurgeAuditEntry? {
        try await read { db in
            let rows = try Row.fetchAll(
                db.cachedStatement(
                    sql: "SELECT seq, line, details FROM audit_entry WHERE action = 'erasure.purged' AND instr(details, ?) > 0 ORDER BY seq"),
                arguments: [requestId])
            for row in rows {
                let details = (try? JSONSerialization.jsonObject(with: Data((row["details"] as String).utf8))) as? [String: Any]
                guard details?["request"] as? String == requestId, let seq = row["seq"] as Int64? else { continue }
                guard
                    let segment = try Row.fetchOne(
                        db,
                        sql: """
                            SELECT id, name, first_row, public_key FROM audit_segment
                            WHERE first_row <= ? AND retired_at IS NULL ORDER BY id DESC LIMIT 1
                            """, arguments: [seq]),
                    let keyBytes = segment["public_key"] as Data?, let key = try? AuditPublicKey(rawRepresentation: keyBytes),
                    let latest = try Self.latestCheckpoint(db, segment: segment["id"])
                else { return nil }
                let index = UInt64(seq - (segment["first_row"] as Int64))
                guard index < latest.size else { return nil }
                let tree = StoredMerkleTree(db: db, segment: segment["id"], firstRow: segment["first_row"])
                return PurgeAuditEntry(
                    segment: segment["name"], index: index, line: String(decoding: row["line"] as Data, as: UTF8.self),
                    proof: try tree.inclusionProof(index: index, size: latest.size),
                    checkpoint: try Self.withCosignatures(db, latest, segment: segment["id"]), key: key)
            }
            return nil
        }
    }
}

/// The audit entry of a purge with its proof, as `AppDatabase.purgeAuditEntry` finds it.
package struct PurgeAuditEntry: Sendable {
    package var segment: String
    package var index: UInt64
    package var line: String
    package var proof: InclusionProof
    /// The checkpoint the proof is against, and the key of the entry's segment that signed it.
    package var checkpoint: StoredCheckpoint
    package var key: AuditPublicKey
}
