import ErrorCodes
import PatternCore

/// The seed's ContributePatternResponse plus the contribution's id and whether it was a retry.
public struct ContributePatternResponse: Codable, Sendable, Hashable {
    public var patternId: String
    public var contributed: Bool
    public var message: String
    /// Live contributions in the network as this gateway sees it.
    public var globalContributions: Int
    public var contributionId: String
    public var duplicate: Bool
}

/// One item of a batch: a response or an error, by position.
public struct BatchItemResult: Codable, Sendable, Hashable {
    public var index: Int
    public var status: Int
    public var result: ContributePatternResponse?
    public var error: ErrorBody.Detail?
}

public struct BatchContributeResponse: Codable, Sendable, Hashable {
    public var accepted: Int
    public var duplicates: Int
    public var rejected: Int
    public var results: [BatchItemResult]
}

/// `{"error": {"code", "message"}}`, the one error shape of the API.
public struct ErrorBody: Codable, Sendable, Hashable {
    public struct Detail: Codable, Sendable, Hashable {
        public var code: String
        public var message: String
        /// Present for `pii_detected`: kinds and field paths, never values.
        public var findings: [GateFinding]?
    }
    public var error: Detail

    public init(_ error: GatewayError) {
        self.error = Detail(code: error.code.rawValue, message: error.message, findings: error.findings)
    }
}

/// A step as the search response shows it: the seed's MigrationStep with its statistics.
public struct PatternStep: Codable, Sendable, Hashable {
    public var action: String
    /// Mean duration across contributions.
    public var durationSeconds: Double
    /// Share of runs of this step that succeeded.
    public var successRate: Double
    /// Runs of this step across the pattern's contributions.
    public var count: Int
    /// True when most runs succeeded (the seed's `success`).
    public var success: Bool
    /// The most frequent sanitized error messages of this step, at most three.
    public var commonErrors: [String]

    init(_ statistics: StepStatistics) {
        commonErrors = statistics.commonErrors
        action = statistics.action
        durationSeconds = statistics.meanDurationSeconds
        successRate = statistics.successRate
        count = statistics.count
        success = statistics.successRate >= 0.5
    }
}

/// One pattern: the seed's search entry (with `similarity` when it came from a search).
public struct PatternResponse: Codable, Sendable, Hashable {
    public var patternId: String
    public var similarity: Double?
    public var successRate: Double
    public var avgDuration: Double
    public var costSavings: Double
    public var contributors: Int
    public var steps: [PatternStep]
    public var recommendations: [String]
    public var sourceCloud: String
    public var targetCloud: String
    public var strategy: String
    public var resourceTypes: [String]

    init(_ summary: PatternSummary, similarity: Double?) {
        patternId = summary.patternId
        self.similarity = similarity
        successRate = summary.successRate
        avgDuration = summary.avgDuration
        costSavings = summary.costSavings
        contributors = summary.contributors
        steps = summary.steps.map(PatternStep.init)
        recommendations = summary.recommendations
        sourceCloud = summary.sourceCloud.rawValue
        targetCloud = summary.targetCloud.rawValue
        strategy = summary.strategy.rawValue
        resourceTypes = summary.resourceTypes
    }
}

/// The seed's SearchPatternsResponse.
public struct SearchPatternsResponse: Codable, Sendable, Hashable {
    public var patterns: [PatternResponse]
    public var totalMatches: Int
    /// Milliseconds spent matching.
    public var queryTime: Double
    /// `formula` or `learned`: the order this answer is in (docs/ranking.md).
    public var ranking: String
}

/// How a search answer is ordered.
public enum SearchRanking: String, Sendable {
    case formula
    case learned
}

/// Proof of one consent change (GDPR Art. 7(1): consent must be demonstrable).
public struct ConsentReceipt: Codable, Sendable, Hashable {
    /// `origin:seq` of the consent event.
    public var eventId: String
    public var action: String
    public var purposes: [String]
    public var policyVersion: String
    public var actor: String
    public var at: String
    /// Content hash of the event, as every gateway of the network can recompute it.
    public var hash: String
}

/// A deployment's consent: what is active now and every change, oldest first.
public struct ConsentStateResponse: Codable, Sendable, Hashable {
    public var subject: String
    public var contribute: Bool
    public var activePurposes: [String]
    public var history: [ConsentReceipt]
    /// The receipt of the change this request made, if it made one.
    public var receipt: ConsentReceipt?
    /// The erasure a revoke of `contribute` made (policy `eraseOnRevoke`).
    public var erasure: ErasureReceipt?
}

/// `PUT /api/v1/consent` body.
public struct ConsentChangeRequest: Codable, Sendable, Hashable {
    /// `grant` or `revoke`.
    public var action: String?
    /// Defaults to every purpose of the policy for a revoke, `contribute` for a grant.
    public var purposes: [String]?
    /// The policy version the deployment agreed to; must be the gateway's if given.
    public var policyVersion: String?

    public init(action: String?, purposes: [String]? = nil, policyVersion: String? = nil) {
        self.action = action
        self.purposes = purposes
        self.policyVersion = policyVersion
    }
}

/// `POST /api/v1/admin/consent` body: the raw deployment id travels only here, never in a URL.
public struct OfficerConsentRequest: Codable, Sendable, Hashable {
    public var deploymentId: String?
    /// When true, revokes every purpose on the deployment's behalf (an objection received by the officer).
    public var revoke: Bool?

    public init(deploymentId: String?, revoke: Bool? = nil) {
        self.deploymentId = deploymentId
        self.revoke = revoke
    }
}
