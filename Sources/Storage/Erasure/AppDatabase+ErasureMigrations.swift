import GRDB

extension AppDatabase {
    /// Erasure, rectification and retirement: which contribution events a tombstone covers,
    /// the tombstones themselves (kept for good), purges per gateway, retired gateways.
    static func registerErasureMigrations(_ migrator: inout DatabaseMigrator) {
        migrator.registerMigration("v2-erasure") { db in
            try db.execute(
                sql: """
                    -- Every contribution event (added or revised), so a tombstone finds all revisions.
                    -- erased_by names the erasure request once the event is covered.
                    CREATE TABLE contribution_event (
                        origin TEXT NOT NULL,
                        seq INTEGER NOT NULL,
                        contribution_id TEXT NOT NULL,
                        pseudonym TEXT NOT NULL,
                        hlc_wall INTEGER NOT NULL,
                        hlc_logical INTEGER NOT NULL,
                        erased_by TEXT,
                        PRIMARY KEY (origin, seq)
                    ) WITHOUT ROWID;
                    CREATE INDEX contribution_event_by_pseudonym ON contribution_event(pseudonym);
                    CREATE INDEX contribution_event_by_contribution ON contribution_event(contribution_id);
                    CREATE INDEX contribution_event_by_request ON contribution_event(erased_by) WHERE erased_by IS NOT NULL;

                    INSERT INTO contribution_event(origin, seq, contribution_id, pseudonym, hlc_wall, hlc_logical)
                    SELECT origin, seq, json_extract(CAST(payload AS TEXT), '$.contributionId'),
                           json_extract(CAST(payload AS TEXT), '$.pseudonym'), hlc_wall, hlc_logical
                    FROM event WHERE kind = 'contribution.added' AND payload IS NOT NULL;

                    -- Erasure tombstones: pseudonymous identifiers and dates only; never deleted.
                    CREATE TABLE tombstone (
                        origin TEXT NOT NULL,
                        seq INTEGER NOT NULL,
                        request_id TEXT NOT NULL,
                        pseudonym TEXT,
                        contribution_id TEXT,
                        requested_at TEXT NOT NULL,
                        purge_due_at TEXT NOT NULL,
                        legal_deadline TEXT NOT NULL,
                        reason TEXT NOT NULL,
                        PRIMARY KEY (origin, seq)
                    ) WITHOUT ROWID;
                    CREATE INDEX tombstone_by_request ON tombstone(request_id);
                    CREATE INDEX tombstone_by_pseudonym ON tombstone(pseudonym);
                    CREATE INDEX tombstone_by_contribution ON tombstone(contribution_id);

                    -- erasure.purged events: which gateway purged which request, and when.
                    CREATE TABLE erasure_purge (
                        request_id TEXT NOT NULL,
                        gateway TEXT NOT NULL,
                        purged_at TEXT NOT NULL,
                        events INTEGER NOT NULL,
                        PRIMARY KEY (request_id, gateway)
                    ) WITHOUT ROWID;

                    CREATE TABLE retired_gateway (
                        gateway TEXT PRIMARY KEY,
                        retired_at TEXT NOT NULL
                    ) WITHOUT ROWID;
                    """)
        }
    }
}
