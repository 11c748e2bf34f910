import Crypto
import PatternCore

/// The examples of one training run, split by time, and the contributions they used.
///
/// An example is a live contribution that named a followed pattern, where that pattern, as
/// built from strictly earlier contributions, is a candidate for the contribution's own
/// query (same clouds, a shared type) with at least `minContributors` contributors.
package struct TrainingSet: Sendable {
    /// The earlier examples, which the model is trained on.
    package var training: [TrainingExample]
    /// The most recent `holdoutPercent` of examples, which it is evaluated on.
    package var holdout: [TrainingExample]
    /// Sorted ids of every contribution whose data entered any feature, label or candidate
    /// list of any example: every live contribution up to and including the last example in
    /// the replicated order (docs/ranking.md#forgetting). Erasing any of them must delete
    /// the model.
    package var usedContributionIds: [String]

    /// SHA-256 over the used ids, each followed by a newline, in ascending order (hex).
    package var digest: String { Self.digest(usedContributionIds) }

    package static func digest(_ sortedIds: [String]) -> String {
        var hasher = SHA256()
        for id in sortedIds { hasher.update(data: Array((id + "\n").utf8)) }
        return Hex.encode(hasher.finalize())
    }

    /// Replays `contributions` in the replicated order twice: once to find the examples (so
    /// the holdout boundary is known), once to build them; only holdout examples keep their
    /// full candidate lists.
    package static func build(_ contributions: [RankingContribution], configuration: RankerConfiguration) -> TrainingSet {
        let ordered = contributions.sorted(by: RankingContribution.precedes)
        let patternIds = ordered.map { $0.record.patternKey(network: $0.network).patternId }
        let types = ordered.map { $0.query.resourceTypes }

        // Pass 1: which positions are examples.
        var replay = OutcomeReplay()
        var examplePositions: [Int] = []
        for (position, contribution) in ordered.enumerated() {
            if eligibleSlot(contribution, types: types[position], replay: replay, configuration: configuration) != nil {
                examplePositions.append(position)
            }
            replay.add(contribution, patternId: patternIds[position], normalizedTypes: types[position])
        }
        let holdoutCount = examplePositions.count * max(0, min(100, configuration.holdoutPercent)) / 100
        let firstHoldout = examplePositions.count - holdoutCount

        // Pass 2: the examples.
        replay = OutcomeReplay()
        var training: [TrainingExample] = []
        var holdout: [TrainingExample] = []
        training.reserveCapacity(firstHoldout)
        holdout.reserveCapacity(holdoutCount)
        var next = 0
        for (position, contribution) in ordered.enumerated() {
            if next < examplePositions.count, examplePositions[next] == position {
                let slot = eligibleSlot(contribution, types: types[position], replay: replay, configuration: configuration)!
                let query = types[position]
                let now = contribution.hlcWallMillis
                let followed = replay.features(slot: slot, shared: replay.shared(query, slot: slot), queryCount: query.count, nowMillis: now)
                var candidates: [TrainingExample.Candidate] = []
                if next >= firstHoldout {
                    let list = replay.candidates(
                        source: contribution.record.sourceCloud, target: contribution.record.targetCloud, queryTypes: query,
                        minContributors: configuration.minContributors, limit: configuration.candidateLimit, required: slot)
                    candidates = list.map { candidate in
                        TrainingExample.Candidate(
                            patternId: replay.patterns[candidate.slot].patternId,
                            features: replay.features(slot: candidate.slot, shared: candidate.shared, queryCount: query.count, nowMillis: now))
                    }
                }
                let example = TrainingExample(
                    contributionId: contribution.contributionId, position: position, queryKey: contribution.query.key,
                    followedPatternId: contribution.followedPatternId!, label: min(1, max(0, contribution.record.successRate)),
                    followed: followed, candidates: candidates)
                if next >= firstHoldout { holdout.append(example) } else { training.append(example) }
                next += 1
            }
            replay.add(contribution, patternId: patternIds[position], normalizedTypes: types[position])
        }
        let used = examplePositions.last.map { last in ordered[...last].map(\.contributionId).sorted() } ?? []
        return TrainingSet(training: training, holdout: holdout, usedContributionIds: used)
    }

    /// The followed pattern's slot when `contribution` is an example given the state before it.
    private static func eligibleSlot(
        _ contribution: RankingContribution, types: [String], replay: OutcomeReplay, configuration: RankerConfiguration
    ) -> Int? {
        guard let followed = contribution.followedPatternId, let slot = replay.slot(patternId: followed),
            let pair = replay.pair(contribution.record.sourceCloud, contribution.record.targetCloud)
        else { return nil }
        let pattern = replay.patterns[slot]
        guard pattern.pair == pair, pattern.count > 0, pattern.pseudonyms.count >= max(1, configuration.minContributors),
            replay.shared(types, slot: slot) > 0
        else { return nil }
        return slot
    }
}
