package import AuditLog
import ErrorCodes
package import Foundation
import GRDB

/// The signed log's rows: every append turns an `AuditRecord` into the next canonical line,
/// hashes it as a leaf and advances the stored frontier, all inside the caller's transaction.
enum AuditLogStore {
    /// The open segment (the last of the chain) as an append needs it.
    struct OpenSegment {
        let id: Int64
        let name: String
        /// `audit_entry.seq` of its leaf 0.
        let firstRow: Int64
        var frontier: MerkleFrontier
        let origin: String?
        let keyFingerprint: String?
        let openedAt: String
    }

    static func openSegment(_ db: Database) throws -> OpenSegment {
        guard
            let row = try Row.fetchOne(
                db.cachedStatement(
                    sql: "SELECT id, name, first_row, frontier, origin, key_fingerprint, opened_at FROM audit_segment ORDER BY id DESC LIMIT 1"))
        else { throw StorageError.auditLogCorrupt }
        return OpenSegment(
            id: row[0], name: row[1], firstRow: row[2], frontier: try MerkleFrontier(serialized: row[3] as Data), origin: row[4],
            keyFingerprint: row[5], openedAt: row[6])
    }

    static func frontier(_ db: Database) throws -> MerkleFrontier {
        try openSegment(db).frontier
    }

    /// The single writer's step. It must run inside a write transaction (`AppDatabase.write`
    /// begins it IMMEDIATE): the frontier read here is then the latest, and the explicit seq
    /// makes a second writer that somehow read a stale frontier fail on the primary key
    /// instead of forking the log. Entries go to the open segment; their line's seq is the leaf
    /// index in that segment's tree. Returns the canonical line.
    @discardableResult
    static func append(_ db: Database, _ record: AuditRecord, at date: Date) throws -> [UInt8] {
        guard db.isInsideTransaction else { throw StorageError.auditOutsideTransaction }
        var segment = try openSegment(db)
        let entry = try AuditEntry(
            seq: segment.frontier.size, time: AuditEntry.timestamp(date),
            actorRole: record.actor.role.isEmpty ? "-" : record.actor.role,
            actorId: record.actor.id.isEmpty ? "-" : record.actor.id,
            action: record.action,
            subject: record.subject.flatMap { $0.isEmpty ? nil : $0 },
            details: record.details.mapValues(\.auditValue))
        let line = entry.canonicalLine()
        let leaf = MerkleTree.leafHash(line)
        try appendLeaf(db, leaf, to: &segment.frontier, segment: segment.id)
        try db.run(
            """
            INSERT INTO audit_entry(seq, at, actor_role, actor, action, subject, details, line, leaf_hash)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
            """,
            [
                segment.firstRow + Int64(entry.seq), entry.time, entry.actorRole, entry.actorId, entry.action, entry.subject,
                detailsJSON(line), Data(line), Data(leaf.bytes),
            ])
        try db.run("UPDATE audit_segment SET frontier = ? WHERE id = ?", [Data(segment.frontier.serialized), segment.id])
        return line
    }

    /// Subtrees of at least 2^`nodeLevel` leaves get their root stored when they complete.
    static let nodeLevel = 10

    /// Appends a leaf hash to the frontier, storing the root of every perfect subtree of at
    /// least 2^`nodeLevel` leaves that this leaf completes (they all end at the new size).
    /// `segment` nil writes the table as it was before segments (the v2 migration).
    static func appendLeaf(_ db: Database, _ leaf: MerkleHash, to frontier: inout MerkleFrontier, segment: Int64? = nil) throws {
        let newSize = frontier.size + 1
        if newSize.trailingZeroBitCount >= nodeLevel {
            var merged = leaf
            var stack = frontier.hashes
            for level in 1...newSize.trailingZeroBitCount {
                merged = MerkleTree.nodeHash(stack.removeLast(), merged)
                if level >= nodeLevel {
                    let index = Int64(newSize >> UInt64(level)) - 1
                    if let segment {
                        try db.run(
                            "INSERT INTO audit_node(segment, level, idx, hash) VALUES (?, ?, ?, ?)", [segment, level, index, Data(merged.bytes)])
                    } else {
                        try db.run("INSERT INTO audit_node(level, idx, hash) VALUES (?, ?, ?)", [level, index, Data(merged.bytes)])
                    }
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
    /// The open segment's latest root.
    package var rootHash: MerkleHash
    /// Kept and retired.
    package var segments: Int
}

extension AppDatabase {
    /// Size and root of the open segment's tree now (signed or not).
    package func auditTreeHead() async throws -> (size: UInt64, root: MerkleHash) {
        try await read { db in
            let frontier = try AuditLogStore.frontier(db)
            return (frontier.size, frontier.root)
        }
    }

    /// The open segment's latest signed checkpoint.
    package func latestAuditCheckpoint() async throws -> StoredCheckpoint? {
        try await read { try Self.latestCheckpoint($0, segment: try AuditLogStore.openSegment($0).id) }
    }

    static func latestCheckpoint(_ db: Database, segment: Int64) throws -> StoredCheckpoint? {
        try Row.fetchOne(
            db.cachedStatement(sql: "SELECT * FROM audit_checkpoint WHERE segment = ? ORDER BY size DESC LIMIT 1"), arguments: [segment]
        ).map(checkpoint)
    }

    static func checkpoint(_ row: Row) -> StoredCheckpoint {
        StoredCheckpoint(size: UInt64(row["size"] as Int64), note: row["note"], at: row["at"])
    }

    /// True when checkpoints were signed here before (a lost signing key must not be replaced silently).
    package func hasAuditCheckpoints() async throws -> Bool {
        try await read { try Bool.fetchOne($0, sql: "SELECT 1 FROM audit_checkpoint LIMIT 1") == true }
    }

    /// Signs and stores a checkpoint of the open segment's tree unless its latest stored one
    /// already covers it: checkpoints never go backwards, because the size is read in the same
    /// write transaction that stores the new one. The segment's origin
    /// (`<gatewayId>/<segment name>`, unless fixed earlier) and key are fixed at its first
    /// signing; another key is refused. Returns the latest checkpoint and whether it was signed now.
    @discardableResult
    package func signAuditCheckpoint(
        key: AuditSigningKey, gatewayId: String, at date: Date = Date()
    ) async throws -> (checkpoint: StoredCheckpoint, signed: Bool) {
        try await write { db in
            let segment = try AuditLogStore.openSegment(db)
            let latest = try Self.latestCheckpoint(db, segment: segment.id)
            if let latest, latest.size >= segment.frontier.size { return (latest, false) }
            return (try Self.signCheckpoint(db, segment: segment, key: key, gatewayId: gatewayId, at: date), true)
        }
    }

    /// Signs the segment's tree as it stands and stores the note (inside the caller's transaction).
    static func signCheckpoint(
        _ db: Database, segment: AuditLogStore.OpenSegment, key: AuditSigningKey, gatewayId: String, at date: Date
    ) throws -> StoredCheckpoint {
        let origin = try fixSegmentIdentity(db, segment: segment, key: key.publicKey, gatewayId: gatewayId)
        let note = try key.signCheckpoint(TreeCheckpoint(origin: origin, size: segment.frontier.size, rootHash: segment.frontier.root))
        let stored = StoredCheckpoint(size: segment.frontier.size, note: note.serialized, at: AuditEntry.timestamp(date))
        try db.run(
            "INSERT INTO audit_checkpoint(segment, size, note, at) VALUES (?, ?, ?, ?)", [segment.id, Int64(stored.size), stored.note, stored.at])
        return stored
    }

    /// The segment's origin, fixing it and its key at the first use; another key is refused.
    static func fixSegmentIdentity(
        _ db: Database, segment: AuditLogStore.OpenSegment, key: AuditPublicKey, gatewayId: String
    ) throws -> String {
        if let stored = segment.keyFingerprint, stored != key.fingerprint { throw StorageError.auditKeyMismatch }
        let origin = segment.origin ?? SegmentName.origin(gatewayId: gatewayId, segment: segment.name)
        try db.run(
            "UPDATE audit_segment SET origin = ?, key_fingerprint = ?, public_key = ? WHERE id = ?",
            [origin, key.fingerprint, Data(key.rawRepresentation), segment.id])
        return origin
    }

    /// The canonical lines of the open segment's entries `start..<end` (leaf indexes), as they are hashed.
    package func auditLines(start: UInt64, end: UInt64) async throws -> [String] {
        try await read { db in
            let segment = try AuditLogStore.openSegment(db)
            return try Data.fetchAll(
                db.cachedStatement(sql: "SELECT line FROM audit_entry WHERE seq >= ? AND seq < ? ORDER BY seq"),
                arguments: [segment.firstRow + Int64(start), segment.firstRow + Int64(end)]
            ).map { String(decoding: $0, as: UTF8.self) }
        }
    }

    /// RFC 9162 inclusion proof of leaf `index` in the open segment's tree of `size` entries, with
    /// the leaf's hash and that tree's root. `size` must not exceed the current tree. Reads
    /// O(log² n) rows (stored subtree roots and at most ~1,000 leaf hashes per piece).
    package func auditInclusionProof(index: UInt64, size: UInt64) async throws -> (proof: InclusionProof, leafHash: MerkleHash, root: MerkleHash) {
        try await read { db in
            let segment = try AuditLogStore.openSegment(db)
            guard index < size, size <= segment.frontier.size else {
                throw StorageError(code: .auditRange, message: "the leaf index must be below the size, and the size at most the tree size")
            }
            let tree = StoredMerkleTree(db: db, segment: segment.id, firstRow: segment.firstRow)
            return (try tree.inclusionProof(index: index, size: size), try tree.root(index, index + 1), try tree.root(0, size))
        }
    }

    /// RFC 9162 consistency proof between the open segment's trees of `from` ≤ `to` entries, with both roots.
    package func auditConsistencyProof(from: UInt64, to: UInt64) async throws -> (proof: ConsistencyProof, oldRoot: MerkleHash, newRoot: MerkleHash) {
        try await read { db in
            let segment = try AuditLogStore.openSegment(db)
            guard from <= to, to <= segment.frontier.size else {
                throw StorageError(code: .auditRange, message: "from must be at most to, and to at most the tree size")
            }
            let tree = StoredMerkleTree(db: db, segment: segment.id, firstRow: segment.firstRow)
            return (try tree.consistencyProof(from: from, to: to), try tree.root(0, from), try tree.root(0, to))
        }
    }

    /// Streams the export file (audit/README.md, v2) from one read snapshot: for each segment in
    /// chain order, what stays of it when it was retired, or else its entries up to its latest
    /// stored checkpoint with every stored checkpoint in place, carrying the witnesses'
    /// cosignatures kept for it. Entries appended to the open
    /// segment after its latest checkpoint are left for the next export. `sink` receives chunks
    /// of about 1 MiB; `progress` the number of entries written so far.
    package func exportAuditLog(
        sink: @escaping @Sendable ([UInt8]) throws -> Void, progress: (@Sendable (UInt64) -> Void)? = nil
    ) async throws -> AuditExportSummary {
        try await read { db in
            var writer = AuditExportWriter(segmented: true)
            var buffer: [UInt8] = []
            buffer.reserveCapacity(1 << 20)
            var entries: UInt64 = 0
            var checkpointCount = 0
            var lastRoot = MerkleTree.emptyRoot
            let segments = try Row.fetchAll(db, sql: "SELECT id, name, origin, first_row, retired_line FROM audit_segment ORDER BY id")
            guard !segments.isEmpty else { throw StorageError.auditLogCorrupt }
            for segment in segments {
                if let line = segment["retired_line"] as String? {
                    let fields = Array(line.utf8.dropFirst(AuditExportFormat.retiredPrefix.utf8.count))
                    buffer += try writer.append(retired: RetiredSegment(exportFields: fields))
                    continue
                }
                let id: Int64 = segment["id"]
                let checkpoints = try Row.fetchAll(
                    db, sql: "SELECT * FROM audit_checkpoint WHERE segment = ? ORDER BY size", arguments: [id]
                ).map(Self.checkpoint)
                guard let last = checkpoints.last, let origin = segment["origin"] as String? else { throw StorageError.auditNoCheckpoint }
                buffer += try writer.beginSegment(name: segment["name"], origin: origin)
                var next = 0
                func placeCheckpoints() throws {
                    while next < checkpoints.count, checkpoints[next].size == writer.entryCount {
                        let cosigned = try Self.withCosignatures(db, checkpoints[next], segment: id)
                        buffer += try writer.append(checkpoint: SignedNote(parsing: cosigned.note))
                        next += 1
                    }
                }
                try placeCheckpoints()
                let firstRow: Int64 = segment["first_row"]
                let cursor = try Data.fetchCursor(
                    db, sql: "SELECT line FROM audit_entry WHERE seq >= ? AND seq < ? ORDER BY seq",
                    arguments: [firstRow, firstRow + Int64(last.size)])
                while let line = try cursor.next() {
                    buffer += try writer.append(entryLine: line)
                    entries += 1
                    try placeCheckpoints()
                    if buffer.count >= 1 << 20 {
                        try sink(buffer)
                        buffer.removeAll(keepingCapacity: true)
                        progress?(entries)
                    }
                }
                checkpointCount += checkpoints.count
                lastRoot = try TreeCheckpoint(body: SignedNote(parsing: last.note).text).rootHash
            }
            buffer += try writer.finish()
            try sink(buffer)
            progress?(entries)
            return AuditExportSummary(entries: entries, checkpoints: checkpointCount, rootHash: lastRoot, segments: segments.count)
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
