import ErrorCodes
import Foundation
import PatternCore
import Replication
import Storage
import Synchronization

/// `PUT /api/v1/contributions/{id}` answer.
package struct RevisionResponse: Codable, Sendable, Hashable {
    package var contributionId: String
    package var patternId: String
    package var event: String
    package var revised: Bool
}

extension PatternGateway {
    /// Rectification (Art. 16): a new version of one of the deployment's own contributions,
    /// through the same validation and privacy gate, needing active consent. The body is a
    /// contribution request whose migrationId names the same contribution, and whose
    /// `network` names the private network it was made in (issue 18), if any.
    package func reviseContribution(
        _ principal: Principal, contributionId: String, request: ContributePatternRequest
    ) async throws -> RevisionResponse {
        let global = try principal.deploymentPseudonym(to: "revise a contribution")
        guard Hex.isLowercaseHex(contributionId, length: 64) else {
            throw GatewayError.invalidField("id", "must be a contribution id (64 lowercase hex digits)")
        }
        let scope = try scope(for: principal, network: request.network)
        let pseudonym = scope.pseudonym(global: global)
        let pending: PendingContribution
        do {
            pending = try await admitOffLoop(request, pseudonym: pseudonym, scope: scope, principal: principal)
        } catch {
            try await auditRejection(error, principal: principal)
            throw error
        }
        guard pending.contributionId == contributionId else {
            throw GatewayError(
                .invalidInput, code: .contributionIdMismatch,
                message: "the body's migrationId belongs to another contribution than the one in the path")
        }
        let outcome = try await database.reviseContribution(
            pending, origin: scope.origin, requiredPurpose: Self.contributePurpose, actor: AuditActor(role: principal.role.rawValue, id: pseudonym),
            stamp: { [self] in self.tick() },
            onCommit: { [self] changes in
                self.applyToIndex(changes)
                self.localCommits.withLock { $0 &+= 1 }
            })
        switch outcome {
        case .revised(let event):
            return RevisionResponse(
                contributionId: contributionId, patternId: pending.patternId, event: event.description, revised: true)
        case .notFound:
            throw GatewayError(.notFound, code: .contributionNotFound, message: "this deployment has no contribution with this id here")
        case .erased:
            throw GatewayError.contributionErased
        case .consentRequired:
            throw GatewayError.consentRequired
        }
    }
}
