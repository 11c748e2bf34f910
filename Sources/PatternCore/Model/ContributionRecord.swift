/// What the network keeps of one contribution: the seed's KEEP list and nothing else.
///
/// No migration id, deployment id or sensitive term ever reaches this type; the gateway
/// builds it from a validated request after the privacy gate.
package struct ContributionRecord: Codable, Sendable, Hashable {
    package var sourceCloud: CloudProvider
    package var targetCloud: CloudProvider
    package var sourceRegion: String?
    package var targetRegion: String?
    /// Canonical resource type names, deduplicated, sorted.
    package var resourceTypes: [String]
    package var strategy: MigrationStrategy
    package var steps: [MigrationStep]
    package var successRate: Double
    package var durationHours: Double
    package var costSavingsPercent: Double
    /// The pattern this migration followed (32 lowercase hex digits), the outcome signal the
    /// learned ranking trains on (docs/ranking.md). Never part of a pattern or a search answer.
    package var followedPatternId: String?

    package init(
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
    package var patternKey: PatternKey { patternKey(network: nil) }

    /// The identity of the pattern this contribution counts in, in a private network (nil: the global one).
    package func patternKey(network: String?) -> PatternKey {
        PatternKey(sourceCloud: sourceCloud, targetCloud: targetCloud, strategy: strategy, resourceTypes: resourceTypes, network: network)
    }
}

/// A contribution that is live in the replicated state (not erased), as the matcher sees it.
package struct LiveContribution: Sendable, Hashable {
    package var contributionId: String
    package var pseudonym: String
    package var record: ContributionRecord {
        didSet { patternId = patternKey.patternId }
    }
    /// `patternKey.patternId`, kept so the matcher does not hash it again; pass it when it is
    /// already known (a checked event payload carries it).
    package private(set) var patternId: String
    /// HLC wall-clock milliseconds of the event that made this version live, when known:
    /// its pattern's age for the learned ranking.
    package var hlcWallMillis: UInt64?
    /// The private network it was contributed in (from its event's origin); nil: the global one.
    package let network: String?

    package init(
        contributionId: String, pseudonym: String, record: ContributionRecord, patternId: String? = nil, hlcWallMillis: UInt64? = nil,
        network: String? = nil
    ) {
        self.contributionId = contributionId
        self.pseudonym = pseudonym
        self.record = record
        self.network = network
        self.patternId = patternId ?? record.patternKey(network: network).patternId
        self.hlcWallMillis = hlcWallMillis
    }

    /// The pattern it counts in, in its network.
    package var patternKey: PatternKey { record.patternKey(network: network) }
}
