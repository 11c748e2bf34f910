/// The in-memory matcher: live contributions, the patterns derived from them, and an
/// inverted index from resource type to pattern per (source, target) cloud pair.
///
/// A value type: the gateway keeps one behind a lock, applies each committed change in
/// commit order, and rebuilds it from the store at start.
package struct PatternIndex: Sendable {
    private var contributions: [String: LiveContribution] = [:]
    private var patterns: [String: PatternEntry] = [:]
    private var pairs: [CloudPair: PairIndex] = [:]
    private var typeIds: [String: Int32] = [:]
    private var visiblePatterns = 0
    /// Live contributions per private network, so the global count never includes them.
    private var privateCounts: [String: Int] = [:]
    /// Source of pattern revisions: every refresh of a pattern takes the next one.
    private var lastRevision: UInt64 = 0

    package init() {}

    package init(_ contributions: some Sequence<LiveContribution>) {
        upsert(contentsOf: contributions)
    }

    /// Live contributions known to the index, in every network.
    package var contributionCount: Int { contributions.count }

    /// Live contributions of one network (nil: the global one).
    package func contributionCount(network: String?) -> Int {
        guard let network else { return contributions.count - privateCounts.values.reduce(0, +) }
        return privateCounts[network] ?? 0
    }

    /// Patterns with at least one live contribution.
    package var patternCount: Int { visiblePatterns }

    package func contribution(id: String) -> LiveContribution? { contributions[id] }

    /// Every live contribution, in contribution-id order.
    package var allContributions: [LiveContribution] { contributions.values.sorted { $0.contributionId < $1.contributionId } }

    package func pattern(id: String) -> PatternSummary? { patterns[id]?.summary }

    /// The key of a pattern the index has seen, even one with no live contribution left.
    package func patternKey(id: String) -> PatternKey? { patterns[id]?.key }

    /// Adds a contribution, or replaces the one with its id (a revision may change its pattern).
    package mutating func upsert(_ contribution: LiveContribution) {
        apply(CollectionOfOne(.upsert(contribution)))
    }

    /// Adds or replaces many contributions.
    package mutating func upsert(contentsOf batch: some Sequence<LiveContribution>) {
        apply(batch.lazy.map { .upsert($0) })
    }

    /// Removes a contribution (erased); its pattern is re-derived from the rest.
    package mutating func remove(contributionId: String) {
        apply(CollectionOfOne(.remove(contributionId: contributionId)))
    }

    /// Applies committed changes in order, re-deriving each touched pattern once: a summary
    /// is derived from all its members, so per-change refreshes would cost O(members²) on a
    /// popular pattern. Returns whether a contribution left or was replaced, so callers can
    /// drop what they derived from it.
    @discardableResult
    package mutating func apply(_ changes: some Sequence<IndexChange>) -> Bool {
        applyReporting(changes).detached
    }

    /// `apply`, also saying which patterns it re-derived and their distinct contributors
    /// before and after (what live updates need to tell a visibility change from an edit).
    package mutating func applyReporting(_ changes: some Sequence<IndexChange>) -> (detached: Bool, touched: [PatternTouch]) {
        var touched = Set<String>()
        var detached = false
        for change in changes {
            switch change {
            case .remove(let contributionId):
                if let patternId = detach(contributionId: contributionId) {
                    touched.insert(patternId)
                    detached = true
                }
            case .upsert(let contribution):
                if let previous = detach(contributionId: contribution.contributionId) {
                    touched.insert(previous)
                    detached = true
                }
                contributions[contribution.contributionId] = contribution
                if let network = contribution.network { privateCounts[network, default: 0] += 1 }
                let patternId = contribution.patternId
                if patterns[patternId] == nil {
                    let key = contribution.patternKey
                    patterns[patternId] = PatternEntry(key: key, patternId: patternId, slot: register(key: key, patternId: patternId))
                }
                patterns[patternId]!.members[contribution.contributionId] = contribution
                patterns[patternId]!.aggregate.add(contribution)
                touched.insert(patternId)
            }
        }
        return (detached, touched.sorted().compactMap { refresh(patternId: $0) })
    }

    /// Takes a contribution out of the index without re-deriving; returns its pattern id.
    private mutating func detach(contributionId: String) -> String? {
        guard let contribution = contributions.removeValue(forKey: contributionId) else { return nil }
        if let network = contribution.network { privateCounts[network, default: 1] -= 1 }
        let patternId = contribution.patternId
        patterns[patternId]?.members[contributionId] = nil
        patterns[patternId]?.stale = true
        return patternId
    }

    package func search(_ query: SearchQuery) -> SearchOutcome {
        let queryTypes = Set(query.resourceTypes.map(PatternKey.asciiLowercased))
        guard !queryTypes.isEmpty, let pair = pairs[CloudPair(source: query.sourceCloud, target: query.targetCloud)] else {
            return SearchOutcome(matches: [], totalMatches: 0)
        }
        var shared = [UInt8](repeating: 0, count: pair.patternIds.count)
        var candidates: [Int32] = []
        for name in queryTypes {
            guard let typeId = typeIds[name], let postings = pair.postings[typeId] else { continue }
            for slot in postings {
                if shared[Int(slot)] == 0 { candidates.append(slot) }
                shared[Int(slot)] &+= 1
            }
        }
        let limit = max(0, query.limit)
        // Top-k over the pair's columns only; summaries are derived for the k kept at the end.
        var best: [(rank: Double, similarity: Double, slot: Int)] = []
        best.reserveCapacity(limit + 1)
        var total = 0
        func precedes(_ lhs: (rank: Double, similarity: Double, slot: Int), _ rhs: (rank: Double, similarity: Double, slot: Int)) -> Bool {
            lhs.rank != rhs.rank ? lhs.rank > rhs.rank : pair.patternIds[lhs.slot] < pair.patternIds[rhs.slot]
        }
        for slot in candidates {
            let index = Int(slot)
            let contributors = Int(pair.contributors[index])
            guard contributors >= max(1, query.minContributors), query.sees(network: pair.networks[index]) else { continue }
            total += 1
            let similarity = Ranking.similarity(
                shared: Int(shared[index]), queryCount: queryTypes.count, patternCount: Int(pair.typeCounts[index]))
            let rank = Ranking.rank(similarity: similarity, successRate: pair.successRates[index], contributors: contributors)
            guard limit > 0 else { continue }
            let candidate = (rank: rank, similarity: similarity, slot: index)
            if best.count == limit, !precedes(candidate, best[limit - 1]) { continue }
            let position = best.firstIndex { precedes(candidate, $0) } ?? best.count
            best.insert(candidate, at: position)
            if best.count > limit { best.removeLast() }
        }
        let matches = best.compactMap { kept -> SearchMatch? in
            guard let entry = patterns[pair.patternIds[kept.slot]], let summary = entry.summary else { return nil }
            return SearchMatch(pattern: summary, similarity: kept.similarity, rank: kept.rank, revision: entry.revision)
        }
        return SearchOutcome(matches: matches, totalMatches: total)
    }

    // MARK: - Maintenance

    private mutating func register(key: PatternKey, patternId: String) -> Int32 {
        let pairKey = CloudPair(source: key.sourceCloud, target: key.targetCloud)
        // Taken out of the dictionary so the column arrays are uniquely referenced and
        // append in place (a copy here made every registration O(patterns)).
        var pair = pairs.removeValue(forKey: pairKey) ?? PairIndex()
        let slot = Int32(pair.patternIds.count)
        let normalized = key.normalizedResourceTypes
        pair.patternIds.append(patternId)
        pair.networks.append(key.network)
        pair.typeCounts.append(Int32(normalized.count))
        pair.successRates.append(0)
        pair.contributors.append(0)
        for name in normalized {
            let typeId =
                typeIds[name]
                ?? {
                    let id = Int32(typeIds.count)
                    typeIds[name] = id
                    return id
                }()
            pair.postings[typeId, default: []].append(slot)
        }
        pairs[pairKey] = pair
        return slot
    }

    @discardableResult
    private mutating func refresh(patternId: String) -> PatternTouch? {
        guard var entry = patterns.removeValue(forKey: patternId) else { return nil }
        if entry.stale {
            entry.aggregate = PatternAggregate(entry.members.values)
            entry.stale = false
        }
        visiblePatterns += (entry.aggregate.isEmpty ? 0 : 1) - (entry.visible ? 1 : 0)
        entry.visible = !entry.aggregate.isEmpty
        lastRevision &+= 1
        entry.revision = lastRevision
        patterns[patternId] = entry
        let pairKey = CloudPair(source: entry.key.sourceCloud, target: entry.key.targetCloud)
        let slot = Int(entry.slot)
        let before = pairs[pairKey].map { Int($0.contributors[slot]) } ?? 0
        pairs[pairKey]?.successRates[slot] = entry.aggregate.successRate
        pairs[pairKey]?.contributors[slot] = Int32(entry.aggregate.contributors)
        return PatternTouch(patternId: patternId, key: entry.key, contributorsBefore: before, contributorsAfter: entry.aggregate.contributors)
    }

    /// Ids of the patterns `query` would find (same clouds, a shared resource type, at least
    /// `query.minContributors` distinct contributors), in id order, whatever `query.limit`.
    package func matchingPatternIds(_ query: SearchQuery) -> [String] {
        guard let pair = pairs[CloudPair(source: query.sourceCloud, target: query.targetCloud)] else { return [] }
        var slots = Set<Int32>()
        for name in Set(query.resourceTypes.map(PatternKey.asciiLowercased)) {
            guard let typeId = typeIds[name], let postings = pair.postings[typeId] else { continue }
            slots.formUnion(postings)
        }
        return slots.filter { Int(pair.contributors[Int($0)]) >= max(1, query.minContributors) && query.sees(network: pair.networks[Int($0)]) }
            .map { pair.patternIds[Int($0)] }.sorted()
    }
}

/// A pattern one `applyReporting` re-derived.
package struct PatternTouch: Sendable, Hashable {
    package var patternId: String
    package var key: PatternKey
    /// Distinct contributors before the change and after it.
    package var contributorsBefore: Int
    package var contributorsAfter: Int
}

/// One committed change to the live set, in commit order.
package enum IndexChange: Sendable, Hashable {
    case upsert(LiveContribution)
    case remove(contributionId: String)
}

private struct CloudPair: Hashable, Sendable {
    var source: CloudProvider
    var target: CloudProvider
}

/// A pattern's slot in its pair index and its live members. A pattern whose last
/// contribution is erased keeps its slot with no summary, and is never a candidate.
private struct PatternEntry: Sendable {
    var key: PatternKey
    var patternId: String
    var slot: Int32
    var members: [String: LiveContribution] = [:]
    /// Sums over `members`; additions are applied as they come, a removal marks it stale
    /// and the next refresh rebuilds it from the members that remain.
    var aggregate = PatternAggregate()
    var stale = false
    /// Whether the pattern had live contributions at the last refresh.
    var visible = false
    /// Changes whenever the pattern's summary may have: callers may keep what they derive
    /// from a summary (its JSON) for as long as the revision stays the same.
    var revision: UInt64 = 0

    /// Derived when asked (search results, look-ups): additions only update the sums.
    var summary: PatternSummary? { aggregate.summary(key: key, patternId: patternId) }
}

/// Column-wise arrays keep the scoring loop over candidates cache-friendly.
private struct PairIndex: Sendable {
    var patternIds: [String] = []
    /// Each pattern's private network (nil: the global one), which a query must be allowed to see.
    var networks: [String?] = []
    var typeCounts: [Int32] = []
    var successRates: [Double] = []
    var contributors: [Int32] = []
    var postings: [Int32: [Int32]] = [:]
}
