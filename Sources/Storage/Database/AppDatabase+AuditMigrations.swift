import AuditLog
import Foundation
import GRDB

extension AppDatabase {
    /// The signed audit log (issue 6) on top of the first migration's `audit_entry` table.
    ///
    /// - `audit_entry.line`: the entry's canonical JSON line, the only bytes the Merkle tree hashes;
    ///   `audit_entry.leaf_hash`: `SHA-256(0x00 || line)`, so proofs read hashes, not lines.
    ///   Leaf index = `seq - 1` (the table's INTEGER PRIMARY KEY starts at 1; the line's `"seq"` starts at 0).
    /// - `audit_tree`: one row, the serialized `MerkleFrontier` of every entry so far. Appends read and
    ///   write it inside the change's (immediate) write transaction.
    /// - `audit_node`: roots of the perfect subtrees of 1,024 leaves and more, for proofs.
    /// - `audit_checkpoint`: every signed checkpoint (C2SP signed note) by tree size.
    /// - `peer_audit`: each peer gateway's pinned audit key and the latest checkpoint it presented.
    ///
    /// Rows written before this migration are re-encoded as canonical lines in seq order.
    static func registerAuditLogMigrations(_ migrator: inout DatabaseMigrator) {
        migrator.registerMigration("v2-signed-audit-log") { db in
            try db.execute(
                sql: """
                    ALTER TABLE audit_entry ADD COLUMN line BLOB;
                    ALTER TABLE audit_entry ADD COLUMN leaf_hash BLOB;

                    CREATE TABLE audit_tree (
                        id INTEGER PRIMARY KEY CHECK (id = 1),
                        frontier BLOB NOT NULL
                    );

                    -- Roots of the perfect subtrees of 2^10 leaves and more (level = log2 of the
                    -- leaf count, idx = first leaf / leaf count), so proofs read O(log n) rows.
                    CREATE TABLE audit_node (
                        level INTEGER NOT NULL,
                        idx INTEGER NOT NULL,
                        hash BLOB NOT NULL,
                        PRIMARY KEY (level, idx)
                    ) WITHOUT ROWID;

                    CREATE TABLE audit_checkpoint (
                        size INTEGER PRIMARY KEY,
                        note TEXT NOT NULL,
                        at TEXT NOT NULL
                    );

                    CREATE TABLE peer_audit (
                        gateway TEXT PRIMARY KEY,
                        public_key BLOB NOT NULL,
                        size INTEGER NOT NULL,
                        root BLOB NOT NULL,
                        note TEXT NOT NULL,
                        seen_at TEXT NOT NULL,
                        recorded_at TEXT NOT NULL,
                        alert TEXT,
                        alert_at TEXT
                    ) WITHOUT ROWID;
                    """)
            var frontier = MerkleFrontier()
            let rows = try Row.fetchAll(db, sql: "SELECT * FROM audit_entry ORDER BY seq")
            for row in rows {
                let oldSeq: Int64 = row["seq"]
                let leaf = frontier.size
                let entry = try AuditEntry(
                    seq: leaf, time: Self.canonicalTime(row["at"]), actorRole: Self.nonEmpty(row["actor_role"]),
                    actorId: Self.nonEmpty(row["actor"]), action: Self.nonEmpty(row["action"]),
                    subject: (row["subject"] as String?).flatMap { $0.isEmpty ? nil : $0 },
                    details: Self.auditValues(fromJSON: row["details"]))
                let line = entry.canonicalLine()
                let hash = MerkleTree.leafHash(line)
                try AuditLogStore.appendLeaf(db, hash, to: &frontier)
                // Old sequences are contiguous from 1 (AUTOINCREMENT, never deleted); renumber if not.
                try db.execute(
                    sql: "UPDATE audit_entry SET seq = ?, at = ?, line = ?, leaf_hash = ? WHERE seq = ?",
                    arguments: [Int64(leaf) + 1, entry.time, Data(line), Data(hash.bytes), oldSeq])
            }
            try db.execute(sql: "INSERT INTO audit_tree(id, frontier) VALUES (1, ?)", arguments: [Data(frontier.serialized)])
        }
    }

    private static func nonEmpty(_ text: String) -> String { text.isEmpty ? "-" : text }

    /// Re-spells a stored ISO 8601 time as `YYYY-MM-DDTHH:MM:SS.mmmZ`.
    static func canonicalTime(_ text: String) -> String {
        if let date = try? Date(text, strategy: Date.ISO8601FormatStyle(includingFractionalSeconds: true)) {
            return AuditEntry.timestamp(date)
        }
        if let date = try? Date(text, strategy: Date.ISO8601FormatStyle()) { return AuditEntry.timestamp(date) }
        return AuditEntry.timestamp(Date(timeIntervalSince1970: 0))
    }

    /// The JSON details of a pre-v2 row: strings, integers and string arrays.
    static func auditValues(fromJSON text: String) -> [String: AuditValue] {
        guard let object = (try? JSONSerialization.jsonObject(with: Data(text.utf8))) as? [String: Any] else { return [:] }
        var values: [String: AuditValue] = [:]
        for (key, value) in object {
            switch value {
            case let text as String: values[key] = .text(text)
            case let number as NSNumber: values[key] = .count(number.intValue)
            case let list as [String]: values[key] = .list(list)
            default: continue
            }
        }
        return values
    }
}

extension AppDatabase {
    /// Segments (issue 19): the log becomes a chain of RFC 9162 trees, one per segment.
    ///
    /// - `audit_segment`: one row per segment in chain order (`id`), with its `name`, its checkpoint
    ///   `origin` and key (fixed at its first checkpoint, or at its opening), `first_row` (the
    ///   `audit_entry.seq` of its leaf 0), its serialized frontier, when it opened, was sealed and
    ///   retired, and for a retired one what stays (`retired_line`, the export's `retired` line).
    ///   The open segment is the one with the largest id.
    /// - `audit_node` and `audit_checkpoint` gain a `segment` column (rebuilt: it joins their keys).
    /// - `audit_tree` goes: its frontier becomes the first segment's.
    ///
    /// The existing log becomes the first segment, named after the UTC year of its first entry,
    /// with the origin and key fingerprint its checkpoints were signed with: saved checkpoints
    /// still verify.
    static func registerAuditSegmentMigrations(_ migrator: inout DatabaseMigrator) {
        migrator.registerMigration("v7-audit-segments") { db in
            let frontier = try Data.fetchOne(db, sql: "SELECT frontier FROM audit_tree WHERE id = 1") ?? Data(MerkleFrontier().serialized)
            let firstTime = try String.fetchOne(db, sql: "SELECT at FROM audit_entry ORDER BY seq LIMIT 1") ?? AuditEntry.timestamp(Date())
            let origin = try String.fetchOne(db, sql: "SELECT value FROM gateway_meta WHERE key = 'audit_origin'")
            let fingerprint = try String.fetchOne(db, sql: "SELECT value FROM gateway_meta WHERE key = 'audit_key_fingerprint'")
            try db.execute(
                sql: """
                    CREATE TABLE audit_segment (
                        id INTEGER PRIMARY KEY,
                        name TEXT NOT NULL UNIQUE,
                        origin TEXT,
                        key_fingerprint TEXT,
                        public_key BLOB,
                        first_row INTEGER NOT NULL,
                        frontier BLOB NOT NULL,
                        opened_at TEXT NOT NULL,
                        sealed_at TEXT,
                        retired_at TEXT,
                        retired_line TEXT
                    );

                    CREATE TABLE audit_node_v7 (
                        segment INTEGER NOT NULL,
                        level INTEGER NOT NULL,
                        idx INTEGER NOT NULL,
                        hash BLOB NOT NULL,
                        PRIMARY KEY (segment, level, idx)
                    ) WITHOUT ROWID;
                    INSERT INTO audit_node_v7(segment, level, idx, hash) SELECT 1, level, idx, hash FROM audit_node;
                    DROP TABLE audit_node;
                    ALTER TABLE audit_node_v7 RENAME TO audit_node;

                    CREATE TABLE audit_checkpoint_v7 (
                        segment INTEGER NOT NULL,
                        size INTEGER NOT NULL,
                        note TEXT NOT NULL,
                        at TEXT NOT NULL,
                        PRIMARY KEY (segment, size)
                    ) WITHOUT ROWID;
                    INSERT INTO audit_checkpoint_v7(segment, size, note, at) SELECT 1, size, note, at FROM audit_checkpoint;
                    DROP TABLE audit_checkpoint;
                    ALTER TABLE audit_checkpoint_v7 RENAME TO audit_checkpoint;

                    DROP TABLE audit_tree;
                    DELETE FROM gateway_meta WHERE key IN ('audit_origin', 'audit_key_fingerprint');
                    """)
            try db.execute(
                sql: """
                    INSERT INTO audit_segment(id, name, origin, key_fingerprint, first_row, frontier, opened_at)
                    VALUES (1, ?, ?, ?, 1, ?, ?)
                    """, arguments: [String(firstTime.prefix(4)), origin, fingerprint, frontier, firstTime])
        }
    }
}
