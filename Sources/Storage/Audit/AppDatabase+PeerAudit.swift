package import AuditLog
package import Foundation
import GRDB

/// What this gateway knows of a peer's signed log: the key pinned on first sight, the largest
/// checkpoint seen, and an alert once the peer presented something that contradicts it.
package struct PeerAuditState: Codable, Sendable, Hashable {
    package var peer: String
    /// `SHA256:<hex>` of the pinned key.
    package var keyFingerprint: String
    package var size: UInt64
    /// Base64 root hash of the largest checkpoint seen.
    package var rootHash: String
    package var seenAt: String
    /// `checkpoint_smaller`, `checkpoint_forked`, `checkpoint_bad_signature`, `checkpoint_malformed`
    /// or `audit_key_changed`; nil while everything the peer presented was consistent.
    package var alert: String?
    package var alertAt: String?
}

/// The outcome of one presented checkpoint.
package enum PeerCheckpointOutcome: Sendable, Hashable {
    /// First sight: key pinned and checkpoint recorded in this gateway's log.
    case pinned
    /// A larger tree; `recorded` when a `peer.checkpoint` entry was written.
    case grown(recorded: Bool)
    case unchanged
    /// The checkpoint contradicts what was seen before (or its key/signature is wrong).
    case alert(String)
}

extension AppDatabase {
    /// Checks a checkpoint a peer presented on sync against the peer's pinned key and the
    /// largest checkpoint seen from it, in one write transaction.
    ///
    /// Trust on first use: the first key a peer gateway id presents is pinned (and the pinning is
    /// audited with its fingerprint). Later a different key, a bad signature, a smaller tree or a
    /// different root at the same size raise an alert: audited once per new alert, kept in
    /// `peer_audit` and shown in the sync status. A larger tree is recorded as a `peer.checkpoint`
    /// entry at most every `recordInterval` (each record grows this log, which the peer then
    /// records in turn: the interval keeps that exchange from feeding itself every second).
    package func observePeerCheckpoint(
        peer: String, presentedKey: AuditPublicKey, note: String, recordInterval: TimeInterval = 300, now: Date = Date()
    ) async throws -> PeerCheckpointOutcome {
        try await write { db in
            let time = AuditEntry.timestamp(now)
            let row = try Row.fetchOne(db.cachedStatement(sql: "SELECT * FROM peer_audit WHERE gateway = ?"), arguments: [peer])
            let pinned: AuditPublicKey
            if let row {
                pinned = try AuditPublicKey(rawRepresentation: row["public_key"] as Data)
            } else {
                pinned = presentedKey
            }
            func raise(_ alert: String, details: [String: AuditDetail] = [:]) throws -> PeerCheckpointOutcome {
                guard let row else { return .alert(alert) }  // nothing pinned yet: nothing to contradict
                if (row["alert"] as String?) != alert {
                    try db.run("UPDATE peer_audit SET alert = ?, alert_at = ? WHERE gateway = ?", [alert, time, peer])
                    try AuditWriter.append(
                        db,
                        AuditRecord(
                            actor: .system, action: "peer.checkpoint.inconsistent",
                            details: details.merging(["gateway": .text(peer), "reason": .text(alert)]) { $1 }),
                        at: now)
                }
                return .alert(alert)
            }
            if row != nil, presentedKey != pinned {
                return try raise("audit_key_changed", details: ["presentedKey": .text(presentedKey.fingerprint)])
            }
            let checkpoint: TreeCheckpoint
            switch pinned.openCheckpoint(Array(note.utf8)) {
            case .verified(let opened, _): checkpoint = opened
            case .malformed: return try raise("checkpoint_malformed")
            case .unknownKey, .badSignature: return try raise("checkpoint_bad_signature")
            }
            let details: [String: AuditDetail] = [
                "gateway": .text(peer), "size": .count(Int(clamping: checkpoint.size)), "rootHash": .text(checkpoint.rootHash.base64),
            ]
            guard let row else {
                try db.run(
                    """
                    INSERT INTO peer_audit(gateway, public_key, size, root, note, seen_at, recorded_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?)
                    """,
                    [peer, Data(pinned.rawRepresentation), Int64(checkpoint.size), Data(checkpoint.rootHash.bytes), note, time, time])
                try AuditWriter.append(
                    db,
                    AuditRecord(
                        actor: .system, action: "peer.audit-key.pinned",
                        details: ["gateway": .text(peer), "keyFingerprint": .text(pinned.fingerprint)]),
                    at: now)
                try AuditWriter.append(db, AuditRecord(actor: .system, action: "peer.checkpoint", details: details), at: now)
                return .pinned
            }
            let size = UInt64(row["size"] as Int64)
            let root = MerkleHash(bytes: row["root"] as Data)
            let recordedOrigin = (try? SignedNote(parsing: row["note"] as String)).flatMap { try? TreeCheckpoint(body: $0.text) }?.origin
            if let recordedOrigin, recordedOrigin != checkpoint.origin {
                // The peer started a new audit segment under the same key: a new tree, so sizes
                // start again. Recorded with its origin; a new key still raises `audit_key_changed`
                // until sync carries the hand-over entry (issue 19, item 4).
                try db.run(
                    "UPDATE peer_audit SET size = ?, root = ?, note = ?, seen_at = ?, recorded_at = ? WHERE gateway = ?",
                    [Int64(checkpoint.size), Data(checkpoint.rootHash.bytes), note, time, time, peer])
                try AuditWriter.append(
                    db,
                    AuditRecord(
                        actor: .system, action: "peer.checkpoint",
                        details: details.merging(["origin": .text(checkpoint.origin), "previousOrigin": .text(recordedOrigin)]) { $1 }),
                    at: now)
                return .grown(recorded: true)
            }
            if checkpoint.size < size {
                return try raise("checkpoint_smaller", details: details.merging(["recordedSize": .count(Int(clamping: size))]) { $1 })
            }
            if checkpoint.size == size {
                guard checkpoint.rootHash == root else { return try raise("checkpoint_forked", details: details) }
                return .unchanged
            }
            let recordedAt =
                (try? Date(row["recorded_at"] as String, strategy: Date.ISO8601FormatStyle(includingFractionalSeconds: true)))
                ?? .distantPast
            let record = now.timeIntervalSince(recordedAt) >= recordInterval
            try db.run(
                "UPDATE peer_audit SET size = ?, root = ?, note = ?, seen_at = ?, recorded_at = ? WHERE gateway = ?",
                [Int64(checkpoint.size), Data(checkpoint.rootHash.bytes), note, time, record ? time : row["recorded_at"] as String, peer])
            if record {
                try AuditWriter.append(db, AuditRecord(actor: .system, action: "peer.checkpoint", details: details), at: now)
            }
            return .grown(recorded: record)
        }
    }

    /// Every peer's audit state, by gateway id.
    package func peerAuditStates() async throws -> [PeerAuditState] {
        try await read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM peer_audit ORDER BY gateway").map { row in
                let key = try AuditPublicKey(rawRepresentation: row["public_key"] as Data)
                return PeerAuditState(
                    peer: row["gateway"], keyFingerprint: key.fingerprint, size: UInt64(row["size"] as Int64),
                    rootHash: MerkleHash(bytes: row["root"] as Data)?.base64 ?? "", seenAt: row["seen_at"], alert: row["alert"],
                    alertAt: row["alert_at"])
            }
        }
    }
}
