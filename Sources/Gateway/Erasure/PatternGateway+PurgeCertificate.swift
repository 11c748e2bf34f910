import AuditLog
import ErrorCodes
import Foundation
import Storage

extension PatternGateway {
    /// A purge certificate for a complete erasure request (officers): see `PurgeCertificate`.
    /// A request not yet complete is `invalid_field` (there is nothing to certify yet).
    package func purgeCertificate(_ principal: Principal, requestId: String) async throws -> PurgeCertificate {
        try principal.require(.officer, to: "download a purge certificate")
        let status = try await erasureStatus(principal, requestId: requestId)
        guard status.complete else {
            throw GatewayError.invalidField("id", "must name a complete erasure request (purged by every gateway)")
        }
        // The open segment's checkpoint, signed now if entries arrived since the latest one.
        let signed = try await auditLog.checkpoint().checkpoint
        guard let found = try await database.purgeAuditEntry(requestId: requestId) else {
            let key = auditLog.publicKey
            let current = try await database.latestCosignedCheckpoint() ?? signed
            return PurgeCertificate(
                generatedAt: Timestamps.iso8601(Date()), gateway: identity.gatewayId, request: status,
                purgedEvents: try await database.purgedEvents(requestId: requestId).map(SyncEvent.init), auditEntry: nil,
                checkpoint: current.note, auditSegment: try await database.openAuditSegment().name, auditPublicKey: key.pem,
                auditPublicKeyFingerprint: key.fingerprint)
        }
        let proof = found.proof
        let root = try TreeCheckpoint(body: SignedNote(parsing: found.checkpoint.note).text).rootHash
        let entry = PurgeCertificate.AuditEntryProof(
            line: found.line,
            proof: AuditInclusionProofResponse(
                leafIndex: proof.leafIndex, treeSize: proof.treeSize, leafHash: MerkleTree.leafHash(Array(found.line.utf8)).base64,
                rootHash: root.base64, hashes: proof.hashes.map(\.base64)))
        return PurgeCertificate(
            generatedAt: Timestamps.iso8601(Date()), gateway: identity.gatewayId, request: status,
            purgedEvents: try await database.purgedEvents(requestId: requestId).map(SyncEvent.init), auditEntry: entry,
            checkpoint: found.checkpoint.note, auditSegment: found.segment, auditPublicKey: found.key.pem,
            auditPublicKeyFingerprint: found.key.fingerprint)
    }
}
