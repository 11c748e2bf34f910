import AsyncHTTPClient
import Benchmark
import BenchmarkSupport
import Foundation
import Gateway
import NIOCore
import NIOHTTP1
import PatternCore
import Privacy

/// Contribution ingest through the real HTTP edge: privacy gate, store, audit entry, matcher.
let benchmarks: @Sendable () -> Void = {
    let state = IngestState()

    Benchmark(
        "Contribute over HTTP, batches of 1,000",
        configuration: .init(metrics: [.wallClock, .throughput], warmupIterations: 2, maxDuration: .seconds(60), maxIterations: 40),
        closure: { benchmark in try await state.post(path: "/api/v1/patterns/contribute/batch", body: state.next()) },
        setup: { try await state.start(bodies: 42, perBody: 1_000) },
        teardown: { await state.stop() })

    Benchmark(
        "Contribute over HTTP, one at a time",
        configuration: .init(metrics: [.wallClock, .throughput], warmupIterations: 100, maxDuration: .seconds(30), maxIterations: 3_000),
        closure: { benchmark in try await state.post(path: "/api/v1/patterns/contribute", body: state.next()) },
        setup: { try await state.start(bodies: 3_100, perBody: 1) },
        teardown: { await state.stop() })
}

/// A served gateway and request bodies encoded before the clock starts (unique migration ids).
final class IngestState: @unchecked Sendable {
    var fixture: BenchGateway?
    var served: ServedGateways?
    var token = ""
    var bodies: [ByteBuffer] = []
    var position = 0

    func start(bodies count: Int, perBody: Int) async throws {
        let policy = try benchPolicy()
        let fixture = try await BenchGateway.start(policy: policy)
        let workload = Workload(vocabulary: policy.vocabulary, seed: benchSeed)
        var generator = SeededGenerator(state: benchSeed ^ 0x1263)
        let encoder = JSONEncoder()
        bodies = try (0..<count).map { body in
            let requests = (0..<perBody).map { n in
                ContributePatternRequest(workload.record(using: &generator), migrationId: "ingest-\(body)-\(n)")
            }
            return ByteBuffer(bytes: perBody == 1 ? try encoder.encode(requests[0]) : try encoder.encode(requests))
        }
        position = 0
        token = try await fixture.bearer(role: .deployment)
        served = try await ServedGateways.serve([fixture.gateway])
        self.fixture = fixture
    }

    func next() -> ByteBuffer {
        defer { position += 1 }
        return bodies[position]
    }

    func post(path: String, body: ByteBuffer) async throws {
        var request = HTTPClientRequest(url: served!.urls[0] + path)
        request.method = .POST
        request.headers.add(name: "Authorization", value: "Bearer \(token)")
        request.headers.add(name: "Content-Type", value: "application/json")
        request.body = .bytes(body)
        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(120))
        _ = try await response.body.collect(upTo: 16 << 20)
        guard response.status == .ok || response.status == .created else {
            throw BenchSetupError(message: "contribute answered \(response.status.code)")
        }
    }

    func stop() async {
        await served?.stop()
        await fixture?.stop()
        served = nil
        fixture = nil
    }
}
