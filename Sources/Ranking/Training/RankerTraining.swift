import Foundation

/// A trained model: its bytes (XGBoost JSON, what the gateway stores), its card, and the
/// ranker that serves it.
package struct TrainedRanker: Sendable {
    package var modelBytes: [UInt8]
    package var card: ModelCard
    package var ranker: LearnedRanker
}

/// One training run, start to finish: examples from the live contributions, an XGBoost model
/// on the earlier 80% of them, evaluation on the most recent 20%, and the card.
///
/// The model that is evaluated is the model that is returned: it never saw the holdout, so
/// its score is the score of the bytes that would serve.
package enum RankerTraining {
    /// XGBoost's parameters for `configuration`, in the order they are set.
    package static func parameters(_ configuration: RankerConfiguration) -> [(String, String)] {
        [
            ("objective", "reg:logistic"),
            ("base_score", "0.5"),
            ("booster", "gbtree"),
            ("tree_method", "exact"),
            ("eta", String(configuration.learningRate)),
            ("max_depth", String(configuration.maxDepth)),
            // k per leaf: a logistic row's hessian is at most 1/4, so a leaf with hessian
            // ≥ k holds at least 4k examples.
            ("min_child_weight", String(max(1, configuration.minLeafExamples))),
            ("lambda", "1"),
            ("subsample", "1"),
            ("colsample_bytree", "1"),
            ("seed", String(configuration.seed)),
            ("nthread", "1"),
            ("verbosity", "0"),
        ]
    }

    package static func train(
        _ contributions: [RankingContribution], configuration: RankerConfiguration = RankerConfiguration(), trainedAt: String
    ) throws(RankingError) -> TrainedRanker {
        let set = TrainingSet.build(contributions, configuration: configuration)
        return try train(set, configuration: configuration, trainedAt: trainedAt)
    }

    package static func train(_ set: TrainingSet, configuration: RankerConfiguration, trainedAt: String) throws(RankingError) -> TrainedRanker {
        let minimum = max(1, configuration.minLeafExamples)
        guard set.training.count >= minimum else { throw RankingError.noExamples(set.training.count, minimum: minimum) }
        var matrix: [Float] = []
        matrix.reserveCapacity(set.training.count * FeatureName.count)
        for example in set.training { matrix += example.followed.values }
        let labels = set.training.map { Float($0.label) }
        let bytes = try XGBoost.train(
            matrix: matrix, columns: FeatureName.count, labels: labels, parameters: parameters(configuration), rounds: configuration.rounds)
        let ranker = try LearnedRanker(modelBytes: bytes, rerankDepth: configuration.rerankDepth)
        let evaluation = Evaluation.evaluate(set.holdout, ranker: ranker)
        let (active, reason) = verdict(evaluation, configuration: configuration)
        let card = ModelCard(
            modelDigest: ranker.modelDigest, trainedAt: trainedAt, examples: set.training.count,
            trainingContributionIds: set.usedContributionIds, evaluation: evaluation, active: active, reason: reason)
        return TrainedRanker(modelBytes: bytes, card: card, ranker: ranker)
    }

    /// Active only on a clear win over enough held-out outcomes.
    static func verdict(_ evaluation: Evaluation, configuration: RankerConfiguration) -> (Bool, String) {
        let learned = String(format: "%.4f", evaluation.ndcg10Learned)
        let formula = String(format: "%.4f", evaluation.ndcg10Formula)
        let margin = String(format: "%.4f", configuration.minimumGain)
        guard evaluation.holdoutExamples >= configuration.minimumHoldoutExamples else {
            return (false, "holdout has \(evaluation.holdoutExamples) examples, \(configuration.minimumHoldoutExamples) are needed")
        }
        guard evaluation.ndcg10Learned - evaluation.ndcg10Formula >= configuration.minimumGain else {
            return (false, "learned NDCG@10 \(learned) does not beat the formula's \(formula) by \(margin)")
        }
        return (
            true, "learned NDCG@10 \(learned) beats the formula's \(formula) by at least \(margin) on \(evaluation.holdoutExamples) holdout examples"
        )
    }
}
