import Crypto
package import PatternCore

/// A trained model, ready to re-rank the formula's top candidates for a query.
///
/// Built once from model bytes (the gateway keeps it next to its index); immutable and
/// `Sendable`, so every search thread uses the same value without a lock. Scoring is the
/// pure-Swift tree walk of `TreeEnsemble`: no XGBoost call, no allocation per tree.
package struct LearnedRanker: Sendable {
    /// The formula's top 10 (a search's default page) are re-ordered, nothing below is
    /// promoted: the model learned the outcomes of patterns people followed, and they
    /// followed what the formula showed them; below that its prediction is an extrapolation
    /// nobody's outcome checked (on the simulated network, re-ordering the top 20 instead
    /// drops NDCG@10 far below the formula's; docs/ranking.md#serving).
    package static let defaultRerankDepth = 10

    private let ensemble: TreeEnsemble
    /// How many of the formula's first candidates are re-ordered by the learned score.
    package let rerankDepth: Int
    /// SHA-256 of the model bytes (hex).
    package let modelDigest: String
    /// The first 32 hex digits of `modelDigest`.
    package var modelId: String { String(modelDigest.prefix(32)) }

    package init(modelBytes: [UInt8], rerankDepth: Int = LearnedRanker.defaultRerankDepth) throws(RankingError) {
        ensemble = try TreeEnsemble(json: modelBytes)
        guard ensemble.featureCount == FeatureName.count else {
            throw RankingError.invalidModel("\(ensemble.featureCount) features, this ranker computes \(FeatureName.count)")
        }
        self.rerankDepth = max(0, rerankDepth)
        modelDigest = ModelCard.digest(modelBytes)
    }

    /// The predicted outcome (success rate, 0…1) of following this candidate.
    package func score(_ features: FeatureVector) -> Double {
        Double(ensemble.predict(features.values))
    }

    /// A learned order of candidates given in the formula's order: the first `rerankDepth`
    /// by predicted outcome (higher first, the formula's order breaking ties), then the rest
    /// as the formula had them. Returns indices into `candidates`.
    package func order(_ candidates: [FeatureVector]) -> [Int] {
        let depth = min(rerankDepth, candidates.count)
        var head: [(score: Float, index: Int)] = []
        head.reserveCapacity(depth)
        for index in 0..<depth { head.append((ensemble.predict(candidates[index].values), index)) }
        head.sort { $0.score != $1.score ? $0.score > $1.score : $0.index < $1.index }
        return head.map(\.index) + Array(depth..<candidates.count)
    }

    /// Search matches in the formula's order, re-ordered for `query` at `nowMillis` (HLC wall
    /// clock). `firstSeenMillis` gives a pattern's earliest live contribution, nil if unknown.
    /// Similarity and rank of each match stay the seed's values.
    package func rerank(
        _ matches: [SearchMatch], query: RankingQuery, nowMillis: UInt64, firstSeenMillis: (String) -> UInt64? = { _ in nil }
    ) -> [SearchMatch] {
        let depth = min(rerankDepth, matches.count)
        let features = matches.prefix(depth).map { match in
            FeatureVector(query: query, summary: match.pattern, firstSeenMillis: firstSeenMillis(match.pattern.patternId), nowMillis: nowMillis)
        }
        let head = order(features)
        return head.map { matches[$0] } + matches[depth...]
    }
}
