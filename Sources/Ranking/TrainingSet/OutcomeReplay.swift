import PatternCore

/// The live patterns as they stood before each contribution, built by adding contributions
/// one at a time in the replicated order: running sums per pattern and an inverted index
/// from resource type to pattern per cloud pair, like the matcher's.
///
/// Replaying in order costs one addition per contribution, instead of re-deriving every
/// pattern for every example; the candidates of an example are read from the state just
/// before its own contribution is added, so nothing later and not itself can enter them.
struct OutcomeReplay {
    struct Pattern {
        var patternId: String
        var pair: Int
        var strategy: MigrationStrategy
        var typeIds: [Int32]
        var typeNames: [String]
        var count = 0
        var successSum = 0.0
        var durationSum = 0.0
        var savingsSum = 0.0
        var pseudonyms = Set<String>()
        var steps = 0
        var successfulSteps = 0
        var firstSeenMillis: UInt64 = .max

        var successRate: Double { count == 0 ? 0 : successSum / Double(count) }

        var candidate: CandidatePattern {
            CandidatePattern(
                patternId: patternId, strategy: strategy, resourceTypes: typeNames, successRate: successRate,
                contributions: count, contributors: pseudonyms.count,
                meanDurationHours: count == 0 ? 0 : durationSum / Double(count),
                costSavingsPercent: count == 0 ? 0 : savingsSum / Double(count), steps: steps,
                successfulSteps: Double(successfulSteps), firstSeenMillis: count == 0 ? nil : firstSeenMillis)
        }
    }

    /// One candidate of a query: its slot, shared type count and the formula's rank.
    struct Candidate {
        var slot: Int
        var shared: Int
        var formula: Double
    }

    private(set) var patterns: [Pattern] = []
    private var slots: [String: Int] = [:]
    private var typeIds: [String: Int32] = [:]
    /// Per cloud pair (index into `pairKeys`): type id → pattern slots.
    private var postings: [[Int32: [Int]]] = []
    private var pairIndex: [String: Int] = [:]
    private var sharedScratch: [Int] = []

    func slot(patternId: String) -> Int? { slots[patternId] }

    static func pairKey(_ source: CloudProvider, _ target: CloudProvider) -> String { "\(source.rawValue)>\(target.rawValue)" }

    /// The pair's index, if any pattern has been seen for it.
    func pair(_ source: CloudProvider, _ target: CloudProvider) -> Int? { pairIndex[Self.pairKey(source, target)] }

    /// Adds one contribution (already normalized types, known pattern id).
    mutating func add(_ contribution: RankingContribution, patternId: String, normalizedTypes: [String]) {
        let record = contribution.record
        let slot: Int
        if let known = slots[patternId] {
            slot = known
        } else {
            let key = Self.pairKey(record.sourceCloud, record.targetCloud)
            let pair =
                pairIndex[key]
                ?? {
                    pairIndex[key] = postings.count
                    postings.append([:])
                    return postings.count - 1
                }()
            let ids = normalizedTypes.map { name in
                typeIds[name]
                    ?? {
                        let id = Int32(typeIds.count)
                        typeIds[name] = id
                        return id
                    }()
            }
            slot = patterns.count
            slots[patternId] = slot
            patterns.append(Pattern(patternId: patternId, pair: pair, strategy: record.strategy, typeIds: ids, typeNames: normalizedTypes))
            sharedScratch.append(0)
            for id in ids { postings[pair][id, default: []].append(slot) }
        }
        patterns[slot].count += 1
        patterns[slot].successSum += record.successRate
        patterns[slot].durationSum += record.durationHours
        patterns[slot].savingsSum += record.costSavingsPercent
        patterns[slot].pseudonyms.insert(contribution.pseudonym)
        patterns[slot].steps += record.steps.count
        patterns[slot].successfulSteps += record.steps.reduce(0) { $0 + ($1.success ? 1 : 0) }
        patterns[slot].firstSeenMillis = min(patterns[slot].firstSeenMillis, contribution.hlcWallMillis)
    }

    /// Types shared between `queryTypes` and the pattern in `slot`.
    func shared(_ queryTypes: [String], slot: Int) -> Int {
        FeatureVector.sharedCount(queryTypes, patterns[slot].typeNames)
    }

    /// The patterns of the query's cloud pair sharing at least one type and having at least
    /// `minContributors` contributors, as the formula ranks them (rank descending, then
    /// pattern id), the first `limit` of them, plus `required` wherever it ranks if it is a
    /// candidate and not among them.
    mutating func candidates(
        source: CloudProvider, target: CloudProvider, queryTypes: [String], minContributors: Int, limit: Int, required: Int?
    ) -> [Candidate] {
        guard let pair = pair(source, target) else { return [] }
        var touched: [Int] = []
        for name in queryTypes {
            guard let id = typeIds[name], let list = postings[pair][id] else { continue }
            for slot in list {
                if sharedScratch[slot] == 0 { touched.append(slot) }
                sharedScratch[slot] += 1
            }
        }
        var all: [Candidate] = []
        all.reserveCapacity(touched.count)
        for slot in touched {
            let shared = sharedScratch[slot]
            sharedScratch[slot] = 0
            let pattern = patterns[slot]
            guard pattern.count > 0, pattern.pseudonyms.count >= max(1, minContributors) else { continue }
            let similarity = PatternCore.Ranking.similarity(
                shared: shared, queryCount: queryTypes.count, patternCount: pattern.typeIds.count)
            let formula = PatternCore.Ranking.rank(similarity: similarity, successRate: pattern.successRate, contributors: pattern.pseudonyms.count)
            all.append(Candidate(slot: slot, shared: shared, formula: formula))
        }
        let patterns = self.patterns
        all.sort { lhs, rhs in
            lhs.formula != rhs.formula ? lhs.formula > rhs.formula : patterns[lhs.slot].patternId < patterns[rhs.slot].patternId
        }
        var kept = Array(all.prefix(max(0, limit)))
        if let required, !kept.contains(where: { $0.slot == required }), let found = all.first(where: { $0.slot == required }) {
            kept.append(found)
        }
        return kept
    }

    /// Features of the pattern in `slot` for a query of `queryCount` types sharing `shared`.
    func features(slot: Int, shared: Int, queryCount: Int, nowMillis: UInt64) -> FeatureVector {
        let pattern = patterns[slot]
        return FeatureVector(
            shared: shared, queryCount: queryCount, patternCount: pattern.typeIds.count, pattern: pattern.candidate, nowMillis: nowMillis)
    }
}
