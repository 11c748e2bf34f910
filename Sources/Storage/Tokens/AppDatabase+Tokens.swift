import Foundation
import GRDB

/// A bearer token as stored: never the secret, only its SHA-256.
public struct TokenRecord: Sendable, Hashable, Codable {
    public var id: String
    public var role: String
    /// The deployment's pseudonym, for deployment tokens.
    public var pseudonym: String?
    public var createdAt: String
    public var revokedAt: String?
}

extension AppDatabase {
    public func createToken(id: String, secretHash: Data, role: String, pseudonym: String?, actor: AuditActor) async throws -> TokenRecord {
        try await write { db in
            let now = Timestamps.iso8601(Date())
            try db.execute(
                sql: "INSERT INTO token(id, secret_hash, role, pseudonym, created_at) VALUES (?, ?, ?, ?, ?)",
                arguments: [id, secretHash, role, pseudonym, now])
            try AuditWriter.append(
                db, AuditRecord(actor: actor, action: "token.created", subject: pseudonym, details: ["token": .text(id), "role": .text(role)]))
            return TokenRecord(id: id, role: role, pseudonym: pseudonym, createdAt: now, revokedAt: nil)
        }
    }

    public func tokens() async throws -> [TokenRecord] {
        try await read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM token ORDER BY created_at, id").map(Self.tokenRecord)
        }
    }

    /// Revokes a token; false when no active token has that id.
    public func revokeToken(id: String, actor: AuditActor) async throws -> Bool {
        try await write { db in
            try db.execute(
                sql: "UPDATE token SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL", arguments: [Timestamps.iso8601(Date()), id])
            guard db.changesCount > 0 else { return false }
            try AuditWriter.append(db, AuditRecord(actor: actor, action: "token.revoked", details: ["token": .text(id)]))
            return true
        }
    }

    /// The active token with `id` and its secret hash, for the caller to compare in constant time.
    public func activeToken(id: String) async throws -> (record: TokenRecord, secretHash: Data)? {
        try await read { db in
            guard let row = try Row.fetchOne(db, sql: "SELECT * FROM token WHERE id = ? AND revoked_at IS NULL", arguments: [id])
            else { return nil }
            return (Self.tokenRecord(row), row["secret_hash"])
        }
    }

    private static func tokenRecord(_ row: Row) -> TokenRecord {
        TokenRecord(id: row["id"], role: row["role"], pseudonym: row["pseudonym"], createdAt: row["created_at"], revokedAt: row["revoked_at"])
    }
}
