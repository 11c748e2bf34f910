/// How the learned ranking and the seed's formula did on the holdout, by NDCG@10.
///
/// The gain of candidate p for a holdout example is the mean `successRate` of the holdout
/// contributions with the same query key that followed p, and 0 for every other candidate:
/// a ranking scores by putting first what people asking the same question followed and
/// succeeded with. Examples whose candidates all have gain 0 say nothing about an order and
/// are left out of both means (they still count in `holdoutExamples`).
package struct Evaluation: Codable, Sendable, Hashable {
    package var ndcg10Learned: Double
    package var ndcg10Formula: Double
    package var holdoutExamples: Int

    package init(ndcg10Learned: Double, ndcg10Formula: Double, holdoutExamples: Int) {
        self.ndcg10Learned = ndcg10Learned
        self.ndcg10Formula = ndcg10Formula
        self.holdoutExamples = holdoutExamples
    }

    package static let cutoff = 10

    /// Evaluates `ranker` against the formula on `holdout` (examples with candidate lists in
    /// the formula's order).
    package static func evaluate(_ holdout: [TrainingExample], ranker: LearnedRanker) -> Evaluation {
        var outcomes: [String: [String: (sum: Double, count: Int)]] = [:]
        for example in holdout {
            let previous = outcomes[example.queryKey]?[example.followedPatternId] ?? (0, 0)
            outcomes[example.queryKey, default: [:]][example.followedPatternId] = (previous.sum + example.label, previous.count + 1)
        }
        var learned = 0.0
        var formula = 0.0
        var scored = 0
        for example in holdout {
            let followed = outcomes[example.queryKey] ?? [:]
            let gains = example.candidates.map { candidate in
                followed[candidate.patternId].map { $0.sum / Double($0.count) } ?? 0
            }
            guard let formulaScore = NDCG.ndcg(gains, k: cutoff) else { continue }
            let order = ranker.order(example.candidates.map(\.features))
            learned += NDCG.ndcg(order.map { gains[$0] }, k: cutoff) ?? 0
            formula += formulaScore
            scored += 1
        }
        return Evaluation(
            ndcg10Learned: scored == 0 ? 0 : learned / Double(scored), ndcg10Formula: scored == 0 ? 0 : formula / Double(scored),
            holdoutExamples: scored)
    }
}
