package import AuditLog
package import Foundation
import GRDB

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
    ///   cosigned last) and the end of the segment before it (`previous_final`, that segment's
    ///   final checkpoint body, and `previous_successor`, the origin that followed it).
    /// - `audit_cosignature`: witnesses' lines over this gateway's checkpoints, by segment and size.
    static func registerAuditWitnessMigration(_ migrator: inout DatabaseMigrator) {
        migrator.registerMigration("v10-audit-witnesses") { db in
            try db.execute(
                sql: """
                    ALTER TABLE peer_audit ADD COLUMN cosignature TEXT;
                    ALTER TABLE peer_audit ADD COLUMN previous_final TEXT;
                    ALTER TABLE peer_audit ADD COLUMN previous_successor TEXT;
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
        peer: String, observation: CheckpointWitness.Observation, witness: String, witnessKey: AuditSigningKey,
        recordInterval: TimeInterval = 300, now: Date = Date()
    ) async throws -> PeerWitnessResult {
        try await write { db in
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
                var details: [String: AuditDetail] = [
                    "gateway": .text(peer), "size": .count(Int(clamping: checkpoint.size)), "rootHash": .text(checkpoint.rootHash.base64),
                ]
                let newSegment = state.map { $0.checkpoint.origin != checkpoint.origin } ?? false
                let recordedAt =
                    (row?["recorded_at"] as String?).flatMap {
                        try? Date($0, strategy: Date.ISO8601FormatStyle(includingFractionalSeconds: true))
                    } ?? .distantPast
                let record = row == nil || newSegment || now.timeIntervalSince(recordedAt) >= recordInterval
                try db.run(
                    """
                    INSERT INTO peer_audit(gateway, public_key, size, root, note, seen_at, recorded_at, cosignature, previous_final,
                        previous_successor)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    ON CONFLICT(gateway) DO UPDATE SET public_key = excluded.public_key, size = excluded.size, root = excluded.root,
                        note = excluded.note, seen_at = excluded.seen_at, recorded_at = excluded.recorded_at,
                        cosignature = excluded.cosignature, previous_final = excluded.previous_final,
                        previous_successor = excluded.previous_successor
                    """,
                    [
                        peer, Data(next.key.rawRepresentation), Int64(checkpoint.size), Data(checkpoint.rootHash.bytes), next.note.serialized,
                        time, record ? time : row?["recorded_at"] as String? ?? time, made.last?.line, next.previous?.final.body,
                        next.previous?.successor,
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

    /// Keeps the cosignatures `witness` (whose key is `key`) made of this gateway's checkpoints:
    /// each must be a valid `cosignature/v1` line over a checkpoint stored here. Returns how
    /// many were new; anything else is ignored.
    package func storeCosignatures(
        _ cosignatures: [WitnessCosignature], witness: String, key: AuditPublicKey, now: Date = Date()
    )
        async throws -> Int
    {
        try await write { db in
            var stored = 0
            for cosignature in cosignatures.prefix(4) where cosignature.isWellFormed {
                guard
                    let segment = try Int64.fetchOne(
                        db.cachedStatement(sql: "SELECT id FROM audit_segment WHERE origin = ? AND retired_at IS NULL"),
                        arguments: [cosignature.origin]),
                    let note = try String.fetchOne(
                        db.cachedStatement(sql: "SELECT note FROM audit_checkpoint WHERE segment = ? AND size = ?"),
                        arguments: [segment, Int64(clamping: cosignature.size)]),
                    let body = try? SignedNote(parsing: note).text,
                    let line = Cosignature.verifiedLine(cosignature.line, witness: witness, key: key, checkpointBody: body)
                else { continue }
                let existing = try String.fetchOne(
                    db.cachedStatement(sql: "SELECT line FROM audit_cosignature WHERE segment = ? AND size = ? AND witness = ?"),
                    arguments: [segment, Int64(cosignature.size), witness])
                guard existing == nil else { continue }
                try db.run(
                    "INSERT INTO audit_cosignature(segment, size, witness, line, received_at) VALUES (?, ?, ?, ?, ?)",
                    [segment, Int64(cosignature.size), witness, line.line, AuditEntry.timestamp(now)])
                stored += 1
            }
            return stored
        }
    }

    /// The evidence `witness` needs to cosign this gateway's newest checkpoint, from the newest
    /// one it cosigned: a consistency proof in the same segment, or a step over one segment
    /// boundary (see `SegmentStepEvidence`). Nil when the witness has cosigned nothing here
    /// yet (it pins on first sight), is up to date, or cosigned a segment retired since.
    package func growthEvidence(forWitness witness: String) async throws -> LogGrowthEvidence? {
        try await read { db in
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
                    fromOrigin: origin, fromSize: from, consistency: try tree.consistencyProof(from: from, to: newest.size).hashes)
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
                fromOrigin: origin, fromSize: from, consistency: try tree.consistencyProof(from: from, to: newest.size).hashes, step: step)
        }
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
            try Row.fetchAll(
                db,
                sql: """
                    SELECT c.witness, s.origin, c.size, c.received_at FROM audit_cosignature c JOIN audit_segment s ON s.id = c.segment
                    WHERE NOT EXISTS (SELECT 1 FROM audit_cosignature d WHERE d.witness = c.witness
                        AND (d.segment > c.segment OR (d.segment = c.segment AND d.size > c.size)))
                    ORDER BY c.witness
                    """
            ).map { AuditCosigner(witness: $0[0], origin: $0[1], size: UInt64($0[2] as Int64), receivedAt: $0[3]) }
        }
    }
}
