import Benchmark
import Foundation
import PatternCore
import Ranking

/// Learned search at 50,000 patterns (issue 16): the formula's top candidates from the matcher,
/// re-ranked by a trained model walked in Swift. The goal is p99 ≤ 0.5 ms in process.
let benchmarks: @Sendable () -> Void = {
    let state = RankingState()

    Benchmark(
        "Learned search in-process, 50,000 patterns, re-rank top 10",
        configuration: .init(
            metrics: [.wallClock, .throughput, .mallocCountTotal], warmupIterations: 1_000,
            maxDuration: .seconds(30), maxIterations: 20_000),
        closure: { benchmark in blackHole(state.learnedSearch(depth: 10).count) },
        setup: { try state.prepare() })

    Benchmark(
        "Learned search in-process, 50,000 patterns, re-rank top 200",
        configuration: .init(
            metrics: [.wallClock, .throughput, .mallocCountTotal], warmupIterations: 500,
            maxDuration: .seconds(30), maxIterations: 10_000),
        closure: { benchmark in blackHole(state.learnedSearch(depth: 200).count) },
        setup: { try state.prepare() })

    // The parts apart: the seed's search alone on the same queries, and the learned re-rank
    // alone on answers the search already gave (what learned ranking adds to a search).
    Benchmark(
        "Formula search alone, 50,000 patterns, limit 10",
        configuration: .init(
            metrics: [.wallClock, .throughput], warmupIterations: 1_000, maxDuration: .seconds(30), maxIterations: 20_000),
        closure: { benchmark in blackHole(state.formulaSearch(limit: 10).count) },
        setup: { try state.prepare() })

    for depth in [10, 200] {
        Benchmark(
            "Learned re-rank alone, top \(depth) of a formula answer",
            configuration: .init(
                metrics: [.wallClock, .throughput, .mallocCountTotal], warmupIterations: 1_000, maxDuration: .seconds(30),
                maxIterations: 20_000),
            closure: { benchmark in blackHole(state.rerankAlone(depth: depth).count) },
            setup: { try state.prepare() })
    }

    Benchmark(
        "Ranker training, 20,000 contributions",
        configuration: .init(metrics: [.wallClock, .peakMemoryResident], warmupIterations: 0, maxDuration: .seconds(120), maxIterations: 3),
        closure: { benchmark in blackHole(try RankerTraining.train(state.training, trainedAt: "bench").card.modelId) },
        setup: { try state.prepare() })
}

/// The index, a model trained on its first contributions, and queries, built once per process.
final class RankingState: @unchecked Sendable {
    var index = PatternIndex()
    var training: [RankingContribution] = []
    var rankers: [Int: LearnedRanker] = [:]
    var queries: [SearchQuery] = []
    var position = 0

    func prepare() throws {
        guard queries.isEmpty else { return }
        let world = RankingWorld(seed: 0x2026_1207)
        var n = 0
        while index.patternCount < 50_000 {
            let (record, query) = world.next(n)
            var followed: String?
            if n >= 2_000, n < 20_000, n % 2 == 0 {
                let top = index.search(query).matches
                if !top.isEmpty { followed = top[world.pick(n, top.count)].pattern.patternId }
            }
            let live = LiveContribution(contributionId: "c\(n)", pseudonym: "p\(n % 997)", record: record)
            if n < 20_000 {
                training.append(
                    RankingContribution(
                        contributionId: live.contributionId, pseudonym: live.pseudonym, record: record,
                        hlcWallMillis: 1_760_000_000_000 + UInt64(n) * 60_000, origin: "g", seq: UInt64(n), followedPatternId: followed))
            }
            index.upsert(live)
            n += 1
        }
        let model = try RankerTraining.train(training, trainedAt: "bench").modelBytes
        for depth in [10, 200] { rankers[depth] = try LearnedRanker(modelBytes: model, rerankDepth: depth) }
        queries = (0..<4096).map { world.next(1_000_000 + $0).1 }
    }

    /// Formula answers for every query, at both depths, computed once.
    var answers: [Int: [[SearchMatch]]] = [:]

    func formulaSearch(limit: Int) -> [SearchMatch] {
        position = (position + 1) & 4095
        var query = queries[position]
        query.limit = limit
        return index.search(query).matches
    }

    func rerankAlone(depth: Int) -> [SearchMatch] {
        position = (position + 1) & 4095
        if answers[depth] == nil {
            answers[depth] = queries.map { query in
                var query = query
                query.limit = depth
                return index.search(query).matches
            }
        }
        return rankers[depth]!.rerank(answers[depth]![position], query: RankingQuery(queries[position]), nowMillis: 1_770_000_000_000)
    }

    func learnedSearch(depth: Int) -> [SearchMatch] {
        position = (position + 1) & 4095
        var query = queries[position]
        query.limit = depth
        let matches = index.search(query).matches
        return Array(rankers[depth]!.rerank(matches, query: RankingQuery(query), nowMillis: 1_770_000_000_000).prefix(10))
    }
}

/// A deterministic stream of records and queries over a few hundred resource types, Zipf-like.
struct RankingWorld: Sendable {
    let seed: UInt64
    static let types = (0..<400).map { "type\($0)" }
    static let pairs: [(CloudProvider, CloudProvider)] = [(.onPrem, .aws), (.aws, .gcp), (.azure, .aws), (.onPrem, .azure)]

    init(seed: UInt64) { self.seed = seed }

    func mix(_ n: Int, _ salt: UInt64) -> UInt64 {
        var z = seed &+ UInt64(n) &* 0x9E37_79B9_7F4A_7C15 &+ salt
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    func pick(_ n: Int, _ count: Int) -> Int { Int(mix(n, 99) % UInt64(max(1, min(count, 10)))) }

    func next(_ n: Int) -> (ContributionRecord, SearchQuery) {
        let pair = Self.pairs[Int(mix(n, 1) % UInt64(Self.pairs.count))]
        var names = Set<String>()
        let count = 2 + Int(mix(n, 2) % 5)
        var salt: UInt64 = 3
        while names.count < count {
            let u = Double(mix(n, salt) >> 11) / Double(1 << 53)
            names.insert(Self.types[min(Self.types.count - 1, Int(Double(Self.types.count) * u * u))])
            salt += 1
        }
        let types = names.sorted()
        let outcome = Double(mix(n, 50) % 1000) / 1000
        let record = ContributionRecord(
            sourceCloud: pair.0, targetCloud: pair.1, resourceTypes: types, strategy: MigrationStrategy.allCases[Int(mix(n, 51) % 3)],
            steps: [MigrationStep(action: "copy", durationSeconds: 60, success: outcome > 0.3)], successRate: outcome,
            durationHours: Double(1 + mix(n, 52) % 48), costSavingsPercent: Double(mix(n, 53) % 40))
        return (record, SearchQuery(sourceCloud: pair.0, targetCloud: pair.1, resourceTypes: types, limit: 10))
    }
}
