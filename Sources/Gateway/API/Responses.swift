import ErrorCodes
import PatternCore
import Replication

/// The seed's ContributePatternResponse plus the contribution's id and whether it was a retry.
package struct ContributePatternResponse: Codable, Sendable, Hashable {
    package var patternId: String
    package var contributed: Bool
    package var message: String
    /// Live contributions in the network as this gateway sees it.
    package var globalContributions: Int
    package var contributionId: String
    package var duplicate: Bool
}

/// One item of a batch: a response or an error, by position.
package struct BatchItemResult: Codable, Sendable, Hashable {
    package var index: Int
    package var status: Int
    package var result: ContributePatternResponse?
    package var error: ErrorBody.Detail?
}

package struct BatchContributeResponse: Codable, Sendable, Hashable {
    package var accepted: Int
    package var duplicates: Int
    package var rejected: Int
    package var results: [BatchItemResult]
}

/// `{"error": {"code", "message"}}`, the one error shape of the API.
package struct ErrorBody: Codable, Sendable, Hashable {
    package struct Detail: Codable, Sendable, Hashable {
        package var code: String
        package var message: String
        /// Present for `pii_detected`: kinds and field paths, never values.
        package var findings: [GateFinding]?
    }
    package var error: Detail

    package init(_ error: GatewayError) {
        self.error = Detail(code: error.code.rawValue, message: error.message, findings: error.findings)
    }
}

/// A step as the search response shows it: the seed's MigrationStep with its statistics.
package struct PatternStep: Codable, Sendable, Hashable {
    package var action: String
    /// Mean duration across contributions.
    package var durationSeconds: Double
    /// Share of runs of this step that succeeded.
    package var successRate: Double
    /// Runs of this step across the pattern's contributions.
    package var count: Int
    /// True when most runs succeeded (the seed's `success`).
    package var success: Bool
    /// The most frequent sanitized error messages of this step, at most three.
    package var commonErrors: [String]

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
package struct PatternResponse: Codable, Sendable, Hashable {
    package var patternId: String
    package var similarity: Double?
    package var successRate: Double
    package var avgDuration: Double
    package var costSavings: Double
    package var contributors: Int
    package var steps: [PatternStep]
    package var recommendations: [String]
    package var sourceCloud: String
    package var targetCloud: String
    package var strategy: String
    package var resourceTypes: [String]
    /// `global`, or the private network the pattern lives in (issue 18).
    package var network: String

    init(_ summary: PatternSummary, similarity: Double?) {
        network = summary.network ?? ReplicaNetwork.globalName
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
package struct SearchPatternsResponse: Codable, Sendable, Hashable {
    package var patterns: [PatternResponse]
    package var totalMatches: Int
    /// Milliseconds spent matching.
    package var queryTime: Double
    /// `formula` or `learned`: the order this answer is in (docs/ranking.md).
    package var ranking: String
    /// Only when the token's plan lowered the `limit` asked for: the limit applied.
    package var limit: Int?
    /// Only when the token's plan lowered the `limit` asked for: true.
    package var limitClamped: Bool?
}

/// How a search answer is ordered.
package enum SearchRanking: String, Sendable {
    case formula
    case learned
}

/// Proof of one consent change (GDPR Art. 7(1): consent must be demonstrable).
package struct ConsentReceipt: Codable, Sendable, Hashable {
    /// `origin:seq` of the consent event.
    package var eventId: String
    package var action: String
    package var purposes: [String]
    package var policyVersion: String
    package var actor: String
    package var at: String
    /// Content hash of the event, as every gateway of the network can recompute it.
    package var hash: String
}

/// A deployment's consent: what is active now and every change, oldest first.
package struct ConsentStateResponse: Codable, Sendable, Hashable {
    package var subject: String
    package var contribute: Bool
    package var activePurposes: [String]
    package var history: [ConsentReceipt]
    /// The receipt of the change this request made, if it made one.
    package var receipt: ConsentReceipt?
    /// The erasure a revoke of `contribute` made (policy `eraseOnRevoke`).
    package var erasure: ErasureReceipt?
}

/// `PUT /api/v1/consent` body.
package struct ConsentChangeRequest: Codable, Sendable, Hashable {
    /// `grant` or `revoke`.
    package var action: String?
    /// Defaults to every purpose of the policy for a revoke, `contribute` for a grant.
    package var purposes: [String]?
    /// The policy version the deployment agreed to; must be the gateway's if given.
    package var policyVersion: String?
    /// The private network the consent is for (issue 18); omitted or `global`: the global network.
    package var network: String?

    package init(action: String?, purposes: [String]? = nil, policyVersion: String? = nil, network: String? = nil) {
        self.action = action
        self.purposes = purposes
        self.policyVersion = policyVersion
        self.network = network
    }
}

/// `POST /api/v1/admin/consent` body: the raw deployment id travels only here, never in a URL.
package struct OfficerConsentRequest: Codable, Sendable, Hashable {
    package var deploymentId: String?
    /// When true, revokes every purpose on the deployment's behalf (an objection received by the officer).
    package var revoke: Bool?
    /// A private network this gateway hosts (issue 18); omitted or `global`: the global network.
    package var network: String?

    package init(deploymentId: String?, revoke: Bool? = nil, network: String? = nil) {
        self.deploymentId = deploymentId
        self.revoke = revoke
        self.network = network
    }
}
