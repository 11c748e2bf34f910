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

    /// This gateway's audit entry recording its purge of `requestId` (`erasure.purged`): its
    /// leaf index in the audit tree and its canonical line; nil before this gateway purged.
    package func purgeAuditEntry(requestId: String) async throws -> (index: UInt64, line: String)? {
        try await read { db in
            // Leaf indexes count from the open segment's first row (issue 19): an entry of a
            // sealed segment has no proof against the current checkpoint.
            let firstRow = try Int64.fetchOne(db, sql: "SELECT first_row FROM audit_segment ORDER BY id DESC LIMIT 1") ?? 1
            let rows = try Row.fetchAll(
                db.cachedStatement(
                    sql: "SELECT seq, line, details FROM audit_entry WHERE action = 'erasure.purged' AND instr(details, ?) > 0 ORDER BY seq"),
                arguments: [requestId])
            for row in rows {
                let details = (try? JSONSerialization.jsonObject(with: Data((row["details"] as String).utf8))) as? [String: Any]
                guard details?["request"] as? String == requestId, let seq = row["seq"] as Int64?, seq >= firstRow else { continue }
                return (UInt64(seq - firstRow), String(decoding: row["line"] as Data, as: UTF8.self))
            }
            return nil
        }
    }
}
