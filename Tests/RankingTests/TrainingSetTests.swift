import PatternCore
import Ranking
import Testing

@Suite("Ranking training set")
struct TrainingSetTests {
    static func record(_ types: [String], success: Double = 0.9, strategy: MigrationStrategy = .rehost) -> ContributionRecord {
        ContributionRecord(
            sourceCloud: .aws, targetCloud: .gcp, resourceTypes: types, strategy: strategy,
            steps: [MigrationStep(action: "copy", durationSeconds: 10, success: true)], successRate: success, durationHours: 2,
            costSavingsPercent: 5)
    }

    static func contribution(
        _ id: String, _ pseudonym: String, _ record: ContributionRecord, at millis: UInt64, origin: String = "gw-a", seq: UInt64 = 1,
        following: String? = nil
    ) -> RankingContribution {
        RankingContribution(
            contributionId: id, pseudonym: pseudonym, record: record, hlcWallMillis: millis, origin: origin, seq: seq,
            followedPatternId: following)
    }

    @Test("candidates come only from strictly earlier contributions, never the example itself")
    func strictlyEarlier() throws {
        let base = Self.record(["ec2", "rds"])
        let other = Self.record(["ec2", "s3"])
        let own = Self.record(["ec2", "rds", "sqs"], success: 0.4)
        let followed = base.patternKey.patternId
        let input = [
            Self.contribution("c1", "p1", base, at: 100),
            Self.contribution("c2", "p2", base, at: 200),
            Self.contribution("c3", "p3", other, at: 300),
            // The example: same wall clock as the next two, ordered before them by origin and seq.
            Self.contribution("c4", "p4", own, at: 400, origin: "gw-b", seq: 7, following: followed),
            Self.contribution("c5", "p5", own, at: 400, origin: "gw-c", seq: 1),
            Self.contribution("c6", "p6", base, at: 400, origin: "gw-b", seq: 8),
            Self.contribution("c7", "p7", other, at: 500),
        ]
        for order in [input, input.reversed(), input.shuffled()] {
            let set = TrainingSet.build(order, configuration: RankerConfiguration(minContributors: 2, holdoutPercent: 100))
            #expect(set.training.isEmpty)
            let example = try #require(set.holdout.first)
            #expect(set.holdout.count == 1)
            #expect(example.contributionId == "c4" && example.label == 0.4 && example.followedPatternId == followed)
            // `own`'s pattern (c4 itself and the later c5) is no candidate; `other` has one contributor (< 2).
            #expect(example.candidates.map(\.patternId) == [followed])
            #expect(example.followed[.contributions] == 2, "c6 came later and does not count")
            #expect(example.followed[.missingTypes] == 1 && example.followed[.sharedTypes] == 2)
            // Used: everything up to and including the last example, nothing after it.
            #expect(set.usedContributionIds == ["c1", "c2", "c3", "c4"])
        }
    }

    @Test("no example when the followed pattern has too few contributors, is unknown, or shares no type")
    func eligibility() {
        let base = Self.record(["ec2", "rds"])
        let unrelated = Self.record(["lambda"])
        let input = [
            Self.contribution("c1", "p1", base, at: 100),
            Self.contribution("c2", "p1", base, at: 200),
            Self.contribution("c3", "p2", unrelated, at: 250),
            Self.contribution("c4", "p3", Self.record(["ec2"]), at: 300, following: base.patternKey.patternId),
            Self.contribution("c5", "p3", Self.record(["ec2"]), at: 400, following: "ffffffffffffffffffffffffffffffff"),
            Self.contribution("c6", "p3", Self.record(["ec2"]), at: 500, following: unrelated.patternKey.patternId),
        ]
        let strict = TrainingSet.build(input, configuration: RankerConfiguration(minContributors: 2, holdoutPercent: 100))
        #expect(strict.holdout.isEmpty && strict.training.isEmpty && strict.usedContributionIds.isEmpty)
        let loose = TrainingSet.build(input, configuration: RankerConfiguration(minContributors: 1, holdoutPercent: 100))
        #expect(loose.holdout.map(\.contributionId) == ["c4"])
    }

    @Test("the candidate list is the formula's top N, then the followed pattern")
    func topN() throws {
        var input: [RankingContribution] = []
        // Ten patterns sharing "ec2" with the query; more contributors rank higher.
        for p in 0..<10 {
            for c in 0...p {
                input.append(Self.contribution("c\(p)-\(c)", "p\(c)", Self.record(["ec2", "t\(p)"]), at: UInt64(100 + p * 20 + c)))
            }
        }
        let weakest = Self.record(["ec2", "t0"]).patternKey.patternId
        input.append(Self.contribution("x", "px", Self.record(["ec2", "zz"]), at: 10_000, following: weakest))
        let set = TrainingSet.build(input, configuration: RankerConfiguration(candidateLimit: 3, holdoutPercent: 100))
        let example = try #require(set.holdout.first)
        #expect(example.candidates.count == 4)
        #expect(example.candidates.last?.patternId == weakest)
        let scores = example.candidates.map { $0.features[.formulaScore] }
        #expect(Array(scores.prefix(3)) == scores.prefix(3).sorted(by: >))
        #expect(example.candidates.first?.patternId == Self.record(["ec2", "t9"]).patternKey.patternId)
    }
}
