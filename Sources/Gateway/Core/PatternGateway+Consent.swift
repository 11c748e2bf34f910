import ErrorCodes
import Foundation
import Privacy
import Replication
import Storage
import Synchronization

extension PatternGateway {
    /// `PUT /api/v1/consent`: a deployment grants or revokes purposes for itself, in the
    /// global network or (with `network`) in its organization's private network, where it
    /// has its own pseudonym and its own consent (issue 18).
    package func changeConsent(_ principal: Principal, request: ConsentChangeRequest) async throws -> ConsentStateResponse {
        let global = try principal.deploymentPseudonym(to: "change consent")
        let scope = try scope(for: principal, network: request.network, rights: true)
        let pseudonym = scope.pseudonym(global: global)
        let granted: Bool
        switch request.action {
        case "grant": granted = true
        case "revoke": granted = false
        case nil: throw GatewayError.invalidField("action", "is required")
        default: throw GatewayError.invalidField("action", "must be grant or revoke")
        }
        let purposes = request.purposes ?? (granted ? [Self.contributePurpose] : policy.consent.purposes)
        guard !purposes.isEmpty else { throw GatewayError.invalidField("purposes", "must name at least one purpose") }
        for (index, purpose) in purposes.enumerated() where !policy.consent.purposes.contains(purpose) {
            throw GatewayError.invalidField("purposes[\(index)]", "must be one of \(policy.consent.purposes.joined(separator: ", "))")
        }
        if let version = request.policyVersion, version != policy.version {
            throw GatewayError(
                .conflict, code: .policyVersionMismatch,
                message: "consent must be given to the policy version this gateway runs; read it from GET /api/v1/consent")
        }
        let (receipt, erasure) = try await record(
            pseudonym: pseudonym, granted: granted, purposes: Array(Set(purposes)).sorted(), actor: "self",
            auditActor: AuditActor(role: principal.role.rawValue, id: pseudonym), scope: scope)
        return try await state(pseudonym: pseudonym, receipt: receipt, erasure: erasure)
    }

    /// `GET /api/v1/consent`: a deployment's own consent state and history (in `network`, if given).
    package func consentState(_ principal: Principal, network: String? = nil) async throws -> ConsentStateResponse {
        let global = try principal.deploymentPseudonym(to: "read consent")
        return try await state(pseudonym: try scope(for: principal, network: network, rights: true).pseudonym(global: global), receipt: nil)
    }

    /// `POST /api/v1/admin/consent`: an officer reads, or revokes on the subject's behalf, the
    /// consent of a deployment named by its raw id (in the body, never a URL).
    package func officerConsent(_ principal: Principal, request: OfficerConsentRequest) async throws -> ConsentStateResponse {
        try principal.require(.officer, to: "manage another deployment's consent")
        guard let deploymentId = request.deploymentId, !deploymentId.isEmpty, deploymentId.utf8.count <= 256 else {
            throw GatewayError.invalidField("deploymentId", "is required (1–256 bytes)")
        }
        // An officer acts in any network this gateway hosts.
        let scope = try hostedScope(request.network, for: principal)
        let pseudonym = scope.pseudonym(global: keyRing.pseudonym(deploymentId: deploymentId))
        var receipt: ConsentReceipt?
        var erasure: ErasureReceipt?
        if request.revoke == true {
            (receipt, erasure) = try await record(
                pseudonym: pseudonym, granted: false, purposes: policy.consent.purposes.sorted(), actor: "officer",
                auditActor: Self.auditActor(principal), scope: scope)
        }
        return try await state(pseudonym: pseudonym, receipt: receipt, erasure: erasure)
    }

    /// Records a consent change; revoking `contribute` under `eraseOnRevoke` also erases the
    /// deployment's contributions, in the same transaction.
    private func record(
        pseudonym: String, granted: Bool, purposes: [String], actor: String, auditActor: AuditActor, scope: NetworkScope
    ) async throws -> (ConsentReceipt, ErasureReceipt?) {
        let now = Date()
        let change = ConsentChanged(
            pseudonym: pseudonym, granted: granted, purposes: purposes, policyVersion: policy.version, actor: actor,
            at: Timestamps.iso8601(now))
        let erases = !granted && purposes.contains(Self.contributePurpose) && policy.consent.eraseOnRevoke
        let tombstone =
            erases
            ? Self.tombstones(
                pseudonym: pseudonym, contributionIds: [], requestedAt: now, reason: "consent_revoked", graceDays: policy.erasure.graceDays
            ).first
            : nil
        let (stored, made) = try await database.recordConsent(
            change, origin: scope.origin, actor: auditActor, stamp: { [self] in self.tick() },
            erasure: tombstone, onCommit: { [self] changes in self.applyToIndex(changes) })
        localCommits.withLock { $0 &+= 1 }
        if tombstone != nil { try await reconcileRanker() }
        return (Self.receipt(stored), made.map { Self.receipt([$0]) })
    }

    private func state(pseudonym: String, receipt: ConsentReceipt?, erasure: ErasureReceipt? = nil) async throws -> ConsentStateResponse {
        let history = try await database.consentHistory(pseudonym: pseudonym)
        let active = ConsentRules.activePurposes(history.map(\.entry))
        return ConsentStateResponse(
            subject: pseudonym, contribute: active.contains(Self.contributePurpose), activePurposes: active.sorted(),
            history: history.map(Self.receipt), receipt: receipt, erasure: erasure)
    }

    static func receipt(_ stored: StoredConsentChange) -> ConsentReceipt {
        ConsentReceipt(
            eventId: stored.id.description, action: stored.change.granted ? "grant" : "revoke", purposes: stored.change.purposes,
            policyVersion: stored.change.policyVersion, actor: stored.change.actor, at: stored.change.at, hash: stored.contentHash)
    }
}
