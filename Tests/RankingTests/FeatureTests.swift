import PatternCore
import Ranking
import Testing

@Suite("Ranking features")
struct FeatureTests {
    static let pattern = CandidatePattern(
        patternId: "00112233445566778899aabbccddeeff", strategy: .refactor, resourceTypes: ["a", "b", "e"], successRate: 0.8,
        contributions: 4, contributors: 3, meanDurationHours: 12, costSavingsPercent: 25, steps: 10, successfulSteps: 8,
        firstSeenMillis: 1_000_000)

    @Test("every feature of a hand-worked pair")
    func handChecked() {
        let query = RankingQuery(sourceCloud: .aws, targetCloud: .gcp, resourceTypes: ["D", "c", "b", "a", "a"])
        let features = FeatureVector(query: query, pattern: Self.pattern, nowMillis: 1_000_000 + 3 * 86_400_000)
        func close(_ name: FeatureName, _ expected: Double) {
            #expect(abs(Double(features[name]) - expected) < 1e-6, "\(name): \(features[name]) != \(expected)")
        }
        close(.cosine, 0.5773502691896258)  // 2 / √(4·3)
        close(.sharedTypeBoost, 0.5)
        close(.similarity, 0.5541451884327381)  // 0.7 · cos + 0.3 · 0.5
        close(.formulaScore, 0.7111165491716319)  // 0.6 · sim + 0.3 · 0.8 + 0.1 · ln 4
        close(.sharedTypes, 2)
        close(.missingTypes, 2)
        close(.extraTypes, 1)
        close(.successRate, 0.8)
        close(.wilsonLowerBound, 0.33683359239091204)
        close(.contributions, 4)
        close(.contributors, 3)
        close(.meanDurationHours, 12)
        close(.costSavingsPercent, 25)
        close(.stepsPerContribution, 2.5)
        close(.stepSuccessRate, 0.8)
        close(.strategy, 2)
        close(.ageDays, 3)
        #expect(FeatureName.names.count == features.values.count)
    }

    @Test("the formula score feature is the seed's rank for the same pair")
    func formulaMatchesSeed() {
        let query = RankingQuery(sourceCloud: .aws, targetCloud: .gcp, resourceTypes: ["a", "b", "c", "d"])
        let features = FeatureVector(query: query, pattern: Self.pattern, nowMillis: 0)
        let similarity = PatternCore.Ranking.similarity(shared: 2, queryCount: 4, patternCount: 3)
        #expect(features[.formulaScore] == Float(PatternCore.Ranking.rank(similarity: similarity, successRate: 0.8, contributors: 3)))
        #expect(features[.ageDays] == 0, "a clock behind the first contribution gives age 0")
        let unknown = CandidatePattern(
            patternId: Self.pattern.patternId, strategy: .rehost, resourceTypes: ["a"], successRate: 1, contributions: 1, contributors: 1,
            meanDurationHours: 1, costSavingsPercent: 0, steps: 0, successfulSteps: 0, firstSeenMillis: nil)
        let sparse = FeatureVector(query: query, pattern: unknown, nowMillis: 5)
        #expect(sparse[.ageDays].isNaN && sparse[.stepSuccessRate].isNaN, "unknown age and no steps are missing values")
    }

    @Test("a summary's features equal the ones built from its contributions")
    func fromSummary() throws {
        let records = (0..<3).map { i in
            ContributionRecord(
                sourceCloud: .aws, targetCloud: .gcp, resourceTypes: ["RDS", "ec2"], strategy: .replatform,
                steps: [
                    MigrationStep(action: "copy", durationSeconds: 10, success: i != 1),
                    MigrationStep(action: "switch", durationSeconds: 5, success: true),
                ], successRate: [0.5, 0.9, 1][i], durationHours: Double(i + 1), costSavingsPercent: 10)
        }
        let live = records.enumerated().map { LiveContribution(contributionId: "c\($0.offset)", pseudonym: "p\($0.offset % 2)", record: $0.element) }
        let summary = try #require(PatternSummary.derive(key: records[0].patternKey, from: live))
        let candidate = CandidatePattern(summary: summary, firstSeenMillis: 0)
        #expect(candidate.resourceTypes == ["ec2", "rds"])
        #expect(candidate.steps == 6 && candidate.successfulSteps == 5 && candidate.contributors == 2 && candidate.contributions == 3)
        #expect(abs(candidate.successRate - 0.8) < 1e-12 && candidate.meanDurationHours == 2)
        // Type names compare ASCII case-insensitively, as the pattern identity does.
        let query = RankingQuery(sourceCloud: .aws, targetCloud: .gcp, resourceTypes: ["rds", "S3"])
        let features = FeatureVector(query: query, summary: summary, firstSeenMillis: nil, nowMillis: 0)
        #expect(features[.sharedTypes] == 1 && features[.missingTypes] == 1 && features[.extraTypes] == 1)
        let normalized = FeatureVector(query: query, pattern: CandidatePattern(summary: summary, firstSeenMillis: nil), nowMillis: 0)
        #expect(zip(features.values, normalized.values).allSatisfy { $0 == $1 || ($0.isNaN && $1.isNaN) })
    }

    @Test(
        "Wilson lower bounds",
        arguments: [
            (1.0, 2, 0.3423802275066531), (0.5, 100, 0.4038315303659957), (0.8, 4, 0.33683359239091204), (1.0, 200, 0.9811546736227333),
            (0.3, 0, 0.0),
        ])
    func wilson(_ p: Double, _ n: Int, _ expected: Double) {
        #expect(abs(Wilson.lowerBound(successRate: p, trials: n) - expected) < 1e-12)
    }

    @Test("NDCG@k by hand")
    func ndcg() throws {
        // DCG = 0/log2(2) + 1/log2(3) + 0.5/log2(4) = 0.880930; ideal = 1 + 0.5/log2(3) = 1.315465.
        let value = try #require(NDCG.ndcg([0, 1, 0.5], k: 10))
        #expect(abs(value - 0.66967181649423) < 1e-12)
        #expect(NDCG.ndcg([1, 0.5, 0], k: 10) == 1)
        #expect(abs(try #require(NDCG.ndcg([0, 1, 0.5], k: 1)) - 0) < 1e-12, "k = 1 sees only the first")
        #expect(NDCG.ndcg([0, 0, 0], k: 10) == nil, "no gain: the example says nothing")
    }
}
