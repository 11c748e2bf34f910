package import PatternCore

/// A gateway's policy (`policies/*.yaml`): consent, retention, matcher limits, request limits
/// and the closed vocabularies. Validated at load; see `PolicyLoader`.
package struct Policy: Sendable {
    package var version: String
    package var consent: ConsentSettings
    package var erasure: ErasureSettings
    package var audit: AuditSettings
    package var patterns: PatternSettings
    package var limits: RequestLimits
    package var sync: SyncSettings
    package var ranking: RankingSettings
    package var plans: PlanSettings
    package var stats: StatsSettings = .init()
    package var watch: WatchSettings
    package var vocabulary: Vocabulary
    package var freeText: FreeTextSettings
    /// Request fields the network keeps (the seed's KEEP list).
    package var keptFields: Set<KeptField>
    /// Hex SHA-256 of the policy's canonical form (the effective document and the lists'
    /// entries, not the file's bytes: docs/policy.md#the-policy-hash); recorded in the audit
    /// log and shared with peers.
    package var hash: String
    /// The checked document with every default filled in (`yaml()` prints it).
    var effective: PolicyDocument
    /// Entries of each list the policy names, by field, in the canonical form's order.
    var listEntryCounts: [(name: String, count: Int)]

    package struct ConsentSettings: Sendable, Hashable {
        /// Always false: consent is opt-in (GDPR Art. 6(1)(a)); a policy saying otherwise is refused.
        package var defaultOn: Bool
        package var purposes: [String]
        package var eraseOnRevoke: Bool
    }

    package struct ErasureSettings: Sendable, Hashable {
        package var graceDays: Int
    }

    package struct AuditSettings: Sendable, Hashable {
        package var retentionYears: Int
        /// When the audit log starts a new segment on its own (`audit.segment`).
        package var segment: SegmentBoundary = .year

        package enum SegmentBoundary: String, Sendable, Hashable {
            /// A new segment at the first checkpoint of every UTC year.
            case year
            /// Only on demand (`POST /api/v1/admin/audit/rotate`).
            case none
        }
    }

    package struct PatternSettings: Sendable, Hashable {
        /// Patterns with fewer distinct contributors are never shown (the seed shows all: 1).
        package var minContributors: Int
        package var defaultLimit: Int
        package var maxLimit: Int
    }

    /// Peer sync intake (`sync:` in the YAML; optional, defaults below).
    package struct SyncSettings: Sendable, Hashable {
        /// Sync requests this gateway takes in at once; one more is answered 429 `busy`.
        package var maxConcurrentRequests: Int

        package static let defaultMaxConcurrentRequests = 4

        package init(maxConcurrentRequests: Int = defaultMaxConcurrentRequests) {
            self.maxConcurrentRequests = maxConcurrentRequests
        }
    }

    /// The learned ranking (`ranking:` in the YAML; optional, defaults below; docs/ranking.md).
    package struct RankingSettings: Sendable, Hashable {
        /// No tree leaf is fitted on fewer examples (XGBoost's `min_child_weight`): the k of
        /// the model, so no leaf value comes from fewer than k contributions.
        package var minLeafExamples: Int
        /// The formula's top candidates the learned model re-scores per query.
        package var candidates: Int

        package static let defaultMinLeafExamples = 5
        package static let defaultCandidates = 200

        package init(minLeafExamples: Int = defaultMinLeafExamples, candidates: Int = defaultCandidates) {
            self.minLeafExamples = minLeafExamples
            self.candidates = candidates
        }
    }

    package struct RequestLimits: Sendable, Hashable {
        package var maxItemBytes: Int
        package var maxBatchItems: Int
        package var maxBatchBytes: Int
        package var maxSteps: Int
        package var maxResourceTypes: Int
        package var maxMigrationIdLength: Int
        package var maxErrorMessageLength: Int
        package var maxSensitiveTerms: Int
        package var maxSensitiveTermLength: Int
        /// Scanner steps the privacy gate may spend on one contribution (see `ScanBudget`);
        /// past it the contribution is refused (`gate_budget_exceeded`). Default:
        /// `defaultGateStepsPerByte` × `maxItemBytes`.
        package var gateWorkBudget: Int

        /// Steps per byte of the largest item in the default budget: an honest 256 KiB
        /// contribution takes about a tenth of it (docs/privacy.md).
        package static let defaultGateStepsPerByte = 1024
    }
}
