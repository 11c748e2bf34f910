/// Evidence that an erasure request is complete across the network: each gateway's signed
/// `erasure.purged` event (verifiable with its pinned identity key), and this gateway's own
/// audit entry for its purge with an RFC 9162 inclusion proof against a signed checkpoint
/// (verifiable with the audit public key). Ids, dates and counts only.
package struct PurgeCertificate: Encodable, Sendable {
    package var format = "patterngate.purge-certificate/1"
    package var generatedAt: String
    /// The gateway that issued the certificate.
    package var gateway: String
    /// The request as `GET /api/v1/erasure/{id}` shows it, complete.
    package var request: ErasureStatus
    /// Every `erasure.purged` event of the request, one per gateway that purged, as sync
    /// carries them (origin, seq, content hash, canonical payload, the origin's signature).
    package var purgedEvents: [SyncEvent]
    /// This gateway's audit entry for its purge, and its inclusion proof; nil when this
    /// gateway's data dir was attested destroyed instead.
    package var auditEntry: AuditEntryProof?
    /// The signed checkpoint (C2SP signed note, with the witnesses' cosignatures kept for it)
    /// the proof is against: of the segment that holds the entry (its final checkpoint once
    /// sealed), or of the open segment when there is no entry.
    package var checkpoint: String
    /// That segment's name: its key is `GET /api/v1/audit/public-key?segment=`, reached from
    /// the first key through the hand-overs (`audit verify`).
    package var auditSegment: String
    /// The audit public key (PEM) that signed the checkpoint, and its fingerprint.
    package var auditPublicKey: String
    package var auditPublicKeyFingerprint: String

    package struct AuditEntryProof: Encodable, Sendable {
        /// The canonical line hashed into the audit tree.
        package var line: String
        package var proof: AuditInclusionProofResponse
    }
}
