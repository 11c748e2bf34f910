/// What the network keeps of one contribution: the seed's KEEP list and nothing else.
///
/// No migration id, deployment id or sensitive term ever reaches this type; the gateway
/// builds it from a validated request after the privacy gate.
public struct ContributionRecord: Codable, Sendable, Hashable {
    public var sourceCloud: CloudProvider
    public var targetCloud: CloudProvider
    public var sourceRegion: String?
    public var targetRegion: String?
    /// Canonical resource type names, deduplicated, sorted.
    public var resourceTypes: [String]
    public var strategy: MigrationStrategy
    public var steps: [MigrationStep]
    public var successRate: Double
    public var durationHours: Double
    public var costSavingsPercent: Double
    /// The pattern this migration followed (32 lowercase hex digits), the outcome signal the
    /// learned ranking trains on (docs/ranking.md). Never part of a pattern or a search answer.
    public var followedPatternId: String?

    public init(
        sourceCloud: CloudProvider,
        targetCloud: CloudProvider,
        sourceRegion: String? = nil,
        targetRegion: String? = nil,
        resourceTypes: [String],
        strategy: MigrationStrategy,
        steps: [MigrationStep],
        successRate: Double,
        durationHours: Double,
        costSavingsPercent: Double,
        followedPatternId: String? = nil
    ) {
        self.sourceCloud = sourceCloud
        self.targetCloud = targetCloud
        self.sourceRegion = sourceRegion
        self.targetRegion = targetRegion
        self.resourceTypes = resourceTypes
        self.strategy = strategy
        self.steps = steps
        self.successRate = successRate
        self.durationHours = durationHours
        self.costSavingsPercent = costSavingsPercent
        self.followedPatternId = followedPatternId
    }

    /// The identity of the pattern this contribution counts in.
    public var patternKey: PatternKey {
        PatternKey(sourceCloud: sourceCloud, targetCloud: targetCloud, strategy: strategy, resourceTypes: resourceTypes)
    }
}

/// A contribution that is live in the replicated state (not erased), as the matcher sees it.
public struct LiveContribution: Sendable, Hashable {
    public var contributionId: String
    public var pseudonym: String
    public var record: ContributionRecord {
        didSet { patternId = record.patternKey.patternId }
    }
    /// `record.patternKey.patternId`, kept so the matcher does not hash it again; pass it
    /// when it is already known (a checked event payload carries it).
    public private(set) var patternId: String
    /// HLC wall-clock milliseconds of the event that made this version live, when known:
    /// its pattern's age for the learned ranking.
    public var hlcWallMillis: UInt64?

    public init(contributionId: String, pseudonym: String, record: ContributionRecord, patternId: String? = nil, hlcWallMillis: UInt64? = nil) {
        self.contributionId = contributionId
        self.pseudonym = pseudonym
        self.record = record
        self.patternId = patternId ?? record.patternKey.patternId
        self.hlcWallMillis = hlcWallMillis
    }
}
