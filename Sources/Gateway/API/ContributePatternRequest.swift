/// The seed's ContributePatternRequest as it arrives: every field optional, so validation
/// can name exactly what is missing or wrong. Unknown fields are ignored and never stored.
public struct ContributePatternRequest: Codable, Sendable, Hashable {
    public var migrationId: String?
    public var sourceCloud: String?
    public var targetCloud: String?
    public var resourceTypes: [String]?
    public var strategy: String?
    public var steps: [Step]?
    public var successRate: Double?
    public var durationHours: Double?
    public var costSavingsPercent: Double?
    public var anonymize: Bool?
    public var sourceRegion: String?
    public var targetRegion: String?
    /// The caller's own company names, domains, account ids: used by the gate, never stored.
    public var sensitiveTerms: [String]?
    /// The pattern this migration followed: it must be visible on the receiving gateway.
    public var followedPatternId: String?

    public struct Step: Codable, Sendable, Hashable {
        public var action: String?
        public var durationSeconds: Double?
        public var success: Bool?
        public var errorMessage: String?

        public init(action: String?, durationSeconds: Double?, success: Bool?, errorMessage: String? = nil) {
            self.action = action
            self.durationSeconds = durationSeconds
            self.success = success
            self.errorMessage = errorMessage
        }
    }

    public init(
        migrationId: String? = nil, sourceCloud: String? = nil, targetCloud: String? = nil, resourceTypes: [String]? = nil,
        strategy: String? = nil, steps: [Step]? = nil, successRate: Double? = nil, durationHours: Double? = nil,
        costSavingsPercent: Double? = nil, anonymize: Bool? = nil, sourceRegion: String? = nil, targetRegion: String? = nil,
        sensitiveTerms: [String]? = nil, followedPatternId: String? = nil
    ) {
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
