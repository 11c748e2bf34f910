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
        let checkpoint = try await auditLog.checkpoint().checkpoint
        var entry: PurgeCertificate.AuditEntryProof?
        if let (index, line) = try await database.purgeAuditEntry(requestId: requestId), index < checkpoint.size {
            let proof = try await auditInclusionProof(principal, index: String(index), size: String(checkpoint.size))
            entry = PurgeCertificate.AuditEntryProof(line: line, proof: proof)
        }
        let key = try await auditPublicKey(principal)
        return PurgeCertificate(
            generatedAt: Timestamps.iso8601(Date()), gateway: identity.gatewayId, request: status,
            purgedEvents: try await database.purgedEvents(requestId: requestId).map(SyncEvent.init), auditEntry: entry,
            checkpoint: checkpoint.note, auditPublicKey: key.pem, auditPublicKeyFingerprint: key.fingerprint)
    }
}
