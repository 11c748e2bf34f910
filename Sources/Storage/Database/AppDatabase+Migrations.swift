import GRDB

extension AppDatabase {
    /// Schema history. Replication, erasure and the signed log extend these tables; events are
    /// the model from the first migration, so sync adds transport, not a new shape.
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1-events") { db in
            try db.execute(
                sql: """
                    CREATE TABLE gateway_meta (
                        key TEXT PRIMARY KEY,
                        value TEXT NOT NULL
                    ) WITHOUT ROWID;

                    -- Every replicated event. payload is NULL once an event is a stub (purged or quarantined).
                    CREATE TABLE event (
                        origin TEXT NOT NULL,
                        seq INTEGER NOT NULL,
                        hlc_wall INTEGER NOT NULL,
                        hlc_logical INTEGER NOT NULL,
                        kind TEXT NOT NULL,
                        causal_context TEXT NOT NULL,
                        content_hash TEXT NOT NULL,
                        payload BLOB,
                        state TEXT NOT NULL DEFAULT 'live',
                        PRIMARY KEY (origin, seq)
                    );

                    -- Highest contiguous seq seen per origin.
                    CREATE TABLE version_vector (
                        origin TEXT PRIMARY KEY,
                        seq INTEGER NOT NULL
                    ) WITHOUT ROWID;

                    -- Projection: the live contributions, pointing at the event that holds their record.
                    CREATE TABLE contribution (
                        contribution_id TEXT PRIMARY KEY,
                        pattern_id TEXT NOT NULL,
                        pseudonym TEXT NOT NULL,
                        request_digest TEXT NOT NULL,
                        origin TEXT NOT NULL,
                        seq INTEGER NOT NULL
                    ) WITHOUT ROWID;
                    CREATE INDEX contribution_by_pseudonym ON contribution(pseudonym);
                    CREATE INDEX contribution_by_pattern ON contribution(pattern_id);

                    -- Projection: consent changes per pseudonym, pointing at their events.
                    CREATE TABLE consent_change (
                        origin TEXT NOT NULL,
                        seq INTEGER NOT NULL,
                        pseudonym TEXT NOT NULL,
                        PRIMARY KEY (origin, seq)
                    ) WITHOUT ROWID;
                    CREATE INDEX consent_change_by_pseudonym ON consent_change(pseudonym);

                    -- Bearer tokens: only SHA-256 of the secret part is kept.
                    CREATE TABLE token (
                        id TEXT PRIMARY KEY,
                        secret_hash BLOB NOT NULL,
                        role TEXT NOT NULL,
                        pseudonym TEXT,
                        created_at TEXT NOT NULL,
                        revoked_at TEXT
                    ) WITHOUT ROWID;

                    -- Audit rows, written in the same transaction as the change they record.
                    CREATE TABLE audit_entry (
                        seq INTEGER PRIMARY KEY AUTOINCREMENT,
                        at TEXT NOT NULL,
                        actor_role TEXT NOT NULL,
                        actor TEXT NOT NULL,
                        action TEXT NOT NULL,
                        subject TEXT,
                        details TEXT NOT NULL
                    );
                    """)
        }
        registerAuditLogMigrations(&migrator)
        registerErasureMigrations(&migrator)
        registerPeerTrustMigrations(&migrator)
        registerRankerMigrations(&migrator)
        TokenPlanStore.registerMigrations(&migrator)
        registerStatsMigrations(&migrator)
        registerOrganizationMigration(&migrator)
        registerRankerNetworkMigration(&migrator)
        registerMembershipMigration(&migrator)
        registerAuditSegmentMigrations(&migrator)
        registerAuditWitnessMigration(&migrator)
        return migrator
    }
}
