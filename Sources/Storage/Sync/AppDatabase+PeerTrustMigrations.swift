import GRDB

extension AppDatabase {
    /// Hostile peers (issue 13): every event carries its origin's Ed25519 signature; each
    /// gateway's identity key is pinned; refused events are recorded (never their payload).
    static func registerPeerTrustMigrations(_ migrator: inout DatabaseMigrator) {
        migrator.registerMigration("v4-peer-trust") { db in
            try db.execute(
                sql: """
                    -- The origin's signature over (origin, seq, content hash), hex; NULL for events
                    -- stored before signatures existed (see docs/replication.md).
                    ALTER TABLE event ADD COLUMN signature TEXT;

                    -- Identity keys of gateways, pinned on first sight and never replaced silently.
                    -- source: self, direct (the gateway itself presented it) or relayed (a peer named it).
                    CREATE TABLE gateway_key (
                        gateway TEXT PRIMARY KEY,
                        public_key TEXT NOT NULL,
                        source TEXT NOT NULL,
                        pinned_at TEXT NOT NULL,
                        pinned_via TEXT NOT NULL
                    ) WITHOUT ROWID;

                    -- A different key presented for a pinned gateway: refused, kept for the sync status.
                    CREATE TABLE gateway_key_conflict (
                        gateway TEXT NOT NULL,
                        public_key TEXT NOT NULL,
                        reported_by TEXT NOT NULL,
                        first_seen TEXT NOT NULL,
                        last_seen TEXT NOT NULL,
                        times INTEGER NOT NULL,
                        PRIMARY KEY (gateway, public_key, reported_by)
                    ) WITHOUT ROWID;

                    -- Events refused without being stored or counted as received: a bad or missing
                    -- origin signature, a stub of a kind that must never lose its payload, a
                    -- non-contribution payload that failed validation. No payload is kept.
                    CREATE TABLE event_refusal (
                        origin TEXT NOT NULL,
                        seq INTEGER NOT NULL,
                        content_hash TEXT NOT NULL,
                        reason TEXT NOT NULL,
                        kind TEXT NOT NULL,
                        peer TEXT NOT NULL,
                        first_seen TEXT NOT NULL,
                        last_seen TEXT NOT NULL,
                        times INTEGER NOT NULL,
                        PRIMARY KEY (origin, seq, content_hash, reason)
                    ) WITHOUT ROWID;
                    """)
        }
        migrator.registerMigration("v4-erasure-attestations") { db in
            // An officer's statement that a retired gateway's data dir was destroyed (issue 21).
            try db.execute(
                sql: """
                    CREATE TABLE erasure_attestation (
                        request_id TEXT NOT NULL,
                        gateway TEXT NOT NULL,
                        attested_at TEXT NOT NULL,
                        reason TEXT NOT NULL,
                        origin TEXT NOT NULL,
                        seq INTEGER NOT NULL,
                        PRIMARY KEY (request_id, gateway)
                    ) WITHOUT ROWID;
                    """)
        }
        migrator.registerMigration("v4-network-tokens") { db in
            // One token for the network (issue 21). published: 0 waits for the running gateway to
            // publish a token.issued event, 1 is published (or came from one), -1 is a token made
            // before this change: it stays valid on its own gateway only.
            try db.execute(
                sql: """
                    ALTER TABLE token ADD COLUMN published INTEGER NOT NULL DEFAULT 0;
                    ALTER TABLE token ADD COLUMN revocation_published INTEGER NOT NULL DEFAULT 0;
                    UPDATE token SET published = -1;
                    CREATE TABLE token_revocation (
                        id TEXT PRIMARY KEY,
                        revoked_at TEXT NOT NULL
                    ) WITHOUT ROWID;
                    """)
        }
        migrator.registerMigration("v4-superseded-revisions") { db in
            // Rectification forgets (issue 21): a version that lost last-writer-wins is hidden
            // at once (state 'superseded', synced as a stub) and its payload purged once the
            // purge date counted from the winning version's clock has passed.
            try db.execute(
                sql: """
                    ALTER TABLE contribution_event ADD COLUMN superseded_at INTEGER;
                    UPDATE contribution_event SET superseded_at = (
                        SELECT w.hlc_wall FROM contribution c JOIN contribution_event w ON w.origin = c.origin AND w.seq = c.seq
                        WHERE c.contribution_id = contribution_event.contribution_id)
                    WHERE erased_by IS NULL AND NOT EXISTS (
                        SELECT 1 FROM contribution c WHERE c.contribution_id = contribution_event.contribution_id
                        AND c.origin = contribution_event.origin AND c.seq = contribution_event.seq)
                    AND EXISTS (SELECT 1 FROM contribution c WHERE c.contribution_id = contribution_event.contribution_id);
                    UPDATE event SET state = 'superseded' WHERE state = 'live' AND (origin, seq) IN (
                        SELECT origin, seq FROM contribution_event WHERE superseded_at IS NOT NULL);
                    """)
        }
    }
}
