import Foundation
import GRDB
import Replication

/// Tombstone look-ups inside a caller's transaction.
enum ErasureStore {
    /// The erasure request whose stored tombstone covers a contribution event, if any.
    static func erasingRequest(_ db: Database, contributionId: String, pseudonym: String, causalContext: VersionVector) throws -> String? {
        // Most gateways hold few tombstones; an empty table answers without the look-up.
        guard try Bool.fetchOne(db.cachedStatement(sql: "SELECT EXISTS (SELECT 1 FROM tombstone)")) == true else { return nil }
        let rows = try Row.fetchAll(
            db.cachedStatement(sql: "SELECT * FROM tombstone WHERE contribution_id = ? OR (pseudonym = ? AND contribution_id IS NULL)"),
            arguments: [contributionId, pseudonym])
        for row in rows {
            let (id, tombstone) = decode(row)
            if tombstone.covers(tombstoneId: id, pseudonym: pseudonym, contributionId: contributionId, causalContext: causalContext) {
                return tombstone.requestId
            }
        }
        return nil
    }

    /// The not yet erased contribution events a tombstone covers, as (origin, seq, contribution id).
    static func coveredEvents(_ db: Database, tombstone: ErasureTombstone, id: EventID) throws -> [(String, Int64, String)] {
        let rows: [Row]
        if let contributionId = tombstone.contributionId {
            rows = try Row.fetchAll(
                db.cachedStatement(sql: """
                    SELECT ce.origin, ce.seq, ce.contribution_id, ce.pseudonym, e.causal_context FROM contribution_event ce
                    JOIN event e ON e.origin = ce.origin AND e.seq = ce.seq
                    WHERE ce.contribution_id = ? AND ce.erased_by IS NULL
                    """), arguments: [contributionId])
        } else if let pseudonym = tombstone.pseudonym {
            rows = try Row.fetchAll(
                db.cachedStatement(sql: """
                    SELECT ce.origin, ce.seq, ce.contribution_id, ce.pseudonym, e.causal_context FROM contribution_event ce
                    JOIN event e ON e.origin = ce.origin AND e.seq = ce.seq
                    WHERE ce.pseudonym = ? AND ce.erased_by IS NULL
                    """), arguments: [pseudonym])
        } else {
            return []
        }
        var covered: [(String, Int64, String)] = []
        for row in rows {
            let context = try VersionVector.decode(storedJSON: row[4])
            if tombstone.covers(tombstoneId: id, pseudonym: row[3], contributionId: row[2], causalContext: context) {
                covered.append((row[0], row[1], row[2]))
            }
        }
        return covered
    }

    static func decode(_ row: Row) -> (EventID, ErasureTombstone) {
        (EventID(origin: row["origin"], seq: UInt64(row["seq"] as Int64)),
         ErasureTombstone(
            requestId: row["request_id"], pseudonym: row["pseudonym"], contributionId: row["contribution_id"],
            requestedAt: row["requested_at"], purgeDueAt: row["purge_due_at"], legalDeadline: row["legal_deadline"],
            reason: row["reason"]))
    }
}
