import Foundation
import GRDB
import Replication

/// Tombstone look-ups inside a caller's transaction.
enum ErasureStore {
    /// The erasure request whose stored tombstone covers a contribution event, if any.
    /// Whether any tombstone is stored: most gateways hold none, and then no contribution
    /// event needs the per-event look-up (asked once per transaction by the callers).
    static func hasTombstones(_ db: Database) throws -> Bool {
        try Bool.fetchOne(db.cachedStatement(sql: "SELECT EXISTS (SELECT 1 FROM tombstone)")) == true
    }

    /// Only a tombstone of the event's own `network` counts: no network's tombstone reaches
    /// into another (issue 18).
    static func erasingRequest(
        _ db: Database, contributionId: String, pseudonym: String, causalContext: VersionVector, network: ReplicaNetwork
    ) throws -> String? {
        let rows = try Row.fetchAll(
            db.cachedStatement(sql: "SELECT * FROM tombstone WHERE contribution_id = ? OR (pseudonym = ? AND contribution_id IS NULL)"),
            arguments: [contributionId, pseudonym])
        for row in rows {
            let (id, tombstone) = decode(row)
            guard network.contains(origin: id.origin) else { continue }
            if tombstone.covers(tombstoneId: id, pseudonym: pseudonym, contributionId: contributionId, causalContext: causalContext) {
                return tombstone.requestId
            }
        }
        return nil
    }

    /// The not yet erased contribution events a tombstone covers, as (origin, seq, contribution id).
    static func coveredEvents(_ db: Database, tombstone: ErasureTombstone, id: EventID) throws -> [(String, Int64, String)] {
        // A contribution tombstone looks at that id; a deployment tombstone at the pseudonym.
        let (column, key): (String, String)
        if let contributionId = tombstone.contributionId {
            (column, key) = ("contribution_id", contributionId)
        } else if let pseudonym = tombstone.pseudonym {
            (column, key) = ("pseudonym", pseudonym)
        } else {
            return []
        }
        let rows = try Row.fetchAll(
            db.cachedStatement(
                sql: """
                    SELECT ce.origin, ce.seq, ce.contribution_id, ce.pseudonym, e.causal_context FROM contribution_event ce
                    JOIN event e ON e.origin = ce.origin AND e.seq = ce.seq
                    WHERE ce.\(column) = ? AND ce.erased_by IS NULL
                    """), arguments: [key])
        var covered: [(String, Int64, String)] = []
        for row in rows {
            let context = try VersionVector.decode(storedJSON: row[4])
            if tombstone.covers(tombstoneId: id, pseudonym: row[3], contributionId: row[2], causalContext: context) {
                covered.append((row[0], row[1], row[2]))
            }
        }
        return covered
    }

    /// `date` as the text `purge_due_at` is compared with: one millisecond later, so a due
    /// time parsed back from its own text (which may lose a fraction of a millisecond) counts
    /// as reached.
    static func dueText(_ date: Date) -> String {
        Timestamps.iso8601(date.addingTimeInterval(0.001))
    }

    static func decode(_ row: Row) -> (EventID, ErasureTombstone) {
        (
            EventID(origin: row["origin"], seq: UInt64(row["seq"] as Int64)),
            ErasureTombstone(
                requestId: row["request_id"], pseudonym: row["pseudonym"], contributionId: row["contribution_id"],
                requestedAt: row["requested_at"], purgeDueAt: row["purge_due_at"], legalDeadline: row["legal_deadline"],
                reason: row["reason"])
        )
    }
}
