/// A matcher query: the seed's SearchPatternsRequest, with names already checked against the policy.
package struct SearchQuery: Sendable, Hashable {
    package var sourceCloud: CloudProvider
    package var targetCloud: CloudProvider
    package var resourceTypes: [String]
    package var limit: Int
    package var minContributors: Int
    /// Private networks whose patterns the caller may see, besides the global network's.
    package var privateNetworks: Set<String>

    package init(
        sourceCloud: CloudProvider, targetCloud: CloudProvider, resourceTypes: [String], limit: Int = 10, minContributors: Int = 1,
        privateNetworks: Set<String> = []
    ) {
        self.sourceCloud = sourceCloud
        self.targetCloud = targetCloud
        self.resourceTypes = resourceTypes
        self.limit = limit
        self.minContributors = minContributors
        self.privateNetworks = privateNetworks
    }

    /// Whether a pattern of `network` (nil: the global one) may be shown to this query's caller.
    package func sees(network: String?) -> Bool {
        network.map(privateNetworks.contains) ?? true
    }
}

/// One ranked pattern.
package struct SearchMatch: Sendable, Hashable {
    package var pattern: PatternSummary
    /// 0.7 · cosine + 0.3 · shared/query, in 0…1.
    package var similarity: Double
    /// 0.6 · similarity + 0.3 · successRate + 0.1 · ln(contributors + 1).
    package var rank: Double
    /// The pattern's revision in the index: the same revision, the same summary.
    package var revision: UInt64

    package init(pattern: PatternSummary, similarity: Double, rank: Double, revision: UInt64 = 0) {
        self.pattern = pattern
        self.similarity = similarity
        self.rank = rank
        self.revision = revision
    }
}

package struct SearchOutcome: Sendable, Hashable {
    package var matches: [SearchMatch]
    /// Candidates that passed every filter, before the limit.
    package var totalMatches: Int
}

/// The seed's ranking, exactly.
package enum Ranking {
    /// Resource-type sets as binary vectors: cosine = |Q ∩ P| / √(|Q|·|P|).
    package static func similarity(shared: Int, queryCount: Int, patternCount: Int) -> Double {
        guard queryCount > 0, patternCount > 0 else { return 0 }
        let cosine = Double(shared) / (Double(queryCount) * Double(patternCount)).squareRoot()
        let boost = Double(shared) / Double(queryCount)
        return 0.7 * cosine + 0.3 * boost
    }

    package static func rank(similarity: Double, successRate: Double, contributors: Int) -> Double {
        0.6 * similarity + 0.3 * successRate + 0.1 * log(Double(contributors) + 1)
    }

    /// Higher rank first; equal ranks by pattern id.
    static func precedes(_ lhs: SearchMatch, _ rhs: SearchMatch) -> Bool {
        lhs.rank != rhs.rank ? lhs.rank > rhs.rank : lhs.pattern.patternId < rhs.pattern.patternId
    }
}

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif
