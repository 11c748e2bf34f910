import AsyncHTTPClient
import Benchmark
import BenchmarkSupport
import Foundation
import Gateway
import NIOCore
import NIOHTTP1
import PatternCore
import Privacy

/// Search at 50,000 patterns: the matcher alone, its start-up build, and one client over HTTP.
let benchmarks: @Sendable () -> Void = {
    let patterns = 50_000
    let state = SearchState()

    Benchmark(
        "Search in-process, 50,000 patterns",
        configuration: .init(
            metrics: [.wallClock, .throughput, .mallocCountTotal], warmupIterations: 1_000,
            maxDuration: .seconds(30), maxIterations: 20_000),
        closure: { benchmark in
            let query = state.nextQuery()
            blackHole(state.index.search(query).totalMatches)
        },
        setup: { try state.buildIndex(patterns: patterns) })

    Benchmark(
        "Index build at start-up, 50,000 patterns",
        configuration: .init(metrics: [.wallClock, .peakMemoryResident], warmupIterations: 1, maxDuration: .seconds(60), maxIterations: 5),
        closure: { benchmark in
            var index = PatternIndex()
            for contribution in state.contributions { index.upsert(contribution) }
            blackHole(index.patternCount)
        },
        setup: { try state.buildIndex(patterns: patterns) })

    Benchmark(
        "Search over HTTP, one keep-alive client, 50,000 contributions",
        configuration: .init(
            metrics: [.wallClock, .throughput], warmupIterations: 500, maxDuration: .seconds(30), maxIterations: 5_000),
        closure: { benchmark in
            let query = state.nextQuery()
            let resources = query.resourceTypes.joined(separator: ",")
            var request = HTTPClientRequest(
                url: state.served!.urls[0]
                    + "/api/v1/patterns/search?sourceCloud=\(query.sourceCloud.rawValue)&targetCloud=\(query.targetCloud.rawValue)&resourceTypes=\(resources)"
            )
            request.headers.add(name: "Authorization", value: "Bearer \(state.token)")
            let response = try await HTTPClient.shared.execute(request, timeout: .seconds(10))
            let body = try await response.body.collect(upTo: 1 << 20)
            guard response.status == .ok else { throw BenchSetupError(message: "search answered \(response.status.code)") }
            blackHole(body.readableBytes)
        },
        setup: {
            let policy = try benchPolicy()
            let fixture = try await BenchGateway.start(policy: policy)
            var generator = SeededGenerator(state: benchSeed ^ 0x5A5A)
            try await fixture.ingest(
                patterns, workload: Workload(vocabulary: policy.vocabulary, seed: benchSeed), generator: &generator, idPrefix: "m")
            state.token = try await fixture.bearer(role: .deployment)
            state.served = try await ServedGateways.serve([fixture.gateway])
            state.fixture = fixture
            try state.prepareQueries()
        },
        teardown: {
            await state.served?.stop()
            await state.fixture?.stop()
        })
}

/// What the search benchmarks share within one process (the harness runs them one at a time).
final class SearchState: @unchecked Sendable {
    var index = PatternIndex()
    var contributions: [LiveContribution] = []
    var queries: [SearchQuery] = []
    var position = 0
    var fixture: BenchGateway?
    var served: ServedGateways?
    var token = ""

    /// Contributions until the index holds `patterns` distinct patterns, and 4,096 queries
    /// drawn from the same Zipf popularity, all from the seed.
    func buildIndex(patterns: Int) throws {
        guard contributions.isEmpty else { return }
        let workload = Workload(vocabulary: try benchPolicy().vocabulary, seed: benchSeed)
        var generator = SeededGenerator(state: benchSeed ^ 0xA5A5)
        var n = 0
        while index.patternCount < patterns {
            let contribution = LiveContribution(contributionId: "c\(n)", pseudonym: "p\(n % 997)", record: workload.record(using: &generator))
            index.upsert(contribution)
            contributions.append(contribution)
            n += 1
        }
        queries = (0..<4096).map { _ in workload.query(using: &generator) }
    }

    /// Queries alone, for the HTTP benchmark (same popularity, its own stream).
    func prepareQueries() throws {
        guard queries.isEmpty else { return }
        let workload = Workload(vocabulary: try benchPolicy().vocabulary, seed: benchSeed)
        var generator = SeededGenerator(state: benchSeed ^ 0x9E37)
        queries = (0..<4096).map { _ in workload.query(using: &generator) }
    }

    func nextQuery() -> SearchQuery {
        position = (position + 1) & 4095
        return queries[position]
    }
}
