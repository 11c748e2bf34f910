import Foundation
import GRDB
package import PatternCore
import Replication

/// The outcome of `token plan`: what the officer's command changed, if anything.
package enum TokenPlanChange: Sendable, Equatable {
    /// The plan changed from `previous`; the running gateway publishes it to the network.
    case changed(previous: String)
    /// The token already had this plan: nothing written.
    case unchanged
    /// No active deployment token has this id (officer and auditor tokens have no plan).
    case noSuchToken
}

extension AppDatabase {
    /// A deployment token's plan from now on (issue 17): `token plan ID --plan P`, offline on the
    /// data dir like `token create`. The change and its audit entry commit together; the
    /// running gateway publishes it as `token.plan_changed`, so it holds on every gateway.
    package func setTokenPlan(id: String, plan: Plan, actor: AuditActor) async throws -> TokenPlanChange {
        try await write { db in
            guard
                let previous = try String.fetchOne(
                    db, sql: "SELECT plan FROM token WHERE id = ? AND role = 'deployment' AND revoked_at IS NULL", arguments: [id])
            else { return .noSuchToken }
            guard previous != plan.rawValue else { return .unchanged }
            // A published token's change waits for the running gateway to publish it; an
            // unpublished token's token.issued carries the plan it has then.
            try db.run(
                "UPDATE token SET plan = ?, plan_published = CASE WHEN published = 1 THEN 0 ELSE 1 END WHERE id = ?",
                [plan.rawValue, id])
            try AuditWriter.append(
                db,
                AuditRecord(
                    actor: actor, action: "token.plan_changed",
                    details: ["token": .text(id), "plan": .text(plan.rawValue), "previous": .text(previous)]))
            return .changed(previous: previous)
        }
    }
}

/// Plans on network tokens: a last-writer-wins register per token, by HLC then origin then
/// seq, so every gateway settles on the same plan whatever order the changes arrive in.
enum TokenPlanStore {
    static func registerMigrations(_ migrator: inout DatabaseMigrator) {
        migrator.registerMigration("v6-token-plans") { db in
            // plan: a deployment token's current plan (NULL for officers and auditors);
            // plan_published: 0 while a change made here waits for the running gateway.
            // token_plan_change: the newest plan change seen per token, also for a token whose
            // token.issued has not arrived yet.
            try db.execute(
                sql: """
                    ALTER TABLE token ADD COLUMN plan TEXT;
                    ALTER TABLE token ADD COLUMN plan_published INTEGER NOT NULL DEFAULT 1;
                    UPDATE token SET plan = 'free' WHERE role = 'deployment';
                    CREATE TABLE token_plan_change (
                        id TEXT PRIMARY KEY,
                        plan TEXT NOT NULL,
                        hlc_wall INTEGER NOT NULL,
                        hlc_logical INTEGER NOT NULL,
                        origin TEXT NOT NULL,
                        seq INTEGER NOT NULL
                    ) WITHOUT ROWID;
                    """)
        }
    }

    /// The plan a received `token.issued` starts with: the newest change already seen for
    /// it, else the event's plan, else `free` for a deployment token made before plans.
    static func initialPlan(_ db: Database, _ token: TokenIssued) throws -> String? {
        guard token.role == "deployment" else { return nil }
        if let changed = try String.fetchOne(
            db.cachedStatement(sql: "SELECT plan FROM token_plan_change WHERE id = ?"), arguments: [token.tokenId])
        {
            return changed
        }
        return token.plan ?? Plan.free.rawValue
    }

    /// Applies a `token.plan_changed` event (received, or made here by `publishChanges`):
    /// the register keeps the newest; the token takes it unless a change made here is still
    /// waiting to be published (that one is newer than anything this gateway has seen).
    static func apply(_ db: Database, _ event: Event, _ change: TokenPlanChanged) throws {
        try db.run(
            """
            INSERT INTO token_plan_change(id, plan, hlc_wall, hlc_logical, origin, seq) VALUES (?, ?, ?, ?, ?, ?)
            ON CONFLICT(id) DO UPDATE SET plan = excluded.plan, hlc_wall = excluded.hlc_wall,
                hlc_logical = excluded.hlc_logical, origin = excluded.origin, seq = excluded.seq
            WHERE (excluded.hlc_wall, excluded.hlc_logical, excluded.origin, excluded.seq)
                > (token_plan_change.hlc_wall, token_plan_change.hlc_logical, token_plan_change.origin, token_plan_change.seq)
            """,
            [change.tokenId, change.plan, Int64(event.hlc.wallMillis), Int64(event.hlc.logical), event.id.origin, Int64(event.id.seq)])
        guard db.changesCount > 0 else { return }
        try db.run(
            "UPDATE token SET plan = ? WHERE id = ? AND role = 'deployment' AND plan_published = 1", [change.plan, change.tokenId])
    }

    /// Publishes the plan changes made here since the last call; returns how many.
    static func publishChanges(
        _ db: Database, signer: GatewaySigningKey?, origin: String, stamp: @Sendable () -> HLCTimestamp
    ) throws -> Int {
        var made = 0
        for row in try Row.fetchAll(db, sql: "SELECT id, plan FROM token WHERE published = 1 AND plan_published = 0 ORDER BY id") {
            try db.run("UPDATE token SET plan_published = 1 WHERE id = ?", [row["id"] as String])
            let change = TokenPlanChanged(tokenId: row["id"], plan: row["plan"], changedAt: Timestamps.iso8601(Date()))
            _ = try EventStore.appendProjected(db, signer: signer, origin: origin, hlc: stamp(), kind: .tokenPlanChanged, payload: change)
            made += 1
        }
        return made
    }
}
