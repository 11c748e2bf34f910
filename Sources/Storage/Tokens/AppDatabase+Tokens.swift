package import Foundation
import GRDB
import PatternCore
package import Replication

/// A bearer token as stored: never the secret, only its SHA-256.
package struct TokenRecord: Sendable, Hashable, Codable {
    package var id: String
    package var role: String
    /// The deployment's pseudonym, for deployment tokens.
    package var pseudonym: String?
    package var createdAt: String
    package var revokedAt: String?
    /// `network` once published to every gateway (or received from one), `pending` until the
    /// running gateway publishes it, `local` for a token made before network tokens.
    package var scope: String = "pending"
    /// A deployment token's plan (`free`, `pro`, `enterprise`); nil for officers and auditors.
    package var plan: String?
    /// The organization (and private network) an enterprise deployment token belongs to.
    package var organization: String? = nil
    /// The private networks that vouched for this token (`network.member` events, issue 18).
    package var networks: [String]? = nil
}

extension AppDatabase {
    /// Stores a new token; `plan` and `organization` are for deployment tokens only (the
    /// caller checks them).
    package func createToken(
        id: String, secretHash: Data, role: String, pseudonym: String?, plan: String? = nil, organization: String? = nil, actor: AuditActor
    ) async throws -> TokenRecord {
        try await write { db in
            let now = Timestamps.iso8601(Date())
            try db.execute(
                sql: """
                    INSERT INTO token(id, secret_hash, role, pseudonym, created_at, plan, organization, members_published)
                    VALUES (?, ?, ?, ?, ?, ?, ?, 0)
                    """,
                arguments: [id, secretHash, role, pseudonym, now, plan, organization])
            var details: [String: AuditDetail] = ["token": .text(id), "role": .text(role)]
            if let plan { details["plan"] = .text(plan) }
            if let organization { details["organization"] = .text(organization) }
            try AuditWriter.append(db, AuditRecord(actor: actor, action: "token.created", subject: pseudonym, details: details))
            return TokenRecord(
                id: id, role: role, pseudonym: pseudonym, createdAt: now, revokedAt: nil, plan: plan, organization: organization)
        }
    }

    /// Organizations of a deployment's active tokens: the private networks it belongs to.
    package func organizations(pseudonym: String) async throws -> [String] {
        try await read { db in
            try String.fetchAll(
                db.cachedStatement(
                    sql: "SELECT DISTINCT organization FROM token WHERE pseudonym = ? AND organization IS NOT NULL ORDER BY organization"),
                arguments: [pseudonym])
        }
    }

    /// A token's organization column (issue 18), in every token row.
    static func registerOrganizationMigration(_ migrator: inout DatabaseMigrator) {
        migrator.registerMigration("v7-token-organizations") { db in
            try db.execute(sql: "ALTER TABLE token ADD COLUMN organization TEXT")
        }
    }

    /// Private network memberships (issue 18): which tokens each network vouched for, and
    /// which tokens made here still wait for this gateway to vouch for them.
    static func registerMembershipMigration(_ migrator: inout DatabaseMigrator) {
        migrator.registerMigration("v9-network-members") { db in
            try db.execute(
                sql: """
                    CREATE TABLE network_member (
                        network TEXT NOT NULL,
                        token_id TEXT NOT NULL,
                        role TEXT NOT NULL,
                        PRIMARY KEY (network, token_id)
                    ) WITHOUT ROWID;
                    ALTER TABLE token ADD COLUMN members_published INTEGER NOT NULL DEFAULT 1;
                    """)
        }
    }

    /// Vouches, in each private network this gateway hosts (`networks`: name → this gateway's
    /// origin there), for the tokens made on this data dir since the last call: officer and
    /// auditor tokens in every hosted network, a deployment token in its organization's. A
    /// token made elsewhere is never vouched for here, so a gateway of the global network
    /// that does not host a network cannot mint a way into it. Returns the events made.
    package func publishMemberships(networks: [String: String], stamp: @escaping @Sendable () -> HLCTimestamp) async throws -> Int {
        try await write { db in
            var made = 0
            for row in try Row.fetchAll(db, sql: "SELECT id, role, organization FROM token WHERE members_published = 0 ORDER BY created_at, id") {
                let (id, role, organization): (String, String, String?) = (row[0], row[1], row[2])
                for (network, origin) in networks.sorted(by: { $0.key < $1.key })
                where role != "deployment" || organization == network {
                    _ = try EventStore.appendProjected(
                        db, signer: eventSigner, origin: origin, hlc: stamp(), kind: .networkMember, payload: NetworkMember(tokenId: id, role: role))
                    try AuditWriter.append(
                        db, AuditRecord(actor: .system, action: "network.member_added", details: ["token": .text(id), "network": .text(network)]))
                    made += 1
                }
                try db.run("UPDATE token SET members_published = 1 WHERE id = ?", [id])
            }
            return made
        }
    }

    package func tokens() async throws -> [TokenRecord] {
        try await read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM token ORDER BY created_at, id").map(Self.tokenRecord)
        }
    }

    /// Revokes a token; false when no active token has that id.
    package func revokeToken(id: String, actor: AuditActor) async throws -> Bool {
        try await write { db in
            try db.execute(
                sql: "UPDATE token SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL", arguments: [Timestamps.iso8601(Date()), id])
            guard db.changesCount > 0 else { return false }
            try AuditWriter.append(db, AuditRecord(actor: actor, action: "token.revoked", details: ["token": .text(id)]))
            return true
        }
    }

    /// The active token with `id` and its secret hash, for the caller to compare in constant time.
    package func activeToken(id: String) async throws -> (record: TokenRecord, secretHash: Data)? {
        try await read { db in
            guard let row = try Row.fetchOne(db, sql: "SELECT * FROM token WHERE id = ? AND revoked_at IS NULL", arguments: [id])
            else { return nil }
            var record = Self.tokenRecord(row)
            // Only a membership made for the role the token has counts.
            record.networks = try String.fetchAll(
                db, sql: "SELECT network FROM network_member WHERE token_id = ? AND role = ? ORDER BY network", arguments: [id, record.role])
            return (record, row["secret_hash"])
        }
    }

    private static func tokenRecord(_ row: Row) -> TokenRecord {
        let published: Int = row["published"]
        return TokenRecord(
            id: row["id"], role: row["role"], pseudonym: row["pseudonym"], createdAt: row["created_at"], revokedAt: row["revoked_at"],
            scope: published == 1 ? "network" : published == 0 ? "pending" : "local", plan: row["plan"], organization: row["organization"])
    }

    /// Publishes, as events made here, the tokens made on this data dir since the last call
    /// (`token.issued`) and the revocations of published tokens (`token.revoked`), so a token
    /// is valid, and a revocation in force, on every gateway of the network. `token create`
    /// and `token revoke` run offline on the data dir; the running gateway publishes what they
    /// wrote within a second. Returns how many events were made.
    package func publishTokens(origin: String, stamp: @escaping @Sendable () -> HLCTimestamp) async throws -> Int {
        try await write { db in
            var made = 0
            for row in try Row.fetchAll(db, sql: "SELECT * FROM token WHERE published = 0 ORDER BY created_at, id") {
                let secretHash: Data = row["secret_hash"]
                let issued = TokenIssued(
                    tokenId: row["id"], role: row["role"], secretHash: Hex.encode(secretHash), pseudonym: row["pseudonym"],
                    createdAt: row["created_at"], plan: row["plan"], organization: row["organization"])
                _ = try EventStore.appendProjected(db, signer: eventSigner, origin: origin, hlc: stamp(), kind: .tokenIssued, payload: issued)
                try db.run("UPDATE token SET published = 1 WHERE id = ?", [issued.tokenId])
                made += 1
            }
            for row in try Row.fetchAll(
                db, sql: "SELECT id, revoked_at FROM token WHERE published = 1 AND revoked_at IS NOT NULL AND revocation_published = 0")
            {
                let revoked = TokenRevoked(tokenId: row[0], revokedAt: row[1])
                _ = try EventStore.appendProjected(db, signer: eventSigner, origin: origin, hlc: stamp(), kind: .tokenRevoked, payload: revoked)
                made += 1
            }
            made += try TokenPlanStore.publishChanges(db, signer: eventSigner, origin: origin, stamp: stamp)
            if made > 0 {
                try AuditWriter.append(db, AuditRecord(actor: .system, action: "tokens.published", details: ["events": .count(made)]))
            }
            return made
        }
    }
}
