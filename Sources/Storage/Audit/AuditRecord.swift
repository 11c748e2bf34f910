public import Foundation
import GRDB

/// Who acted, as the audit log names them: a role and a pseudonym or token id, never a raw id.
public struct AuditActor: Sendable, Hashable {
    public var role: String
    public var id: String

    public init(role: String, id: String) {
        self.role = role
        self.id = id
    }

    /// The gateway itself (start-up, replication, purge) or an offline command on the data dir.
    public static let system = AuditActor(role: "system", id: "gateway")
    public static let cli = AuditActor(role: "operator", id: "cli")
}

/// One audit row. Details hold ids and counts only; the signed log hashes each as a canonical line.
public struct AuditRecord: Sendable, Hashable {
    public var actor: AuditActor
    public var action: String
    public var subject: String?
    public var details: [String: AuditDetail]

    public init(actor: AuditActor, action: String, subject: String? = nil, details: [String: AuditDetail] = [:]) {
        self.actor = actor
        self.action = action
        self.subject = subject
        self.details = details
    }
}

public enum AuditDetail: Sendable, Hashable, Codable {
    case text(String)
    case count(Int)
    case list([String])

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let value = try? container.decode(Int.self) {
            self = .count(value)
        } else if let value = try? container.decode([String].self) {
            self = .list(value)
        } else {
            self = .text(try container.decode(String.self))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .text(let value): try container.encode(value)
        case .count(let value): try container.encode(value)
        case .list(let value): try container.encode(value)
        }
    }
}

/// A stored audit row as read back.
public struct StoredAuditEntry: Sendable, Hashable, Codable {
    public var seq: Int64
    public var at: String
    public var actorRole: String
    public var actor: String
    public var action: String
    public var subject: String?
    public var details: String
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
    public func appendAudit(_ record: AuditRecord) async throws {
        try await write { try AuditWriter.append($0, record) }
    }

    public func auditEntries(after seq: Int64 = 0, limit: Int = 1000) async throws -> [StoredAuditEntry] {
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
public enum Timestamps {
    public static func iso8601(_ date: Date) -> String {
        date.formatted(Date.ISO8601FormatStyle(includingFractionalSeconds: true))
    }
}
