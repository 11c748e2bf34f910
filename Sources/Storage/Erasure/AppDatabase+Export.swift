import Foundation
import GRDB
import PatternCore
package import Replication

/// One contribution event of a data subject as this gateway stores it.
package struct ExportedContributionEvent: Sendable, Hashable {
    package var contributionId: String
    package var event: EventID
    package var kind: EventKind
    /// `live`, `erased` (hidden, payload kept until purge) or `purged` (payload gone).
    package var state: String
    package var recordedAtMillis: UInt64
    package var erasedBy: String?
    package var payload: ContributionAdded?
    /// The version search currently serves.
    package var current: Bool
    /// When a rectification replaced this version (the winning version's clock), if it did.
    package var supersededAtMillis: UInt64?
}

/// An audit row about a data subject.
package struct ExportedAuditEntry: Sendable, Hashable, Codable {
    package var at: String
    package var actorRole: String
    package var action: String
    package var details: String
}

extension AppDatabase {
    /// Every contribution event of `pseudonym` held here, oldest first.
    package func contributionEvents(pseudonym: String) async throws -> [ExportedContributionEvent] {
        try await read { db in
            try Row.fetchAll(
                db.cachedStatement(
                    sql: """
                        SELECT ce.contribution_id, ce.origin, ce.seq, ce.hlc_wall, ce.erased_by, ce.superseded_at, e.kind, e.state, e.payload,
                               (c.origin IS NOT NULL) AS current
                        FROM contribution_event ce JOIN event e ON e.origin = ce.origin AND e.seq = ce.seq
                        LEFT JOIN contribution c ON c.contribution_id = ce.contribution_id AND c.origin = ce.origin AND c.seq = ce.seq
                        WHERE ce.pseudonym = ? ORDER BY ce.hlc_wall, ce.hlc_logical, ce.origin, ce.seq
                        """), arguments: [pseudonym]
            ).map { row in
                let payload: Data? = row["payload"]
                return ExportedContributionEvent(
                    contributionId: row["contribution_id"], event: EventID(origin: row["origin"], seq: UInt64(row["seq"] as Int64)),
                    kind: EventKind(rawValue: row["kind"]) ?? .contributionAdded, state: row["state"],
                    recordedAtMillis: UInt64(row["hlc_wall"] as Int64), erasedBy: row["erased_by"],
                    payload: try payload.map { try ContributionPayloadDecoder.decode($0) }, current: row["current"],
                    supersededAtMillis: (row["superseded_at"] as Int64?).map { UInt64($0) })
            }
        }
    }

    /// Audit rows whose subject or actor is `pseudonym`, oldest first.
    package func auditEntries(about pseudonym: String) async throws -> [ExportedAuditEntry] {
        try await read { db in
            try Row.fetchAll(
                db.cachedStatement(sql: "SELECT at, actor_role, action, details FROM audit_entry WHERE subject = ? OR actor = ? ORDER BY seq"),
                arguments: [pseudonym, pseudonym]
            ).map { ExportedAuditEntry(at: $0[0], actorRole: $0[1], action: $0[2], details: $0[3]) }
        }
    }

    /// Gateways this one knows of: every origin it holds events of.
    package func knownOrigins() async throws -> [String] {
        try await read { try String.fetchAll($0, sql: "SELECT origin FROM version_vector ORDER BY origin") }
    }
}
