import Foundation
package import PatternCore
package import Storage

/// `POST /api/v1/export`: everything this gateway holds about one deployment (Art. 15 and
/// 20 GDPR), in one JSON document. Its schema is `docs/export.schema.json`.
package struct ExportDocument: Codable, Sendable, Hashable {
    /// 2: `scope` added; audit entries' `details` is a JSON object (it was a string holding JSON).
    /// 3: `trainingSet` added (issue 16); records may carry `followedPatternId`, erasure
    /// states `modelsDeleted`.
    /// 4: `privateNetworks` added (issue 18); event ids may name a private origin
    /// (`gateway@network:seq`), erasure states their `network`.
    package static let currentSchemaVersion = "4"

    package var schemaVersion: String
    package var generatedAt: String
    /// The gateway that made this export: each gateway holds its own copy of the replicated
    /// data and keeps its own audit log.
    package var gateway: String
    /// What this document covers, in words an officer can quote.
    package var scope: ExportScope
    /// The deployment's pseudonym: raw deployment ids are never stored.
    package var subject: String
    package var contributions: [ExportedContribution]
    /// Patterns the live contributions count in (their aggregates hold no other deployment's data here).
    package var patternIds: [String]
    package var consentHistory: [ConsentReceipt]
    package var erasureRequests: [ErasureStatus]
    package var auditEntries: [ExportAuditEntry]
    package var purposes: [ExportPurpose]
    /// Who receives the contributions: the gateways of this network.
    package var recipients: [String]
    package var retention: ExportRetention
    /// Whether any of the deployment's contributions trained the active learned-ranking model.
    package var trainingSet: ExportTrainingSet
    /// What is held of the deployment in each private network hosted here, under its
    /// pseudonym there; nil when there is nothing.
    package var privateNetworks: [ExportNetworkSection]? = nil
}

/// The export's answer to "did my data train the model that ranks searches here?".
package struct ExportTrainingSet: Codable, Sendable, Hashable {
    package var inActiveModel: Bool
    /// The active model's id; absent when no model is active.
    package var modelId: String?
}

package struct ExportedContribution: Codable, Sendable, Hashable {
    package var contributionId: String
    /// `origin:seq` of the event.
    package var event: String
    /// `contribution.added` or `contribution.revised`.
    package var kind: String
    /// `live`, `erased` (hidden everywhere, payload kept until the purge), `superseded` (a
    /// rectification replaced it: hidden, payload kept until `purgeDueAt`) or `purged`.
    package var state: String
    /// The version search serves now.
    package var current: Bool
    package var recordedAt: String
    package var erasureRequestId: String?
    package var patternId: String?
    /// The record as stored (after the privacy gate): only for a live version. A superseded
    /// version is what its subject said was wrong, so it is not repeated here.
    package var record: ContributionRecord?
    /// For a superseded version: when its payload is purged on every gateway.
    package var purgeDueAt: String?
}

package struct ExportAuditEntry: Codable, Sendable, Hashable {
    package var at: String
    package var actorRole: String
    package var action: String
    /// Ids, counts and lists of ids.
    package var details: [String: AuditDetail]
}

/// What an export covers. Contributions, consent and erasures are replicated, so every
/// gateway of the network holds the same; audit entries are this gateway's only.
package struct ExportScope: Codable, Sendable, Hashable {
    package var replicatedData: String
    package var auditEntries: String
}

package struct ExportPurpose: Codable, Sendable, Hashable {
    package var purpose: String
    package var legalBasis: String
}

package struct ExportRetention: Codable, Sendable, Hashable {
    package var contributions: String
    package var erasedPayloadsDays: Int
    package var auditLogYears: Int
    package var tombstones: String
}

/// One private network's part of an export: the deployment's data there, under its
/// pseudonym in that network (issue 18).
package struct ExportNetworkSection: Codable, Sendable, Hashable {
    package var network: String
    package var subject: String
    package var contributions: [ExportedContribution]
    package var patternIds: [String]
    package var consentHistory: [ConsentReceipt]
    package var erasureRequests: [ErasureStatus]
    package var auditEntries: [ExportAuditEntry]
}
