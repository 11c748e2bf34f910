package import Foundation
import GRDB
import Replication

/// Who acted, as the audit log names them: a role and a pseudonym or token id, never a raw id.
package struct AuditActor: Sendable, Hashable {
    package var role: String
    package var id: String

    package init(role: String, id: String) {
        self.role = role
        self.id = id
    }

    /// The gateway itself (start-up, replication, purge) or an offline command on the data dir.
    package static let system = AuditActor(role: "system", id: "gateway")
    package static let cli = AuditActor(role: "operator", id: "cli")
}

/// One audit row. Details hold ids and counts only; the signed log hashes each as a canonical line.
package struct AuditRecord: Sendable, Hashable {
    package var actor: AuditActor
    package var action: String
    package var subject: String?
    package var details: [String: AuditDetail]

    package init(actor: AuditActor, action: String, subject: String? = nil, details: [String: AuditDetail] = [:]) {
        self.actor = actor
        self.action = action
        self.subject = subject
        self.details = details
    }

    /// The record, naming the private network of the event `origin` made (issue 18: one log
    /// per gateway, whose entries name the network); unchanged in the global network.
    package func naming(networkOf origin: String) -> AuditRecord {
        guard let name = ReplicaNetwork(origin: origin).privateName else { return self }
        var named = self
        named.details["network"] = .text(name)
        return named
    }
}

package enum AuditDetail: Sendable, Hashable, Codable {
    case text(String)
    case count(Int)
    case list([String])

    package init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let value = try? container.decode(Int.self) {
            self = .count(value)
        } else if let value = try? container.decode([String].self) {
            self = .list(value)
        } else {
            self = .text(try container.decode(String.self))
        }
    }

    package func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .text(let value): try container.encode(value)
        case .count(let value): try container.encode(value)
        case .list(let value): try container.encode(value)
        }
    }
}

/// A stored audit row as read back.
package struct StoredAuditEntry: Sendable, Hashable, Codable {
    package var seq: Int64
    package var at: String
    package var actorRole: String
    package var actor: String
    package var action: String
    package var subject: String?
    package var details: String
}

enum AuditWriter {
    /// Appends `record` as the next leaf of the signed log (see `AuditLogStore.append`), inside
    /// the caller's write transaction, so the change and its entry commit together.
    static func append(_ db: Database, _ record: AuditRecord, at date: Date = Date()) throws {
        try AuditLogStore.append(db, record, at: date)
    }
}

extension AppDatabase {
    /// Records an event that changes nothing else (gateway started, policy loaded).
    package func appendAudit(_ record: AuditRecord) async throws {
        try await write { try AuditWriter.append($0, record) }
    }

    package func auditEntries(after seq: Int64 = 0, limit: Int = 1000) async throws -> [StoredAuditEntry] {
        try await read { db in
            try Row.fetchAll(
                db.cachedStatement(sql: "SELECT * FROM audit_entry WHERE seq > ? ORDER BY seq LIMIT ?"), arguments: [seq, limit]
            ).map { row in
                StoredAuditEntry(
                    seq: row["seq"], at: row["at"], actorRole: row["actor_role"], actor: row["actor"], action: row["action"],
                    subject: row["subject"], details: row["details"])
            }
        }
    }
}

/// UTC ISO 8601 with milliseconds, the one time format PatternGate writes.
package enum Timestamps {
    package static func iso8601(_ date: Date) -> String {
        date.formatted(Date.ISO8601FormatStyle(includingFractionalSeconds: true))
    }
}
