package import Foundation
import GRDB
package import Replication

/// An erasure request with payloads due for purging here.
package struct PurgeCandidate: Sendable, Hashable, Codable {
    package var requestId: String
    package var purgeDueAt: String
    /// Erased events whose payload is still stored.
    package var events: Int
}

extension AppDatabase {
    /// Requests whose `purgeDueAt` is at or before `asOf` and whose payloads are still stored.
    package func purgeCandidates(asOf: Date) async throws -> [PurgeCandidate] {
        try await read { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT t.request_id, t.due, COUNT(*) FROM contribution_event ce
                    JOIN event e ON e.origin = ce.origin AND e.seq = ce.seq
                    JOIN (SELECT request_id, MIN(purge_due_at) AS due FROM tombstone GROUP BY request_id) t ON t.request_id = ce.erased_by
                    WHERE e.payload IS NOT NULL AND t.due <= ?
                    GROUP BY t.request_id ORDER BY t.due, t.request_id
                    """, arguments: [ErasureStore.dueText(asOf)]
            ).map { PurgeCandidate(requestId: $0[0], purgeDueAt: $0[1], events: $0[2]) }
        }
    }

    /// Removes the payloads of superseded versions (a rectification replaced them) whose purge
    /// date, counted from the winning version's clock with `graceDays`, is at or before `asOf`:
    /// at most `limit` in one short transaction, audited. Returns how many went.
    package func purgeSupersededChunk(asOf: Date, graceDays: Int, limit: Int) async throws -> Int {
        try await write { db in
            let rows = try Row.fetchAll(
                db.cachedStatement(
                    sql: """
                        SELECT ce.origin, ce.seq, ce.superseded_at FROM contribution_event ce JOIN event e ON e.origin = ce.origin AND e.seq = ce.seq
                        WHERE ce.superseded_at IS NOT NULL AND e.payload IS NOT NULL AND ce.superseded_at <= ?
                        ORDER BY ce.superseded_at LIMIT ?
                        """), arguments: [Int64(asOf.timeIntervalSince1970 * 1000), limit])
            var removed = 0
            for row in rows {
                let supersededAt = Date(timeIntervalSince1970: Double(row[2] as Int64) / 1000)
                guard ErasureDeadlines.purgeDueAt(requestedAt: supersededAt, graceDays: graceDays) <= asOf else { continue }
                try db.run("UPDATE event SET payload = NULL, state = 'purged' WHERE origin = ? AND seq = ?", [row[0] as String, row[1] as Int64])
                removed += 1
            }
            if removed > 0 {
                try AuditWriter.append(db, AuditRecord(actor: .system, action: "revisions.purged", details: ["versions": .count(removed)]))
            }
            return removed
        }
    }

    /// Removes at most `limit` erased payloads of one request in one short transaction;
    /// each event stays as a stub (origin, seq, content hash). Returns how many went.
    package func purgeChunk(requestId: String, limit: Int) async throws -> Int {
        try await write { db in try Self.removePayloads(db, requestId: requestId, limit: limit) }
    }

    /// Removes the stored payloads of `requestId`'s erased events, at most `limit` of them
    /// (all when nil); the events stay as stubs. Returns how many were removed.
    static func removePayloads(_ db: Database, requestId: String, limit: Int?) throws -> Int {
        try db.run(
            """
            UPDATE event SET payload = NULL, state = 'purged' WHERE rowid IN (
                SELECT e.rowid FROM contribution_event ce JOIN event e ON e.origin = ce.origin AND e.seq = ce.seq
                WHERE ce.erased_by = ? AND e.payload IS NOT NULL LIMIT ?)
            """, [requestId, limit ?? -1])
        return db.changesCount
    }

    /// Records that this gateway has purged a request: an `erasure.purged` event (once per
    /// gateway and request) and its audit row. Returns false when it was recorded before.
    package func recordPurged(
        requestId: String, origin: String, actor: AuditActor, stamp: @escaping @Sendable () -> HLCTimestamp
    ) async throws -> Bool {
        try await write { db in
            guard
                try Bool.fetchOne(
                    db.cachedStatement(sql: "SELECT 1 FROM erasure_purge WHERE request_id = ? AND gateway = ?"), arguments: [requestId, origin])
                    != true
            else { return false }
            // A covered copy received from a peer since the last chunk still has its payload:
            // remove it here, so the certificate is true when it commits.
            _ = try Self.removePayloads(db, requestId: requestId, limit: nil)
            let events =
                try Int.fetchOne(
                    db.cachedStatement(
                        sql: """
                            SELECT COUNT(*) FROM contribution_event ce JOIN event e ON e.origin = ce.origin AND e.seq = ce.seq
                            WHERE ce.erased_by = ? AND e.payload IS NULL
                            """), arguments: [requestId]) ?? 0
            // Models are deleted when the tombstone arrives (RankerForgetting), so this only reports.
            let models = try Self.modelsDeleted(db, requestId: requestId)
            let purged = ErasurePurged(
                requestId: requestId, gateway: origin, purgedAt: Timestamps.iso8601(Date()), events: events,
                modelsDeleted: models.isEmpty ? nil : Array(models.prefix(ErasurePurged.maximumModelsDeleted)))
            let event = try EventStore.appendProjected(db, signer: eventSigner, origin: origin, hlc: stamp(), kind: .erasurePurged, payload: purged)
            try AuditWriter.append(
                db,
                AuditRecord(
                    actor: actor, action: "erasure.purged",
                    details: [
                        "request": .text(requestId), "event": .text(event.id.description), "events": .count(events),
                        "modelsDeleted": .list(models),
                    ]
                ).naming(networkOf: origin))
            return true
        }
    }

    /// `wal_checkpoint(TRUNCATE)`: true when every frame was copied back and the WAL file is
    /// empty again; false while a reader holds an old snapshot (retry later).
    package func checkpointTruncate() async throws -> Bool {
        try await writer.writeWithoutTransaction { db in
            do {
                let result = try db.checkpoint(.truncate)
                return result.walFrameCount == result.checkpointedFrameCount
            } catch let error as DatabaseError where error.resultCode == .SQLITE_BUSY || error.resultCode == .SQLITE_LOCKED {
                return false
            }
        }
    }

    /// Returns up to `pages` free pages to the file system (`auto_vacuum=INCREMENTAL`);
    /// the number of free pages left.
    package func incrementalVacuum(pages: Int) async throws -> Int {
        try await writer.writeWithoutTransaction { db in
            try db.execute(sql: "PRAGMA incremental_vacuum(\(max(1, pages)))")
            return try Int.fetchOne(db, sql: "PRAGMA freelist_count") ?? 0
        }
    }
}
