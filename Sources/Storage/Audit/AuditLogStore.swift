package import AuditLog
import ErrorCodes
package import Foundation
import GRDB

/// The signed log's rows: every append turns an `AuditRecord` into the next canonical line,
/// hashes it as a leaf and advances the stored frontier, all inside the caller's transaction.
enum AuditLogStore {
    static func frontier(_ db: Database) throws -> MerkleFrontier {
        guard let data = try Data.fetchOne(db.cachedStatement(sql: "SELECT frontier FROM audit_tree WHERE id = 1")) else {
            throw StorageError.auditLogCorrupt
        }
        return try MerkleFrontier(serialized: data)
    }

    /// The single writer's step. It must run inside a write transaction (`AppDatabase.write`
    /// begins it IMMEDIATE): the frontier read here is then the latest, and the explicit seq
    /// makes a second writer that somehow read a stale frontier fail on the primary key
    /// instead of forking the log.
    static func append(_ db: Database, _ record: AuditRecord, at date: Date) throws {
        guard db.isInsideTransaction else { throw StorageError.auditOutsideTransaction }
        var frontier = try frontier(db)
        let entry = try AuditEntry(
            seq: frontier.size, time: AuditEntry.timestamp(date),
            actorRole: record.actor.role.isEmpty ? "-" : record.actor.role,
            actorId: record.actor.id.isEmpty ? "-" : record.actor.id,
            action: record.action,
            subject: record.subject.flatMap { $0.isEmpty ? nil : $0 },
            details: record.details.mapValues(\.auditValue))
        let line = entry.canonicalLine()
        let leaf = MerkleTree.leafHash(line)
        try appendLeaf(db, leaf, to: &frontier)
        try db.run(
            """
            INSERT INTO audit_entry(seq, at, actor_role, actor, action, subject, details, line, leaf_hash)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
            """,
            [
                Int64(entry.seq) + 1, entry.time, entry.actorRole, entry.actorId, entry.action, entry.subject,
                detailsJSON(line), Data(line), Data(leaf.bytes),
            ])
        try db.run("UPDATE audit_tree SET frontier = ? WHERE id = 1", [Data(frontier.serialized)])
    }

    /// Subtrees of at least 2^`nodeLevel` leaves get their root stored when they complete.
    static let nodeLevel = 10

    /// Appends a leaf hash to the frontier, storing the root of every perfect subtree of at
    /// least 2^`nodeLevel` leaves that this leaf completes (they all end at the new size).
    static func appendLeaf(_ db: Database, _ leaf: MerkleHash, to frontier: inout MerkleFrontier) throws {
        let newSize = frontier.size + 1
        if newSize.trailingZeroBitCount >= nodeLevel {
            var merged = leaf
            var stack = frontier.hashes
            for level in 1...newSize.trailingZeroBitCount {
                merged = MerkleTree.nodeHash(stack.removeLast(), merged)
                if level >= nodeLevel {
                    try db.run(
                        "INSERT INTO audit_node(level, idx, hash) VALUES (?, ?, ?)",
                        [level, Int64(newSize >> UInt64(level)) - 1, Data(merged.bytes)])
                }
            }
        }
        frontier.append(leafHash: leaf)
    }

    /// The `details` object exactly as it stands in the canonical line (for `StoredAuditEntry`).
    private static func detailsJSON(_ line: [UInt8]) -> String {
        let key = Array("\"details\":".utf8)
        guard let start = line.firstRange(of: key)?.upperBound else { return "{}" }
        // Details values never contain a raw '}' outside strings that would end the object early
        // except inside strings; walk with string awareness.
        var depth = 0
        var inString = false
        var escaped = false
        var index = start
        while index < line.count {
            let byte = line[index]
            if inString {
                if escaped {
                    escaped = false
                } else if byte == UInt8(ascii: "\\") {
                    escaped = true
                } else if byte == UInt8(ascii: "\"") {
                    inString = false
                }
            } else if byte == UInt8(ascii: "\"") {
                inString = true
            } else if byte == UInt8(ascii: "{") {
                depth += 1
            } else if byte == UInt8(ascii: "}") {
                depth -= 1
                if depth == 0 { return String(decoding: line[start...index], as: UTF8.self) }
            }
            index += 1
        }
        return "{}"
    }
}

extension AuditDetail {
    var auditValue: AuditValue {
        switch self {
        case .text(let text): .text(text)
        case .count(let count): .count(count)
        case .list(let list): .list(list)
        }
    }
}

extension StorageError {
    static let auditLogCorrupt = StorageError(code: .auditLogCorrupt, message: "the audit log's tree state is missing or unreadable")
    static let auditOutsideTransaction = StorageError(
        code: .auditOutsideTransaction, message: "audit entries are appended inside a write transaction only")
    static let auditKeyMismatch = StorageError(
        code: .auditKeyMismatch, message: "the audit signing key is not the one this data dir's checkpoints were signed with")
    static let auditNoCheckpoint = StorageError(code: .auditNoCheckpoint, message: "the audit log has no signed checkpoint yet")
}

/// A signed checkpoint as stored: its tree size and the whole signed note.
package struct StoredCheckpoint: Sendable, Hashable {
    package var size: UInt64
    /// The C2SP signed note (checkpoint body, blank line, signature lines).
    package var note: String
    package var at: String
}

/// What an export wrote.
package struct AuditExportSummary: Sendable, Hashable {
    package var entries: UInt64
    package var checkpoints: Int
    package var rootHash: MerkleHash
}

extension AppDatabase {
    /// Size and root of the whole log now (signed or not).
    package func auditTreeHead() async throws -> (size: UInt64, root: MerkleHash) {
        try await read { db in
            let frontier = try AuditLogStore.frontier(db)
            return (frontier.size, frontier.root)
        }
    }

    package func latestAuditCheckpoint() async throws -> StoredCheckpoint? {
        try await read { try Self.latestCheckpoint($0) }
    }

    static func latestCheckpoint(_ db: Database) throws -> StoredCheckpoint? {
        try Row.fetchOne(db.cachedStatement(sql: "SELECT * FROM audit_checkpoint ORDER BY size DESC LIMIT 1")).map(checkpoint)
    }

    private static func checkpoint(_ row: Row) -> StoredCheckpoint {
        StoredCheckpoint(size: UInt64(row["size"] as Int64), note: row["note"], at: row["at"])
    }

    /// True when checkpoints were signed here before (a lost signing key must not be replaced silently).
    package func hasAuditCheckpoints() async throws -> Bool {
        try await read { try Self.latestCheckpoint($0) != nil }
    }

    /// Signs and stores a checkpoint of the current tree unless the latest stored one already
    /// covers it: checkpoints never go backwards, because the size is read in the same write
    /// transaction that stores the new one. The log's origin (`defaultOrigin` at the first
    /// signing) and the key's fingerprint are fixed in `gateway_meta` then; another key is refused.
    /// Returns the latest checkpoint and whether it was signed by this call.
    @discardableResult
    package func signAuditCheckpoint(
        key: AuditSigningKey, defaultOrigin: String, at date: Date = Date()
    ) async throws -> (checkpoint: StoredCheckpoint, signed: Bool) {
        try await write { db in
            let frontier = try AuditLogStore.frontier(db)
            let latest = try Self.latestCheckpoint(db)
            if let latest, latest.size >= frontier.size { return (latest, false) }
            let fingerprint = key.publicKey.fingerprint
            if let stored = try Self.metaValue(db, "audit_key_fingerprint") {
                guard stored == fingerprint else { throw StorageError.auditKeyMismatch }
            } else {
                try db.execute(sql: "INSERT INTO gateway_meta(key, value) VALUES ('audit_key_fingerprint', ?)", arguments: [fingerprint])
            }
            var origin = defaultOrigin
            if let stored = try Self.metaValue(db, "audit_origin") {
                origin = stored
            } else {
                try db.execute(sql: "INSERT INTO gateway_meta(key, value) VALUES ('audit_origin', ?)", arguments: [origin])
            }
            let note = try key.signCheckpoint(TreeCheckpoint(origin: origin, size: frontier.size, rootHash: frontier.root))
            let stored = StoredCheckpoint(size: frontier.size, note: note.serialized, at: AuditEntry.timestamp(date))
            try db.run("INSERT INTO audit_checkpoint(size, note, at) VALUES (?, ?, ?)", [Int64(stored.size), stored.note, stored.at])
            return (stored, true)
        }
    }

    private static func metaValue(_ db: Database, _ key: String) throws -> String? {
        try String.fetchOne(db.cachedStatement(sql: "SELECT value FROM gateway_meta WHERE key = ?"), arguments: [key])
    }

    /// The canonical lines of entries `start..<end` (leaf indexes), as they are hashed.
    package func auditLines(start: UInt64, end: UInt64) async throws -> [String] {
        try await read { db in
            try Data.fetchAll(
                db.cachedStatement(sql: "SELECT line FROM audit_entry WHERE seq > ? AND seq <= ? ORDER BY seq"),
                arguments: [Int64(start), Int64(end)]
            ).map { String(decoding: $0, as: UTF8.self) }
        }
    }

    /// RFC 9162 inclusion proof of leaf `index` in the tree of `size` entries, with the leaf's
    /// hash and that tree's root. `size` must not exceed the current tree. Reads O(log² n) rows
    /// (stored subtree roots and at most ~1,000 leaf hashes per piece).
    package func auditInclusionProof(index: UInt64, size: UInt64) async throws -> (proof: InclusionProof, leafHash: MerkleHash, root: MerkleHash) {
        try await read { db in
            guard index < size, size <= (try AuditLogStore.frontier(db)).size else {
                throw StorageError(code: .auditRange, message: "the leaf index must be below the size, and the size at most the tree size")
            }
            let tree = StoredMerkleTree(db: db)
            return (try tree.inclusionProof(index: index, size: size), try tree.root(index, index + 1), try tree.root(0, size))
        }
    }

    /// RFC 9162 consistency proof between the trees of `from` ≤ `to` entries, with both roots.
    package func auditConsistencyProof(from: UInt64, to: UInt64) async throws -> (proof: ConsistencyProof, oldRoot: MerkleHash, newRoot: MerkleHash) {
        try await read { db in
            guard from <= to, to <= (try AuditLogStore.frontier(db)).size else {
                throw StorageError(code: .auditRange, message: "from must be at most to, and to at most the tree size")
            }
            let tree = StoredMerkleTree(db: db)
            return (try tree.consistencyProof(from: from, to: to), try tree.root(0, from), try tree.root(0, to))
        }
    }

    /// Streams the export file (audit/README.md) from one read snapshot: every entry up to the
    /// latest stored checkpoint, with every stored checkpoint in place. Entries appended after
    /// that checkpoint are left for the next export. `sink` receives chunks of about 1 MiB;
    /// `progress` the number of entries written so far.
    package func exportAuditLog(
        sink: @escaping @Sendable ([UInt8]) throws -> Void, progress: (@Sendable (UInt64) -> Void)? = nil
    ) async throws -> AuditExportSummary {
        try await read { db in
            let checkpoints = try Row.fetchAll(db, sql: "SELECT * FROM audit_checkpoint ORDER BY size").map(Self.checkpoint)
            guard let last = checkpoints.last else { throw StorageError.auditNoCheckpoint }
            var writer = AuditExportWriter()
            var buffer: [UInt8] = []
            buffer.reserveCapacity(1 << 20)
            var next = 0
            func placeCheckpoints() throws {
                while next < checkpoints.count, checkpoints[next].size == writer.entryCount {
                    buffer += try writer.append(checkpoint: SignedNote(parsing: checkpoints[next].note))
                    next += 1
                }
            }
            try placeCheckpoints()
            let cursor = try Data.fetchCursor(
                db, sql: "SELECT line FROM audit_entry WHERE seq <= ? ORDER BY seq", arguments: [Int64(last.size)])
            while let line = try cursor.next() {
                buffer += try writer.append(entryLine: line)
                try placeCheckpoints()
                if buffer.count >= 1 << 20 {
                    try sink(buffer)
                    buffer.removeAll(keepingCapacity: true)
                    progress?(writer.entryCount)
                }
            }
            buffer += try writer.finish()
            try sink(buffer)
            progress?(writer.entryCount)
            return AuditExportSummary(
                entries: writer.entryCount, checkpoints: checkpoints.count,
                rootHash: try TreeCheckpoint(body: SignedNote(parsing: last.note).text).rootHash)
        }
    }
}

extension AppDatabase {
    /// Appends several records in one transaction (offline tools and the benchmark).
    package func appendAudit(_ records: [AuditRecord], at date: Date = Date()) async throws {
        try await write { db in
            for record in records { try AuditWriter.append(db, record, at: date) }
        }
    }
}
