import Foundation
import PatternCore
import Testing

/// Builds live contributions for matcher tests.
func contribution(
    _ id: String, by pseudonym: String = "p1", source: CloudProvider = .aws, target: CloudProvider = .azure,
    strategy: MigrationStrategy = .replatform, types: [String], successRate: Double = 1, hours: Double = 1,
    savings: Double = 0, steps: [MigrationStep] = []
) -> LiveContribution {
    LiveContribution(
        contributionId: id, pseudonym: pseudonym,
        record: ContributionRecord(
            sourceCloud: source, targetCloud: target, resourceTypes: types, strategy: strategy, steps: steps,
            successRate: successRate, durationHours: hours, costSavingsPercent: savings))
}

@Suite("Matcher: the seed's ranking")
struct MatcherTests {
    @Test("similarity and rank equal the seed formula (values computed by hand in Python)")
    func handComputed() throws {
        let index = PatternIndex([
            contribution("c1", types: ["EC2", "RDS", "S3"], successRate: 0.95)
        ])
        let outcome = index.search(SearchQuery(sourceCloud: .aws, targetCloud: .azure, resourceTypes: ["EC2", "RDS"]))
        let match = try #require(outcome.matches.first)
        #expect(abs(match.similarity - 0.8715476066494083) < 1e-12)
        #expect(abs(match.rank - 0.8772432820456395) < 1e-12)
        #expect(Ranking.similarity(shared: 2, queryCount: 2, patternCount: 2) == 1.0)
        #expect(abs(Ranking.rank(similarity: 1, successRate: 0.8, contributors: 2) - 0.9498612288668109) < 1e-12)
    }

    @Test("ranking orders by rank: popularity and success weigh in, exact-set match is not enough alone")
    func ordering() {
        let index = PatternIndex([
            // {EC2}: sim 0.6449…, 3 contributors, success 0.5 → rank 0.6756…
            contribution("a1", by: "p1", types: ["EC2"], successRate: 0.5),
            contribution("a2", by: "p2", types: ["EC2"], successRate: 0.5),
            contribution("a3", by: "p3", types: ["EC2"], successRate: 0.5),
            // {EC2, RDS}: sim 1, 2 contributors, success 0.8 → rank 0.9498…
            contribution("b1", by: "p1", types: ["EC2", "RDS"], successRate: 0.8),
            contribution("b2", by: "p2", types: ["EC2", "RDS"], successRate: 0.8),
            // {EC2, RDS, S3}: rank 0.8772…
            contribution("c1", by: "p1", types: ["EC2", "RDS", "S3"], successRate: 0.95),
        ])
        let outcome = index.search(SearchQuery(sourceCloud: .aws, targetCloud: .azure, resourceTypes: ["ec2", "RDS"]))
        #expect(outcome.totalMatches == 3)
        #expect(outcome.matches.map(\.pattern.resourceTypes) == [["EC2", "RDS"], ["EC2", "RDS", "S3"], ["EC2"]])
        #expect(abs(outcome.matches[2].rank - 0.675614284210339) < 1e-12)
        #expect(outcome.matches[2].pattern.contributors == 3)
    }

    @Test("equal ranks are ordered by pattern id")
    func ties() {
        let index = PatternIndex([
            contribution("x", strategy: .rehost, types: ["EC2", "S3"]),
            contribution("y", strategy: .refactor, types: ["EC2", "S3"]),
            contribution("z", strategy: .replatform, types: ["EC2", "S3"]),
        ])
        let outcome = index.search(SearchQuery(sourceCloud: .aws, targetCloud: .azure, resourceTypes: ["EC2"]))
        let ids = outcome.matches.map(\.pattern.patternId)
        #expect(ids.count == 3)
        #expect(ids == ids.sorted())
        #expect(Set(outcome.matches.map(\.rank)).count == 1)
    }

    @Test("limit cuts the list but not totalMatches; the kept ones are the best")
    func limits() {
        var items: [LiveContribution] = []
        for n in 0..<30 {
            items.append(contribution("c\(n)", strategy: .rehost, types: ["EC2", "S3"], successRate: Double(n) / 30, hours: Double(n)))
        }
        items = items.enumerated().map { offset, item in
            var item = item
            item.record.resourceTypes = ["EC2", "S3", ["RDS", "EBS", "EFS", "ELB", "SQS", "SNS"][offset % 6]]
            item.record.strategy = [.rehost, .replatform, .refactor][offset % 3]
            return item
        }
        let index = PatternIndex(items)
        let all = index.search(SearchQuery(sourceCloud: .aws, targetCloud: .azure, resourceTypes: ["EC2"], limit: 50))
        let top = index.search(SearchQuery(sourceCloud: .aws, targetCloud: .azure, resourceTypes: ["EC2"], limit: 5))
        #expect(all.totalMatches == index.patternCount)
        #expect(top.totalMatches == all.totalMatches)
        #expect(top.matches.count == 5)
        #expect(top.matches == Array(all.matches.prefix(5)))
        for (earlier, later) in zip(all.matches, all.matches.dropFirst()) {
            #expect(earlier.rank > later.rank || (earlier.rank == later.rank && earlier.pattern.patternId < later.pattern.patternId))
        }
    }

    @Test("candidates need the same clouds and a shared type")
    func candidates() {
        let index = PatternIndex([
            contribution("a", types: ["EC2"]),
            contribution("b", target: .gcp, types: ["EC2"]),
            contribution("c", types: ["Lambda"]),
        ])
        let outcome = index.search(SearchQuery(sourceCloud: .aws, targetCloud: .azure, resourceTypes: ["EC2", "S3"]))
        #expect(outcome.totalMatches == 1)
        #expect(outcome.matches.first?.pattern.targetCloud == .azure)
        #expect(index.search(SearchQuery(sourceCloud: .gcp, targetCloud: .azure, resourceTypes: ["EC2"])).totalMatches == 0)
    }

    @Test("patterns below the minimum distinct contributors are not shown")
    func minimumContributors() {
        let index = PatternIndex([
            contribution("a1", by: "p1", types: ["EC2"]),
            contribution("a2", by: "p1", types: ["EC2"]),  // same deployment twice: still one contributor
            contribution("b1", by: "p1", types: ["EC2", "S3"]),
            contribution("b2", by: "p2", types: ["EC2", "S3"]),
            contribution("b3", by: "p3", types: ["EC2", "S3"]),
        ])
        let strict = index.search(SearchQuery(sourceCloud: .aws, targetCloud: .azure, resourceTypes: ["EC2"], minContributors: 3))
        #expect(strict.totalMatches == 1)
        #expect(strict.matches.map(\.pattern.contributors) == [3])
        let seed = index.search(SearchQuery(sourceCloud: .aws, targetCloud: .azure, resourceTypes: ["EC2"], minContributors: 1))
        #expect(seed.totalMatches == 2)
    }

    @Test("removing a contribution re-derives its pattern; the last one hides it")
    func removal() {
        var index = PatternIndex([
            contribution("a1", by: "p1", types: ["EC2"], successRate: 1.0),
            contribution("a2", by: "p2", types: ["EC2"], successRate: 0.5),
        ])
        let id = PatternKey(sourceCloud: .aws, targetCloud: .azure, strategy: .replatform, resourceTypes: ["EC2"]).patternId
        #expect(index.pattern(id: id)?.successRate == 0.75)
        index.remove(contributionId: "a1")
        #expect(index.pattern(id: id)?.successRate == 0.5)
        #expect(index.pattern(id: id)?.contributors == 1)
        index.remove(contributionId: "a2")
        #expect(index.pattern(id: id) == nil)
        #expect(index.search(SearchQuery(sourceCloud: .aws, targetCloud: .azure, resourceTypes: ["EC2"])).totalMatches == 0)
        index.upsert(contribution("a3", by: "p3", types: ["EC2"], successRate: 0.25))
        #expect(index.pattern(id: id)?.successRate == 0.25)
    }

    @Test("an upsert with the same id replaces, never double-counts")
    func upsertReplaces() {
        var index = PatternIndex([contribution("a", types: ["EC2"], successRate: 1)])
        index.upsert(contribution("a", types: ["EC2", "S3"], successRate: 0.5))
        #expect(index.contributionCount == 1)
        #expect(index.patternCount == 1)
        #expect(
            index.search(SearchQuery(sourceCloud: .aws, targetCloud: .azure, resourceTypes: ["EC2"])).matches.first?.pattern.resourceTypes == [
                "EC2", "S3",
            ])
    }
}
