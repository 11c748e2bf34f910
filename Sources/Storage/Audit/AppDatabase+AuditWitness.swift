package import AuditLog
package import Foundation
import GRDB
import PatternCore

/// One cosignature as gateways exchange it: which of the log's checkpoints (origin and size) and
/// the signature line (`— <witness gateway id> <base64>`) to append to that checkpoint's note.
package struct WitnessCosignature: Codable, Sendable, Hashable {
    package var origin: String
    package var size: UInt64
    package var line: String

    package init(origin: String, size: UInt64, line: String) {
        self.origin = origin
        self.size = size
        self.line = line
    }

    /// Within the wire bounds (the line is checked against the checkpoint before it is stored).
    package var isWellFormed: Bool { origin.utf8.count <= 200 && line.utf8.count <= 512 }
}

/// What a witness did with a peer's announced checkpoint.
package struct PeerWitnessResult: Sendable, Hashable {
    package var outcome: PeerCheckpointOutcome
    /// This gateway's cosignatures for the peer: of what it cosigned now, or else of the
    /// checkpoint it cosigned last (so the peer learns where to prove growth from).
    package var cosignatures: [WitnessCosignature]
}

/// The newest of this gateway's checkpoints a witness cosigned.
package struct AuditCosigner: Codable, Sendable, Hashable {
    package var witness: String
    package var origin: String
    package var size: UInt64
    package var receivedAt: String
}

extension AppDatabase {
    /// Witnessing (issue 19, item 4): what this gateway cosigned of each peer's log, and the
    /// cosignatures peers made of its own checkpoints.
    ///
    /// - `peer_audit` gains `cosignature` (this gateway's line over `note`, the checkpoint it
    ///   cosigned last), the end of the segment before it (`previous_final`, that segment's
    ///   final checkpoint body, `previous_successor`, the origin that followed it, and
    ///   `previous_cosignature`, this gateway's line over that final checkpoint), and
    ///   `announced_at`, the newest announcement time judged (older ones arrive late: ignored).
    /// - `audit_cosignature`: witnesses' lines over this gateway's checkpoints, by segment and size.
    static func registerAuditWitnessMigration(_ migrator: inout DatabaseMigrator) {
        migrator.registerMigration("v10-audit-witnesses") { db in
            try db.execute(
                sql: """
                    ALTER TABLE peer_audit ADD COLUMN cosignature TEXT;
                    ALTER TABLE peer_audit ADD COLUMN previous_final TEXT;
                    ALTER TABLE peer_audit ADD COLUMN previous_successor TEXT;
                    ALTER TABLE peer_audit ADD COLUMN previous_cosignature TEXT;
                    ALTER TABLE peer_audit ADD COLUMN announced_at INTEGER;
                    CREATE TABLE audit_cosignature (
                        segment INTEGER NOT NULL,
                        size INTEGER NOT NULL,
                        witness TEXT NOT NULL,
                        line TEXT NOT NULL,
                        received_at TEXT NOT NULL,
                        PRIMARY KEY (segment, size, witness)
                    ) WITHOUT ROWID;
                    CREATE INDEX audit_cosignature_by_witness ON audit_cosignature(witness, segment, size);
                    """)
        }
    }

    /// Judges a checkpoint a peer announced (`CheckpointWitness`) against what this gateway
    /// cosigned of that peer last, and cosigns it as `witness` when it checks out, in one write
    /// transaction. Trust on first use: the first key and checkpoint are pinned (audited). A
    /// refusal is an alert: audited once per new alert, kept in `peer_audit`, shown in the sync
    /// status. Growth is recorded as a `peer.checkpoint` entry at most every `recordInterval`
    /// (each record grows this log, which the peer then witnesses in turn); a new segment always.
    package func witnessPeerCheckpoint(
        observation: CheckpointWitness.Observation, announcedAt: Int64? = nil, witness: String, witnessKey: AuditSigningKey,
        recordInterval: TimeInterval = 300, now: Date = Date()
    ) async throws -> PeerWitnessResult {
        let peer = observation.peer
        return try await write { db in
            let time = AuditEntry.timestamp(now)
            let row = try Row.fetchOne(db.cachedStatement(sql: "SELECT * FROM peer_audit WHERE gateway = ?"), arguments: [peer])
            let state = row.flatMap(Self.witnessedLog)
            func cosign(_ note: SignedNote) throws -> WitnessCosignature {
                let checkpoint = try TreeCheckpoint(body: note.text)
                let cosignature = try Cosignature(
                    signing: checkpoint, witness: witness, key: witnessKey, timestamp: UInt64(max(0, now.timeIntervalSince1970)))
                return WitnessCosignature(
                    origin: checkpoint.origin, size: checkpoint.size, line: try cosignature.noteSignature(key: witnessKey.publicKey).line)
            }
            /// The line over the checkpoint cosigned last (made now for a row from before witnessing).
            func current() throws -> [WitnessCosignature] {
                guard let row, let state else { return [] }
                if let line = row["cosignature"] as String? {
                    return [WitnessCosignature(origin: state.checkpoint.origin, size: state.checkpoint.size, line: line)]
                }
                let made = try cosign(state.note)
                try db.run("UPDATE peer_audit SET cosignature = ? WHERE gateway = ?", [made.line, peer])
                return [made]
            }
            // An announcement made before one already judged arrived late (the two directions of an
            // exchange are not ordered): judging it would raise a shrink or a rollback that is not one.
            if let announcedAt, let judged = row?["announced_at"] as Int64? {
                if announcedAt < judged { return PeerWitnessResult(outcome: .unchanged, cosignatures: try current()) }
            }
            let result = try judge()
            if let announcedAt, row != nil {
                try db.run("UPDATE peer_audit SET announced_at = MAX(COALESCE(announced_at, 0), ?) WHERE gateway = ?", [announcedAt, peer])
            }
            return result

            func judge() throws -> PeerWitnessResult {
                switch CheckpointWitness.judge(state, observation) {
                case .unchanged:
                    return PeerWitnessResult(outcome: .unchanged, cosignatures: try current())
                case .refused(let alert):
                    guard let row else { return PeerWitnessResult(outcome: .alert(alert.rawValue), cosignatures: []) }
                    if (row["alert"] as String?) != alert.rawValue {
                        try db.run("UPDATE peer_audit SET alert = ?, alert_at = ? WHERE gateway = ?", [alert.rawValue, time, peer])
                        var details: [String: AuditDetail] = ["gateway": .text(peer), "reason": .text(alert.rawValue)]
                        if alert == .auditKeyChanged { details["presentedKey"] = .text(observation.key.fingerprint) }
                        try AuditWriter.append(db, AuditRecord(actor: .system, action: "peer.checkpoint.inconsistent", details: details), at: now)
                    }
                    return PeerWitnessResult(outcome: .alert(alert.rawValue), cosignatures: try current())
                case .advance(let next, let notes):
                    let made = try notes.map(cosign)
                    let checkpoint = next.checkpoint
                    let newSegment = state.map { $0.checkpoint.origin != checkpoint.origin } ?? false
                    var details: [String: AuditDetail] = [
                        "gateway": .text(peer), "size": .count(Int(clamping: checkpoint.size)), "rootHash": .text(checkpoint.rootHash.base64),
                    ]
                    let recordedAt =
                        (row?["recorded_at"] as String?).flatMap {
                            try? Date($0, strategy: Date.ISO8601FormatStyle(includingFractionalSeconds: true))
                        } ?? .distantPast
                    let record = row == nil || newSegment || now.timeIntervalSince(recordedAt) >= recordInterval
                    // A step cosigns the final checkpoint too: kept beside the latest, so the peer gets it.
                    let previousLine = newSegment ? made.first?.line : row?["previous_cosignature"] as String?
                    try db.run(
                        """
                        INSERT INTO peer_audit(gateway, public_key, size, root, note, seen_at, recorded_at, cosignature, previous_final,
                            previous_successor, previous_cosignature, announced_at)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                        ON CONFLICT(gateway) DO UPDATE SET public_key = excluded.public_key, size = excluded.size, root = excluded.root,
                            note = excluded.note, seen_at = excluded.seen_at, recorded_at = excluded.recorded_at,
                            cosignature = excluded.cosignature, previous_final = excluded.previous_final,
                            previous_successor = excluded.previous_successor, previous_cosignature = excluded.previous_cosignature
                        """,
                        [
                            peer, Data(next.key.rawRepresentation), Int64(checkpoint.size), Data(checkpoint.rootHash.bytes), next.note.serialized,
                            time, record ? time : row?["recorded_at"] as String? ?? time, made.last?.line, next.previous?.final.body,
                            next.previous?.successor, previousLine, announcedAt,
                        ])
                    if row == nil {
                        try AuditWriter.append(
                            db,
                            AuditRecord(
                                actor: .system, action: "peer.audit-key.pinned",
                                details: ["gateway": .text(peer), "keyFingerprint": .text(next.key.fingerprint)]),
                            at: now)
                    }
                    if newSegment, let state {
                        details["origin"] = .text(checkpoint.origin)
                        details["previousOrigin"] = .text(state.checkpoint.origin)
                        details["keyFingerprint"] = .text(next.key.fingerprint)
                    }
                    if record { try AuditWriter.append(db, AuditRecord(actor: .system, action: "peer.checkpoint", details: details), at: now) }
                    let outcome: PeerCheckpointOutcome = row == nil ? .pinned : .grown(recorded: record)
                    return PeerWitnessResult(outcome: outcome, cosignatures: made)
                }
            }
        }
    }

    /// A `peer_audit` row as the witness's state; nil for a row it cannot read (it starts again).
    private static func witnessedLog(_ row: Row) -> WitnessedLog? {
        guard let key = try? AuditPublicKey(rawRepresentation: row["public_key"] as Data),
            let note = try? SignedNote(parsing: row["note"] as String), let checkpoint = try? TreeCheckpoint(body: note.text)
        else { return nil }
        var previous: WitnessedLog.SegmentEnd?
        if let body = row["previous_final"] as String?, let successor = row["previous_successor"] as String?,
            let final = try? TreeCheckpoint(body: body)
        {
            previous = WitnessedLog.SegmentEnd(final: final, successor: successor)
        }
        return WitnessedLog(key: key, checkpoint: checkpoint, note: note, previous: previous)
    }

    /// At most this many witnesses' cosignatures are kept (a peer with the network key can make
    /// identities: this bounds the table and the lines appended to a served note; first come,
    /// first kept, so such a peer can take the slots left free: an availability limit).
    package static let maximumWitnesses = 32

    /// Keeps the cosignatures `witness` (whose key is `key`) made of this gateway's checkpoints:
    /// each must be a valid `cosignature/v1` line over a checkpoint stored here (one per
    /// checkpoint and witness), and its key id must not be one another key could claim under the
    /// same name (a 32-bit collision would make verifiers read it as a bad signature of the
    /// log's key or another witness's).
    /// Returns how many were new; anything else is ignored.
    package func storeCosignatures(
        _ cosignatures: [WitnessCosignature], witness: String, key: AuditPublicKey, now: Date = Date()
    )
        async throws -> Int
    {
        try await write { db in
            var stored = 0
            for cosignature in cosignatures.prefix(4) where cosignature.isWellFormed {
                guard
                    let segment = try Row.fetchOne(
                        db.cachedStatement(sql: "SELECT id, sealed_at FROM audit_segment WHERE origin = ? AND retired_at IS NULL"),
                        arguments: [cosignature.origin]),
                    let note = try String.fetchOne(
                        db.cachedStatement(sql: "SELECT note FROM audit_checkpoint WHERE segment = ? AND size = ?"),
                        arguments: [segment["id"] as Int64, Int64(clamping: cosignature.size)]),
                    let body = try? SignedNote(parsing: note).text,
                    let line = Cosignature.verifiedLine(cosignature.line, witness: witness, key: key, checkpointBody: body)
                else { continue }
                let id: Int64 = segment["id"]
                let known =
                    try Bool.fetchOne(
                        db.cachedStatement(sql: "SELECT 1 FROM audit_cosignature WHERE witness = ? LIMIT 1"), arguments: [witness]) ?? false
                if !known {
                    let witnesses = try Int.fetchOne(db, sql: "SELECT COUNT(DISTINCT witness) FROM audit_cosignature") ?? 0
                    guard witnesses < Self.maximumWitnesses else { continue }
                }
                guard try !Self.keyIDClaimedByAnotherKey(db, line: line, witness: key) else { continue }
                guard
                    try String.fetchOne(
                        db.cachedStatement(sql: "SELECT line FROM audit_cosignature WHERE segment = ? AND size = ? AND witness = ?"),
                        arguments: [id, Int64(cosignature.size), witness]) == nil
                else { continue }
                try db.run(
                    "INSERT INTO audit_cosignature(segment, size, witness, line, received_at) VALUES (?, ?, ?, ?, ?)",
                    [id, Int64(cosignature.size), witness, line.line, AuditEntry.timestamp(now)])
                stored += 1
            }
            return stored
        }
    }

    /// True when a segment key (as a log key, type 0x01) or another gateway's pinned identity key
    /// (as a witness key, type 0x04) has the line's key id under the line's name.
    static func keyIDClaimedByAnotherKey(_ db: Database, line: NoteSignature, witness: AuditPublicKey) throws -> Bool {
        for data in try Data.fetchAll(db, sql: "SELECT public_key FROM audit_segment WHERE public_key IS NOT NULL") {
            if let key = try? AuditPublicKey(rawRepresentation: data), key.keyID(name: line.keyName) == line.keyID { return true }
        }
        for hex in try String.fetchAll(db, sql: "SELECT public_key FROM gateway_key") {
            guard let raw = Hex.decode(hex), let key = try? AuditPublicKey(rawRepresentation: raw), key != witness else { continue }
            if Cosignature.keyID(name: line.keyName, key: key) == line.keyID { return true }
        }
        return false
    }

    /// What this gateway announces on sync, read in one snapshot: the open segment's newest
    /// checkpoint, the key of that segment, and the evidence `witness` needs to cosign it (see
    /// `growthEvidence`), so the proof always leads to the checkpoint announced beside it.
    package func auditAnnouncement(
        forWitness witness: String?
    ) async throws -> (checkpoint: StoredCheckpoint, key: AuditPublicKey, evidence: LogGrowthEvidence?)? {
        try await read { db in
            let open = try AuditLogStore.openSegment(db)
            guard let latest = try Self.latestCheckpoint(db, segment: open.id),
                let raw = try Data.fetchOne(db, sql: "SELECT public_key FROM audit_segment WHERE id = ?", arguments: [open.id]),
                let key = try? AuditPublicKey(rawRepresentation: raw)
            else { return nil }
            return (latest, key, try witness.flatMap { try Self.growthEvidence(db, forWitness: $0) })
        }
    }

    /// The evidence `witness` needs to cosign this gateway's newest checkpoint, from the newest
    /// one it cosigned: a consistency proof in the same segment, or a step over one segment
    /// boundary (see `SegmentStepEvidence`). Nil when the witness has cosigned nothing here
    /// yet (it pins on first sight), is up to date, or cosigned a segment retired since.
    package func growthEvidence(forWitness witness: String) async throws -> LogGrowthEvidence? {
        try await read { db in try Self.growthEvidence(db, forWitness: witness) }
    }

    static func growthEvidence(_ db: Database, forWitness witness: String) throws -> LogGrowthEvidence? {
        guard
            let base = try Row.fetchOne(
                db.cachedStatement(
                    sql: """
                        SELECT c.segment, c.size, s.origin, s.first_row FROM audit_cosignature c JOIN audit_segment s ON s.id = c.segment
                        WHERE c.witness = ? AND s.retired_at IS NULL ORDER BY c.segment DESC, c.size DESC LIMIT 1
                        """), arguments: [witness])
        else { return nil }
        let segment: Int64 = base[0]
        let from = UInt64(base[1] as Int64)
        let origin: String = base[2]
        let tree = StoredMerkleTree(db: db, segment: segment, firstRow: base[3])
        let open = try AuditLogStore.openSegment(db)
        guard let newest = try Self.latestCheckpoint(db, segment: segment), newest.size >= from else { return nil }
        if segment == open.id {
            guard newest.size > from else { return nil }
            return LogGrowthEvidence(
                fromOrigin: origin, fromSize: from, toSize: newest.size,
                consistency: try tree.consistencyProof(from: from, to: newest.size).hashes)
        }
        // A sealed segment: its newest checkpoint is its final one, covering the hand-over.
        guard
            let successor = try Row.fetchOne(
                db, sql: "SELECT id, first_row FROM audit_segment WHERE id > ? ORDER BY id LIMIT 1", arguments: [segment]),
            let next = try Self.latestCheckpoint(db, segment: successor[0]), newest.size > 0, next.size > 0,
            let handOver = try Data.fetchOne(
                db, sql: "SELECT line FROM audit_entry WHERE seq = ?", arguments: [(base[3] as Int64) + Int64(newest.size) - 1]),
            let opening = try Data.fetchOne(db, sql: "SELECT line FROM audit_entry WHERE seq = ?", arguments: [successor[1] as Int64])
        else { return nil }
        let nextTree = StoredMerkleTree(db: db, segment: successor[0], firstRow: successor[1])
        let step = SegmentStepEvidence(
            finalCheckpoint: newest.note, handOverLine: Array(handOver),
            handOverProof: try tree.inclusionProof(index: newest.size - 1, size: newest.size).hashes, nextCheckpoint: next.note,
            openingLine: Array(opening), openingProof: try nextTree.inclusionProof(index: 0, size: next.size).hashes)
        return LogGrowthEvidence(
            fromOrigin: origin, fromSize: from, toSize: newest.size,
            consistency: try tree.consistencyProof(from: from, to: newest.size).hashes, step: step)
    }

    /// The open segment's newest checkpoint with the cosignature lines witnesses made of it.
    package func latestCosignedCheckpoint() async throws -> StoredCheckpoint? {
        try await read { db in
            let segment = try AuditLogStore.openSegment(db).id
            guard let latest = try Self.latestCheckpoint(db, segment: segment) else { return nil }
            return try Self.withCosignatures(db, latest, segment: segment)
        }
    }

    /// `checkpoint` with the stored cosignature lines of (segment, size) appended to its note.
    static func withCosignatures(_ db: Database, _ checkpoint: StoredCheckpoint, segment: Int64) throws -> StoredCheckpoint {
        let lines = try String.fetchAll(
            db.cachedStatement(sql: "SELECT line FROM audit_cosignature WHERE segment = ? AND size = ? ORDER BY witness"),
            arguments: [segment, Int64(checkpoint.size)])
        guard !lines.isEmpty else { return checkpoint }
        var cosigned = checkpoint
        cosigned.note += lines.prefix(SignedNote.maximumSignatures - 1).joined()
        return cosigned
    }

    /// For each witness, the newest of this gateway's checkpoints it cosigned.
    package func auditCosigners() async throws -> [AuditCosigner] {
        try await read { db in
            try String.fetchAll(db, sql: "SELECT DISTINCT witness FROM audit_cosignature ORDER BY witness").compactMap { witness in
                try Row.fetchOne(
                    db.cachedStatement(
                        sql: """
                            SELECT s.origin, c.size, c.received_at FROM audit_cosignature c JOIN audit_segment s ON s.id = c.segment
                            WHERE c.witness = ? ORDER BY c.segment DESC, c.size DESC LIMIT 1
                            """), arguments: [witness]
                ).map { AuditCosigner(witness: witness, origin: $0[0], size: UInt64($0[1] as Int64), receivedAt: $0[2]) }
            }
        }
    }
}
