package import AuditLog
package import Foundation
import GRDB

extension AppDatabase {
    /// Retires, oldest first, every sealed segment whose last entry is at least `retentionYears`
    /// (UTC calendar years) before `asOf`: one write transaction per segment deletes its entry
    /// rows, tree nodes and checkpoints, keeps what stays (`RetiredSegment`: the final checkpoint,
    /// the hand-over entry and its inclusion proof) in its `audit_segment` row, and records them
    /// as an `audit.segment.retired` entry in the open segment. The open segment is never retired.
    /// The caller truncates the WAL afterwards (`checkpointTruncate`). Returns the retired segments.
    package func retireAuditSegments(
        asOf: Date, retentionYears: Int, actor: AuditActor = .system, at date: Date = Date()
    ) async throws -> [RetiredSegment] {
        var utc = Calendar(identifier: .gregorian)
        utc.timeZone = TimeZone(identifier: "UTC")!
        guard retentionYears >= 1, let cutoff = utc.date(byAdding: .year, value: -retentionYears, to: asOf) else { return [] }
        let cutoffText = AuditEntry.timestamp(cutoff)
        var retired: [RetiredSegment] = []
        while let segment = try await write({ db in try Self.retireOldestDue(db, cutoff: cutoffText, actor: actor, at: date) }) {
            retired.append(segment)
        }
        return retired
    }

    private static func retireOldestDue(_ db: Database, cutoff: String, actor: AuditActor, at date: Date) throws -> RetiredSegment? {
        let open = try AuditLogStore.openSegment(db)
        guard
            let row = try Row.fetchOne(
                db,
                sql: """
                    SELECT id, name, origin, first_row, frontier FROM audit_segment
                    WHERE retired_at IS NULL AND sealed_at IS NOT NULL AND id < ? ORDER BY id LIMIT 1
                    """, arguments: [open.id])
        else { return nil }
        let id: Int64 = row["id"]
        let firstRow: Int64 = row["first_row"]
        let size = try MerkleFrontier(serialized: row["frontier"] as Data).size
        guard size > 0, let origin = row["origin"] as String?,
            let last = try Row.fetchOne(db, sql: "SELECT at, line FROM audit_entry WHERE seq = ?", arguments: [firstRow + Int64(size) - 1]),
            let note = try String.fetchOne(
                db, sql: "SELECT note FROM audit_checkpoint WHERE segment = ? AND size = ?", arguments: [id, Int64(size)])
        else { throw StorageError.auditLogCorrupt }
        guard (last["at"] as String) <= cutoff else { return nil }
        let proof = try StoredMerkleTree(db: db, segment: id, firstRow: firstRow).inclusionProof(index: size - 1, size: size)
        let segment = try RetiredSegment(
            name: row["name"], origin: origin, entries: size, finalCheckpoint: try SignedNote(parsing: note),
            handOverLine: Array(last["line"] as Data), proof: proof.hashes)
        try db.run("DELETE FROM audit_entry WHERE seq >= ? AND seq < ?", [firstRow, firstRow + Int64(size)])
        try db.run("DELETE FROM audit_node WHERE segment = ?", [id])
        try db.run("DELETE FROM audit_checkpoint WHERE segment = ?", [id])
        try db.run("DELETE FROM audit_cosignature WHERE segment = ?", [id])
        try db.run(
            "UPDATE audit_segment SET retired_at = ?, retired_line = ? WHERE id = ?", [AuditEntry.timestamp(date), segment.exportLine, id])
        try AuditLogStore.append(db, AuditRecord(actor: actor, action: RetiredSegment.action, details: segment.details.auditDetails), at: date)
        return segment
    }
}
