/// The seed's ContributePatternRequest as it arrives: every field optional, so validation
/// can name exactly what is missing or wrong. Unknown fields are ignored and never stored.
package struct ContributePatternRequest: Codable, Sendable, Hashable {
    package var migrationId: String?
    package var sourceCloud: String?
    package var targetCloud: String?
    package var resourceTypes: [String]?
    package var strategy: String?
    package var steps: [Step]?
    package var successRate: Double?
    package var durationHours: Double?
    package var costSavingsPercent: Double?
    package var anonymize: Bool?
    package var sourceRegion: String?
    package var targetRegion: String?
    /// The caller's own company names, domains, account ids: used by the gate, never stored.
    package var sensitiveTerms: [String]?
    /// The pattern this migration followed: it must be visible on the receiving gateway.
    package var followedPatternId: String?
    /// A private network to contribute to instead of the global one (issue 18): an
    /// enterprise token of that organization, on a gateway that hosts it.
    package var network: String?

    package struct Step: Codable, Sendable, Hashable {
        package var action: String?
        package var durationSeconds: Double?
        package var success: Bool?
        package var errorMessage: String?

        package init(action: String?, durationSeconds: Double?, success: Bool?, errorMessage: String? = nil) {
            self.action = action
            self.durationSeconds = durationSeconds
            self.success = success
            self.errorMessage = errorMessage
        }
    }

    package init(
        migrationId: String? = nil, sourceCloud: String? = nil, targetCloud: String? = nil, resourceTypes: [String]? = nil,
        strategy: String? = nil, steps: [Step]? = nil, successRate: Double? = nil, durationHours: Double? = nil,
        costSavingsPercent: Double? = nil, anonymize: Bool? = nil, sourceRegion: String? = nil, targetRegion: String? = nil,
        sensitiveTerms: [String]? = nil, followedPatternId: String? = nil, network: String? = nil
    ) {
        self.network = network
        self.migrationId = migrationId
        self.sourceCloud = sourceCloud
        self.targetCloud = targetCloud
        self.resourceTypes = resourceTypes
        self.strategy = strategy
        self.steps = steps
        self.successRate = successRate
        self.durationHours = durationHours
        self.costSavingsPercent = costSavingsPercent
        self.anonymize = anonymize
        self.sourceRegion = sourceRegion
        self.targetRegion = targetRegion
        self.sensitiveTerms = sensitiveTerms
        self.followedPatternId = followedPatternId
    }
}
