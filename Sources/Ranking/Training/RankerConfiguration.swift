/// Everything that shapes a training run. Two gateways with the same live contributions and
/// the same configuration build byte-identical models, so every field here is part of what
/// "the same state" means.
package struct RankerConfiguration: Sendable, Hashable, Codable {
    /// Candidates and followed patterns need this many distinct contributors (the policy's
    /// `patterns.minContributors`), as search shows no pattern with fewer.
    package var minContributors: Int
    /// k: XGBoost's `min_child_weight` is at least this, so no leaf value rests on fewer than
    /// k examples (the policy's `ranking.minLeafExamples`).
    package var minLeafExamples: Int
    /// The formula's top N patterns that are an example's candidates (the followed one is
    /// added when it ranks lower).
    package var candidateLimit: Int
    /// How many of the formula's top candidates the learned score re-orders; the rest keep
    /// the formula's order behind them.
    package var rerankDepth: Int
    /// Boosting rounds (trees).
    package var rounds: Int
    package var maxDepth: Int
    package var learningRate: Double
    package var seed: UInt64
    /// The most recent share of examples held out for evaluation, in percent.
    package var holdoutPercent: Int
    /// Activation needs at least this many holdout examples...
    package var minimumHoldoutExamples: Int
    /// ...and a learned NDCG@10 at least this much above the formula's.
    package var minimumGain: Double

    package init(
        minContributors: Int = 1, minLeafExamples: Int = 5, candidateLimit: Int = 200, rerankDepth: Int = LearnedRanker.defaultRerankDepth,
        rounds: Int = 100, maxDepth: Int = 4, learningRate: Double = 0.1, seed: UInt64 = 0, holdoutPercent: Int = 20,
        minimumHoldoutExamples: Int = 200, minimumGain: Double = 0.01
    ) {
        self.minContributors = minContributors
        self.minLeafExamples = minLeafExamples
        self.candidateLimit = candidateLimit
        self.rerankDepth = rerankDepth
        self.rounds = rounds
        self.maxDepth = maxDepth
        self.learningRate = learningRate
        self.seed = seed
        self.holdoutPercent = holdoutPercent
        self.minimumHoldoutExamples = minimumHoldoutExamples
        self.minimumGain = minimumGain
    }
}
