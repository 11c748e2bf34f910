import Foundation
import Ranking
import Testing

@Suite("Ranking evaluation")
struct EvaluationTests {
    /// A one-tree model by hand, in XGBoost's JSON shape: `successRate < 0.5` → leaf +1 (so
    /// low success scores high, the opposite of the formula), else leaf -1.
    static let handModel: [UInt8] = {
        let successRate = FeatureName.successRate.index
        let json = """
            {"learner": {"gradient_booster": {"name": "gbtree", "model": {"trees": [{
              "left_children": [1, -1, -1], "right_children": [2, -1, -1], "split_indices": [\(successRate), 0, 0],
              "split_conditions": [0.5, 1.0, -1.0], "default_left": [1, 0, 0]}]}},
             "learner_model_param": {"base_score": "5E-1", "num_feature": "\(FeatureName.count)", "num_class": "0"},
             "objective": {"name": "reg:logistic"}}}
            """
        return Array(json.utf8)
    }()

    static func features(successRate: Float) -> FeatureVector {
        var values = [Float](repeating: 0, count: FeatureName.count)
        values[FeatureName.successRate.index] = successRate
        return FeatureVector(values: values)
    }

    @Test("a hand-written tree scores as XGBoost would: sigmoid of the leaf")
    func handTree() throws {
        let ranker = try LearnedRanker(modelBytes: Self.handModel)
        #expect(abs(ranker.score(Self.features(successRate: 0.2)) - 1 / (1 + exp(-1))) < 1e-6)
        #expect(abs(ranker.score(Self.features(successRate: 0.9)) - 1 / (1 + exp(1))) < 1e-6)
        #expect(abs(ranker.score(Self.features(successRate: .nan)) - 1 / (1 + exp(-1))) < 1e-6, "missing goes the default (left) way")
    }

    @Test("NDCG@10 of both orders on a tiny holdout, by hand")
    func tinyHoldout() throws {
        let ranker = try LearnedRanker(modelBytes: Self.handModel)
        // Candidates in the formula's order: A (success 0.9), B (0.8), C (0.2).
        let candidates = [("A", Float(0.9)), ("B", 0.8), ("C", 0.2)].map {
            TrainingExample.Candidate(patternId: $0.0, features: Self.features(successRate: $0.1))
        }
        func example(_ id: String, key: String, followed: String, label: Double) -> TrainingExample {
            TrainingExample(
                contributionId: id, position: 0, queryKey: key, followedPatternId: followed, label: label,
                followed: candidates.first { $0.patternId == followed }!.features, candidates: candidates)
        }
        // Key q: C followed twice (0.6 and 1.0 → gain 0.8), B once (0.4). Key r: nobody's gain.
        let holdout = [
            example("h1", key: "q", followed: "C", label: 0.6),
            example("h2", key: "q", followed: "C", label: 1.0),
            example("h3", key: "q", followed: "B", label: 0.4),
            example("h4", key: "r", followed: "A", label: 0.0),
        ]
        let evaluation = Evaluation.evaluate(holdout, ranker: ranker)
        // Gains in formula order [A 0, B 0.4, C 0.8]: DCG = 0.4/log2(3) + 0.8/2 = 0.652372;
        // ideal [0.8, 0.4, 0] = 0.8 + 0.4/log2(3) = 1.052372; NDCG = 0.619903.
        // Learned order C (score σ(1)), then A, B by formula order (tied σ(-1)): [0.8, 0, 0.4]
        // DCG = 0.8 + 0.4/2 = 1.0; NDCG = 0.950235. Key r: all gains 0, left out.
        let formula = (0.4 / log2(3.0) + 0.8 / 2) / (0.8 + 0.4 / log2(3.0))
        let learned = (0.8 + 0.4 / 2) / (0.8 + 0.4 / log2(3.0))
        #expect(evaluation.holdoutExamples == 3)  // h4 has no gain anywhere: not scored, not counted
        #expect(abs(evaluation.ndcg10Formula - formula) < 1e-12)
        #expect(abs(evaluation.ndcg10Learned - learned) < 1e-12)
    }

    @Test("every split leaf of a trained model holds at least k examples' hessian")
    func leavesHoldK() throws {
        let k = 5
        let trained = try RankerTraining.train(
            Array(Shared.network.contributions.prefix(3_000)), configuration: RankerConfiguration(minLeafExamples: k), trainedAt: "t")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(trained.modelBytes)) as? [String: Any])
        let learner = try #require(json["learner"] as? [String: Any])
        let booster = try #require(learner["gradient_booster"] as? [String: Any])
        let trees = try #require((booster["model"] as? [String: Any])?["trees"] as? [[String: Any]])
        var leaves = 0
        for tree in trees {
            let left = try #require(tree["left_children"] as? [Int])
            let hessian = try #require(tree["sum_hessian"] as? [Double])
            guard left.count > 1 else { continue }  // a lone root covers every example
            for (node, child) in left.enumerated() where child == -1 {
                leaves += 1
                // A logistic row's hessian is at most 1/4: hessian ≥ k means ≥ 4k examples.
                #expect(hessian[node] >= Double(k) - 1e-6)
            }
        }
        #expect(leaves > 0)
    }
}
