import AuditLog
import Foundation
import GRDB

/// What this gateway knows of a peer's signed log as its witness: the key of the peer's
/// current segment (pinned on first sight, then handed over segment by segment), the checkpoint
/// it cosigned last, and an alert once the peer presented something that contradicts it.
package struct PeerAuditState: Codable, Sendable, Hashable {
    package var peer: String
    /// `SHA256:<hex>` of the pinned key.
    package var keyFingerprint: String
    package var size: UInt64
    /// Base64 root hash of the largest checkpoint seen.
    package var rootHash: String
    /// The origin (segment) of that checkpoint; this gateway cosigned it as a witness.
    package var origin: String? = nil
    package var seenAt: String
    /// A `WitnessAlert` code (`checkpoint_smaller`, `checkpoint_forked`, `checkpoint_inconsistent`,
    /// `segment_forked`, …); nil while everything the peer presented was consistent.
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
    /// The cosignatures this gateway made of `peer`'s log, to send back on sync: of the final
    /// checkpoint of the segment before the one it follows (once it stepped over a boundary),
    /// and of the newest checkpoint it cosigned.
    package func witnessCosignatures(of peer: String) async throws -> [WitnessCosignature] {
        try await read { db in
            guard
                let row = try Row.fetchOne(
                    db.cachedStatement(sql: "SELECT note, cosignature, previous_final, previous_cosignature FROM peer_audit WHERE gateway = ?"),
                    arguments: [peer]),
                let line = row["cosignature"] as String?, let note = try? SignedNote(parsing: row["note"] as String),
                let checkpoint = try? TreeCheckpoint(body: note.text)
            else { return [] }
            var cosignatures: [WitnessCosignature] = []
            if let body = row["previous_final"] as String?, let final = try? TreeCheckpoint(body: body),
                let previousLine = row["previous_cosignature"] as String?
            {
                cosignatures.append(WitnessCosignature(origin: final.origin, size: final.size, line: previousLine))
            }
            cosignatures.append(WitnessCosignature(origin: checkpoint.origin, size: checkpoint.size, line: line))
            return cosignatures
        }
    }

    /// Every peer's audit state, by gateway id.
    package func peerAuditStates() async throws -> [PeerAuditState] {
        try await read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM peer_audit ORDER BY gateway").map { row in
                let key = try AuditPublicKey(rawRepresentation: row["public_key"] as Data)
                return PeerAuditState(
                    peer: row["gateway"], keyFingerprint: key.fingerprint, size: UInt64(row["size"] as Int64),
                    rootHash: MerkleHash(bytes: row["root"] as Data)?.base64 ?? "",
                    origin: (try? SignedNote(parsing: row["note"] as String)).flatMap { try? TreeCheckpoint(body: $0.text) }?.origin,
                    seenAt: row["seen_at"], alert: row["alert"], alertAt: row["alert_at"])
            }
        }
    }
}
