import Crypto
import Foundation
import PatternCore
import Privacy
package import Replication
package import Storage

/// `POST /api/v1/sync` body: who is asking, what it has seen, and events the receiver lacks.
package struct SyncRequest: Codable, Sendable {
    package var from: String
    package var vector: VersionVector
    package var events: [SyncEvent]
    package var policyHash: String
    /// The sender's latest signed audit checkpoint (C2SP signed note) and audit package key (PEM),
    /// so peers cross-check each other's logs; absent from older gateways.
    package var auditCheckpoint: String? = nil
    package var auditPublicKey: String? = nil
    /// The sender's key directory: every identity key it has pinned (gateway → hex), so a
    /// receiver can check the signatures of events it relays; absent from older gateways.
    package var identities: [String: String]? = nil
    /// The sender's state digest with the vector it is of (recomputed at most every 30 s), so
    /// a peer can say whether their digests agree at equal vectors; absent from older gateways.
    package var digest: DigestAnnouncement? = nil
    /// Witnessing (issue 19, item 4): the sender's evidence that its checkpoint extends the one
    /// the receiver cosigned last, and the sender's cosignatures of the receiver's checkpoints.
    package var auditEvidence: AuditEvidenceWire? = nil
    package var auditCosignatures: [WitnessCosignature]? = nil
    /// When the announced checkpoint was signed (the sender's clock, ms): a witness does not
    /// judge one older than the newest it judged, since the two directions of an exchange are
    /// not ordered.
    package var auditAnnouncedAt: Int64? = nil

    package init(from: String, vector: VersionVector, events: [SyncEvent], policyHash: String) {
        self.from = from
        self.vector = vector
        self.events = events
        self.policyHash = policyHash
    }
}

/// The answer: the responder's vector and the events the requester lacks (the state digest
/// is in the sync status; computing it on every exchange would cost a full table read).
package struct SyncResponse: Codable, Sendable {
    package var from: String
    package var vector: VersionVector
    package var events: [SyncEvent]
    package var policyHash: String
    /// True when more events are waiting than one batch carries.
    package var more: Bool
    /// As in `SyncRequest`.
    package var auditCheckpoint: String? = nil
    package var auditPublicKey: String? = nil
    package var identities: [String: String]? = nil
    package var digest: DigestAnnouncement? = nil
    package var auditEvidence: AuditEvidenceWire? = nil
    package var auditCosignatures: [WitnessCosignature]? = nil
    package var auditAnnouncedAt: Int64? = nil

    package init(from: String, vector: VersionVector, events: [SyncEvent], policyHash: String, more: Bool) {
        self.from = from
        self.vector = vector
        self.events = events
        self.policyHash = policyHash
        self.more = more
    }
}

/// A gateway's state digest and the version vector it is of: two gateways hold the same
/// state exactly when, at equal vectors, their digests are equal.
package struct DigestAnnouncement: Codable, Sendable, Hashable {
    package var vector: VersionVector
    package var digest: String

    package init(vector: VersionVector, digest: String) {
        self.vector = vector
        self.digest = digest
    }

    /// Within the wire bounds: a bounded vector and 64 lowercase hex digits.
    package var isWellFormed: Bool { WireBounds.isValid(vector) && Hex.isLowercaseHex(digest, length: 64) }
}

/// The audit fields both sync messages carry (checkpoint, key, witnessing).
package protocol AuditAnnouncing {
    var auditCheckpoint: String? { get set }
    var auditPublicKey: String? { get set }
    var auditEvidence: AuditEvidenceWire? { get set }
    var auditCosignatures: [WitnessCosignature]? { get set }
    var auditAnnouncedAt: Int64? { get set }
}

extension AuditAnnouncing {
    /// The audit fields as one value.
    package var audit: AuditAnnouncement {
        get {
            AuditAnnouncement(
                checkpoint: auditCheckpoint, publicKey: auditPublicKey ?? "", evidence: auditEvidence, cosignatures: auditCosignatures,
                announcedAt: auditAnnouncedAt)
        }
        set {
            (auditCheckpoint, auditPublicKey, auditEvidence, auditCosignatures, auditAnnouncedAt) = (
                newValue.checkpoint, newValue.publicKey, newValue.evidence, newValue.cosignatures, newValue.announcedAt
            )
        }
    }
}

extension SyncRequest: AuditAnnouncing {}
extension SyncResponse: AuditAnnouncing {}
