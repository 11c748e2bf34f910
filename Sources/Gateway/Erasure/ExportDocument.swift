import Foundation
public import PatternCore
public import Storage

/// `POST /api/v1/export`: everything this gateway holds about one deployment (Art. 15 and
/// 20 GDPR), in one JSON document. Its schema is `docs/export.schema.json`.
public struct ExportDocument: Codable, Sendable, Hashable {
    /// 2: `scope` added; audit entries' `details` is a JSON object (it was a string holding JSON).
    /// 3: `trainingSet` added (issue 16); records may carry `followedPatternId`, erasure
    /// states `modelsDeleted`.
    public static let currentSchemaVersion = "3"

    public var schemaVersion: String
    public var generatedAt: String
    /// The gateway that made this export: each gateway holds its own copy of the replicated
    /// data and keeps its own audit log.
    public var gateway: String
    /// What this document covers, in words an officer can quote.
    public var scope: ExportScope
    /// The deployment's pseudonym: raw deployment ids are never stored.
    public var subject: String
    public var contributions: [ExportedContribution]
    /// Patterns the live contributions count in (their aggregates hold no other deployment's data here).
    public var patternIds: [String]
    public var consentHistory: [ConsentReceipt]
    public var erasureRequests: [ErasureStatus]
    public var auditEntries: [ExportAuditEntry]
    public var purposes: [ExportPurpose]
    /// Who receives the contributions: the gateways of this network.
    public var recipients: [String]
    public var retention: ExportRetention
    /// Whether any of the deployment's contributions trained the active learned-ranking model.
    public var trainingSet: ExportTrainingSet
}

/// The export's answer to "did my data train the model that ranks searches here?".
public struct ExportTrainingSet: Codable, Sendable, Hashable {
    public var inActiveModel: Bool
    /// The active model's id; absent when no model is active.
    public var modelId: String?
}

public struct ExportedContribution: Codable, Sendable, Hashable {
    public var contributionId: String
    /// `origin:seq` of the event.
    public var event: String
    /// `contribution.added` or `contribution.revised`.
    public var kind: String
    /// `live`, `erased` (hidden everywhere, payload kept until the purge), `superseded` (a
    /// rectification replaced it: hidden, payload kept until `purgeDueAt`) or `purged`.
    public var state: String
    /// The version search serves now.
    public var current: Bool
    public var recordedAt: String
    public var erasureRequestId: String?
    public var patternId: String?
    /// The record as stored (after the privacy gate): only for a live version. A superseded
    /// version is what its subject said was wrong, so it is not repeated here.
    public var record: ContributionRecord?
    /// For a superseded version: when its payload is purged on every gateway.
    public var purgeDueAt: String?
}

public struct ExportAuditEntry: Codable, Sendable, Hashable {
    public var at: String
    public var actorRole: String
    public var action: String
    /// Ids, counts and lists of ids.
    public var details: [String: AuditDetail]
}

/// What an export covers. Contributions, consent and erasures are replicated, so every
/// gateway of the network holds the same; audit entries are this gateway's only.
public struct ExportScope: Codable, Sendable, Hashable {
    public var replicatedData: String
    public var auditEntries: String
}

public struct ExportPurpose: Codable, Sendable, Hashable {
    public var purpose: String
    public var legalBasis: String
}

public struct ExportRetention: Codable, Sendable, Hashable {
    public var contributions: String
    public var erasedPayloadsDays: Int
    public var auditLogYears: Int
    public var tombstones: String
}
