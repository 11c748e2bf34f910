import Foundation
import PatternCore
import Privacy
import Replication
import Storage

/// `POST /api/v1/export` body (officers name the deployment; a deployment exports itself).
package struct ExportRequestBody: Codable, Sendable, Hashable {
    package var deploymentId: String?

    package init(deploymentId: String? = nil) {
        self.deploymentId = deploymentId
    }
}

extension PatternGateway {
    /// Everything held here about one deployment; audited as `export.performed` (who, for whom).
    package func export(_ principal: Principal, body: ExportRequestBody) async throws -> ExportDocument {
        try principal.require(.deployment, .officer, to: "export a deployment's data")
        let pseudonym: String
        if principal.role == .officer {
            guard let deploymentId = body.deploymentId, !deploymentId.isEmpty, deploymentId.utf8.count <= 256 else {
                throw GatewayError.invalidField("deploymentId", "is required (1–256 bytes)")
            }
            pseudonym = keyRing.pseudonym(deploymentId: deploymentId)
        } else {
            pseudonym = try principal.deploymentPseudonym(to: "export")
            if let deploymentId = body.deploymentId, keyRing.pseudonym(deploymentId: deploymentId) != pseudonym {
                throw GatewayError.forbidden("export another deployment")
            }
        }
        let global = try await section(pseudonym: pseudonym, network: globalScope.network)
        let contributions = global.contributions
        var sections: [ExportNetworkSection] = []
        // The private networks the caller may act in for this subject's rights (vouched for).
        for scope in rightsNetworks(for: principal).compactMap({ self.scope(of: .named($0)) }) {
            let section = try await section(pseudonym: scope.pseudonym(global: pseudonym), network: scope.network)
            if !section.contributions.isEmpty || !section.consentHistory.isEmpty || !section.erasureRequests.isEmpty {
                sections.append(section)
            }
        }
        // The global network's gateways (which gateways host a private network is not said).
        let recipients = Set(try await database.knownOrigins().filter(GatewayIdentity.isValidId))
            .union(await syncBook.vectors().keys.filter(GatewayIdentity.isValidId))
            .union([identity.gatewayId]).sorted()
        try await database.appendAudit(
            AuditRecord(
                actor: Self.auditActor(principal), action: "export.performed", subject: pseudonym,
                details: ["contributions": .count(contributions.count), "requestedBy": .text(principal.role.rawValue)]))
        let audit = try await database.auditEntries(about: pseudonym)
        let training = try await database.activeModelTrained(onAnyOf: Array(Set(contributions.map(\.contributionId))))
        return ExportDocument(
            schemaVersion: ExportDocument.currentSchemaVersion, generatedAt: Timestamps.iso8601(Date()), gateway: identity.gatewayId,
            scope: ExportScope(
                replicatedData:
                    "contributions, consent history and erasure requests as gateway \(identity.gatewayId) holds them; every gateway of the network holds the same once in sync",
                auditEntries:
                    "the audit entries of gateway \(identity.gatewayId) only: each gateway keeps its own signed log; export from each gateway for theirs"
            ),
            subject: pseudonym, contributions: contributions, patternIds: global.patternIds, consentHistory: global.consentHistory,
            erasureRequests: global.erasureRequests, auditEntries: try Self.exported(audit),
            purposes: policy.consent.purposes.map { ExportPurpose(purpose: $0, legalBasis: "consent, Art. 6(1)(a) GDPR") },
            recipients: recipients,
            retention: ExportRetention(
                contributions: "until erasure or consent withdrawal",
                erasedPayloadsDays: policy.erasure.graceDays, auditLogYears: policy.audit.retentionYears,
                tombstones: "kept (pseudonymous ids only) so erased data never returns"),
            trainingSet: ExportTrainingSet(inActiveModel: training.inActiveModel, modelId: training.modelId),
            privateNetworks: sections.isEmpty ? nil : sections)
    }

    /// The deployment's data in one network, under its pseudonym there.
    private func section(pseudonym: String, network: ReplicaNetwork) async throws -> ExportNetworkSection {
        let events = try await database.contributionEvents(pseudonym: pseudonym)
        let contributions = events.map { event in
            let superseded = event.supersededAtMillis.map { Date(timeIntervalSince1970: Double($0) / 1000) }
            return ExportedContribution(
                contributionId: event.contributionId, event: event.event.description, kind: event.kind.rawValue, state: event.state,
                current: event.current, recordedAt: Timestamps.iso8601(Date(timeIntervalSince1970: Double(event.recordedAtMillis) / 1000)),
                erasureRequestId: event.erasedBy, patternId: event.payload?.patternId,
                record: event.state == "superseded" ? nil : event.payload?.record,
                purgeDueAt: superseded.map { Timestamps.iso8601(ErasureDeadlines.purgeDueAt(requestedAt: $0, graceDays: policy.erasure.graceDays)) })
        }
        let officer = systemOfficer
        var requests: [ErasureStatus] = []
        for requestId in Set(try await database.tombstones(pseudonym: pseudonym).map(\.tombstone.requestId)).sorted() {
            requests.append(try await erasureStatus(officer, requestId: requestId))
        }
        return ExportNetworkSection(
            network: network.name, subject: pseudonym, contributions: contributions,
            patternIds: Set(contributions.filter { $0.current && $0.state == "live" }.compactMap(\.patternId)).sorted(),
            consentHistory: try await database.consentHistory(pseudonym: pseudonym).map(Self.receipt), erasureRequests: requests,
            auditEntries: network == .global ? [] : try Self.exported(try await database.auditEntries(about: pseudonym)))
    }

    private static func exported(_ entries: [ExportedAuditEntry]) throws -> [ExportAuditEntry] {
        try entries.map {
            ExportAuditEntry(
                at: $0.at, actorRole: $0.actorRole, action: $0.action,
                details: try JSONDecoder().decode([String: AuditDetail].self, from: Data($0.details.utf8)))
        }
    }
}
