import CXGBoost
import ErrorCodes
import Foundation
import PatternCore
import Ranking
import TestSupport
import Testing

/// One simulated network per test process: building and training it is the slow part.
enum Shared {
    static let seed = SeededGenerator.seed(for: "RankingTests simulated network", fallback: 20_261_207)
    static let network = SimulatedNetwork(seed: seed, contributions: 8_000)
}

@Suite("Ranking training")
struct TrainingTests {
    @Test("on a simulated network of 8,000 contributions (over 5,000 following a pattern) the learned ranking beats the formula on the holdout")
    func simulatedNetwork() throws {
        let network = Shared.network
        #expect(network.followed >= 5_000)
        let clock = ContinuousClock()
        let started = clock.now
        let set = TrainingSet.build(network.contributions, configuration: RankerConfiguration())
        let built = clock.now
        let trained = try RankerTraining.train(set, configuration: RankerConfiguration(), trainedAt: "2026-12-07T00:00:00Z")
        let finished = clock.now
        let card = trained.card
        print(
            """
            simulated network (seed \(Shared.seed)): \(network.contributions.count) contributions, \(network.followed) followed a pattern
              examples: \(set.training.count) training, \(card.evaluation.holdoutExamples) holdout
              NDCG@10 learned \(card.evaluation.ndcg10Learned), formula \(card.evaluation.ndcg10Formula)
              training set \(built - started), XGBoost + evaluation \(finished - built)
              active: \(card.active) (\(card.reason))
            """)
        #expect(card.evaluation.holdoutExamples >= 200)
        #expect(card.evaluation.ndcg10Learned >= card.evaluation.ndcg10Formula + 0.01)
        let active = card.active
        #expect(active)
        #expect(card.modelId == String(card.modelDigest.prefix(32)))
        #expect(card.modelDigest == ModelCard.digest(trained.modelBytes))
        #expect(card.trainingSetDigest == TrainingSet.digest(card.trainingContributionIds))
        #expect(card.trainingContributionIds == card.trainingContributionIds.sorted())
        #expect(card.isTrained(onAnyOf: [card.trainingContributionIds[0]]))
        #expect(!card.isTrained(onAnyOf: ["not-a-contribution"]))
    }

    @Test("the same contributions in any order give byte-identical models")
    func deterministic() throws {
        let contributions = Array(Shared.network.contributions.prefix(2_000))
        var shuffler = SeededGenerator(seed: Shared.seed &+ 1)
        let first = try RankerTraining.train(contributions, trainedAt: "t")
        let second = try RankerTraining.train(contributions.shuffled(using: &shuffler), trainedAt: "t")
        #expect(first.modelBytes == second.modelBytes)
        #expect(first.card == second.card)
        print("determinism: model \(first.card.modelId), \(first.modelBytes.count) bytes, \(first.card.examples) examples")
    }

    @Test("the model file carries no id, pseudonym or free text")
    func nothingPersonalInTheModel() throws {
        let contributions = Array(Shared.network.contributions.prefix(2_000))
        let trained = try RankerTraining.train(contributions, trainedAt: "t")
        let text = String(decoding: trained.modelBytes, as: UTF8.self)
        for contribution in contributions.prefix(300) {
            #expect(!text.contains(contribution.contributionId))
            #expect(!text.contains(contribution.pseudonym + "\""))
            #expect(!text.contains(contribution.record.patternKey.patternId))
        }
        for word in ["step0", "svc", "aurora", "dep-"] { #expect(!text.contains(word)) }
    }

    @Test("the Swift tree walk predicts what XGBoostPredict predicts, within 1e-5")
    func treeWalkMatchesXGBoost() throws {
        let contributions = Array(Shared.network.contributions.prefix(3_000))
        let trained = try RankerTraining.train(contributions, trainedAt: "t")
        var random = SeededGenerator.forTest("tree walk vs XGBoostPredict", fallback: 7)
        let set = TrainingSet.build(contributions, configuration: RankerConfiguration())
        var rows = set.training.map(\.followed) + set.holdout.flatMap { $0.candidates.map(\.features) }
        // And rows no pattern has: random values, some missing.
        for _ in 0..<2_000 {
            rows.append(
                FeatureVector(
                    values: (0..<FeatureName.count).map { _ in
                        random.below(8) == 0 ? .nan : Float(random.below(10_000)) / Float(1 + random.below(100))
                    }))
        }
        let reference = try XGBoost.predict(modelBytes: trained.modelBytes, matrix: rows.flatMap(\.values), columns: FeatureName.count)
        var worst = 0.0
        for (row, expected) in zip(rows, reference) { worst = max(worst, abs(trained.ranker.score(row) - Double(expected))) }
        print("tree walk vs XGBoostPredict: \(rows.count) rows, largest difference \(worst)")
        #expect(worst <= 1e-5)
    }

    @Test("too few examples: ranker_no_examples; bytes that are no model: ranker_model_invalid")
    func failures() {
        let few = Array(Shared.network.contributions.prefix(610))
        #expect(throws: RankingError.self) { try RankerTraining.train(few, configuration: RankerConfiguration(minLeafExamples: 50), trainedAt: "t") }
        do {
            _ = try RankerTraining.train([], trainedAt: "t")
            Issue.record("trained on nothing")
        } catch {
            #expect(error.code == .rankerNoExamples)
        }
        do {
            _ = try LearnedRanker(modelBytes: Array("{\"learner\": 1}".utf8))
            Issue.record("loaded a non-model")
        } catch {
            #expect(error.code == .rankerModelInvalid)
        }
        do {
            _ = try XGBoost.predict(
                modelBytes: Array("not a model".utf8), matrix: [Float](repeating: 0, count: FeatureName.count), columns: FeatureName.count)
            Issue.record("XGBoost loaded a non-model")
        } catch {
            #expect(error.code == .rankerTrainingFailed)
        }
    }

    @Test("re-ranking keeps the formula's order below the re-rank depth and each match's seed values")
    func rerankSearchMatches() throws {
        let contributions = Shared.network.contributions
        let trained = try RankerTraining.train(Array(contributions.prefix(3_000)), trainedAt: "t")
        let index = PatternIndex(
            contributions.map { LiveContribution(contributionId: $0.contributionId, pseudonym: $0.pseudonym, record: $0.record) })
        let last = contributions[contributions.count - 1]
        let search = SearchQuery(
            sourceCloud: last.record.sourceCloud, targetCloud: last.record.targetCloud, resourceTypes: last.record.resourceTypes, limit: 200)
        let matches = index.search(search).matches
        let ranker = try LearnedRanker(modelBytes: trained.modelBytes, rerankDepth: 20)
        let reranked = ranker.rerank(matches, query: RankingQuery(search), nowMillis: last.hlcWallMillis)
        #expect(reranked.count == matches.count)
        #expect(Set(reranked.prefix(20).map(\.pattern.patternId)) == Set(matches.prefix(20).map(\.pattern.patternId)))
        #expect(reranked.dropFirst(20) == matches.dropFirst(20))
        let scores = reranked.prefix(20).map {
            ranker.score(
                FeatureVector(
                    query: RankingQuery(search), pattern: CandidatePattern(summary: $0.pattern, firstSeenMillis: nil), nowMillis: last.hlcWallMillis))
        }
        #expect(scores == scores.sorted(by: >))
        // The serving path counts types in place; it must equal normalizing both sides.
        for match in matches {
            let fast = FeatureVector(query: RankingQuery(search), summary: match.pattern, firstSeenMillis: 7, nowMillis: last.hlcWallMillis)
            let slow = FeatureVector(
                query: RankingQuery(search), pattern: CandidatePattern(summary: match.pattern, firstSeenMillis: 7), nowMillis: last.hlcWallMillis)
            #expect(fast == slow)
        }
    }
}
