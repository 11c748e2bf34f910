import GRDB

extension AppDatabase {
    /// Hostile peers (issue 13): every event carries its origin's Ed25519 signature; each
    /// gateway's identity key is pinned; refused events are recorded (never their payload).
    static func registerPeerTrustMigrations(_ migrator: inout DatabaseMigrator) {
        migrator.registerMigration("v4-peer-trust") { db in
            try db.execute(sql: """
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
    }
}
