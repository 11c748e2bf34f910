public import PatternCore

/// A gateway's policy (`policies/*.yaml`): consent, retention, matcher limits, request limits
/// and the closed vocabularies. Validated at load; see `PolicyLoader`.
public struct Policy: Sendable {
    public var version: String
    public var consent: ConsentSettings
    public var erasure: ErasureSettings
    public var audit: AuditSettings
    public var patterns: PatternSettings
    public var limits: RequestLimits
    public var sync: SyncSettings
    public var ranking: RankingSettings
    public var vocabulary: Vocabulary
    public var freeText: FreeTextSettings
    /// Request fields the network keeps (the seed's KEEP list).
    public var keptFields: Set<KeptField>
    /// Hex SHA-256 of the policy's canonical form (the effective document and the lists'
    /// entries, not the file's bytes: docs/policy.md#the-policy-hash); recorded in the audit
    /// log and shared with peers.
    public var hash: String
    /// The checked document with every default filled in (`yaml()` prints it).
    var effective: PolicyDocument
    /// Entries of each list the policy names, by field, in the canonical form's order.
    var listEntryCounts: [(name: String, count: Int)]

    public struct ConsentSettings: Sendable, Hashable {
        /// Always false: consent is opt-in (GDPR Art. 6(1)(a)); a policy saying otherwise is refused.
        public var defaultOn: Bool
        public var purposes: [String]
        public var eraseOnRevoke: Bool
    }

    public struct ErasureSettings: Sendable, Hashable {
        public var graceDays: Int
    }

    public struct AuditSettings: Sendable, Hashable {
        public var retentionYears: Int
    }

    public struct PatternSettings: Sendable, Hashable {
        /// Patterns with fewer distinct contributors are never shown (the seed shows all: 1).
        public var minContributors: Int
        public var defaultLimit: Int
        public var maxLimit: Int
    }

    /// Peer sync intake (`sync:` in the YAML; optional, defaults below).
    public struct SyncSettings: Sendable, Hashable {
        /// Sync requests this gateway takes in at once; one more is answered 429 `busy`.
        public var maxConcurrentRequests: Int

        public static let defaultMaxConcurrentRequests = 4

        public init(maxConcurrentRequests: Int = defaultMaxConcurrentRequests) {
            self.maxConcurrentRequests = maxConcurrentRequests
        }
    }

    /// The learned ranking (`ranking:` in the YAML; optional, defaults below; docs/ranking.md).
    public struct RankingSettings: Sendable, Hashable {
        /// No tree leaf is fitted on fewer examples (XGBoost's `min_child_weight`): the k of
        /// the model, so no leaf value comes from fewer than k contributions.
        public var minLeafExamples: Int
        /// The formula's top candidates the learned model re-scores per query.
        public var candidates: Int

        public static let defaultMinLeafExamples = 5
        public static let defaultCandidates = 200

        public init(minLeafExamples: Int = defaultMinLeafExamples, candidates: Int = defaultCandidates) {
            self.minLeafExamples = minLeafExamples
            self.candidates = candidates
        }
    }

    public struct RequestLimits: Sendable, Hashable {
        public var maxItemBytes: Int
        public var maxBatchItems: Int
        public var maxBatchBytes: Int
        public var maxSteps: Int
        public var maxResourceTypes: Int
        public var maxMigrationIdLength: Int
        public var maxErrorMessageLength: Int
        public var maxSensitiveTerms: Int
        public var maxSensitiveTermLength: Int
        /// Scanner steps the privacy gate may spend on one contribution (see `ScanBudget`);
        /// past it the contribution is refused (`gate_budget_exceeded`). Default:
        /// `defaultGateStepsPerByte` × `maxItemBytes`.
        public var gateWorkBudget: Int

        /// Steps per byte of the largest item in the default budget: an honest 256 KiB
        /// contribution takes about a tenth of it (docs/privacy.md).
        public static let defaultGateStepsPerByte = 1024
    }
}
