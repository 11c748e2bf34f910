package import PatternCore

/// One live contribution as training sees it: the record, who made it (to count distinct
/// contributors, never a feature), its place in the replicated order, and the pattern it
/// followed if it named one.
///
/// `hlc`, `origin` and `seq` order contributions the same way on every gateway, so the same
/// live set gives the same training set everywhere.
package struct RankingContribution: Sendable, Hashable {
    package var contributionId: String
    package var pseudonym: String
    package var record: ContributionRecord
    /// HLC wall-clock milliseconds of the event that made the contribution live.
    package var hlcWallMillis: UInt64
    /// HLC logical counter of that event.
    package var hlcLogical: UInt32
    /// The gateway that stamped the event.
    package var origin: String
    /// The event's sequence number at its origin.
    package var seq: UInt64
    /// The pattern the deployment followed (32 lowercase hex digits), if it named one.
    package var followedPatternId: String?
    /// The private network it was contributed in (issue 18); nil: the global one. Its pattern
    /// ids are that network's, as the followed pattern ids it names are.
    package var network: String?

    package init(
        contributionId: String, pseudonym: String, record: ContributionRecord, hlcWallMillis: UInt64, hlcLogical: UInt32 = 0,
        origin: String, seq: UInt64, followedPatternId: String? = nil, network: String? = nil
    ) {
        self.network = network
        self.contributionId = contributionId
        self.pseudonym = pseudonym
        self.record = record
        self.hlcWallMillis = hlcWallMillis
        self.hlcLogical = hlcLogical
        self.origin = origin
        self.seq = seq
        self.followedPatternId = followedPatternId
    }

    /// Strictly earlier in the replicated order (HLC, origin, seq); contribution id last,
    /// so even a malformed input with equal positions sorts the same everywhere.
    package static func precedes(_ lhs: Self, _ rhs: Self) -> Bool {
        if lhs.hlcWallMillis != rhs.hlcWallMillis { return lhs.hlcWallMillis < rhs.hlcWallMillis }
        if lhs.hlcLogical != rhs.hlcLogical { return lhs.hlcLogical < rhs.hlcLogical }
        if lhs.origin != rhs.origin { return lhs.origin < rhs.origin }
        if lhs.seq != rhs.seq { return lhs.seq < rhs.seq }
        return lhs.contributionId < rhs.contributionId
    }

    /// The query this contribution would have asked: its clouds and resource types.
    package var query: RankingQuery {
        RankingQuery(sourceCloud: record.sourceCloud, targetCloud: record.targetCloud, resourceTypes: record.resourceTypes)
    }
}
