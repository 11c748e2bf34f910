import AsyncHTTPClient
import Benchmark
import BenchmarkSupport
import Foundation
import Gateway
import GatewayHTTP
import Logging
import PatternCore
import Privacy
import Replication
import ServiceLifecycle
import Storage

/// Sync convergence between real gateways over HTTP on loopback: how fast an accepted
/// contribution is live elsewhere, and how fast an empty gateway catches up on 50,000.
let benchmarks: @Sendable () -> Void = {
    let state = ReplicationState()

    Benchmark(
        "Propagation, accepted at one gateway to live at two others",
        configuration: .init(metrics: [.wallClock], warmupIterations: 10, maxDuration: .seconds(30), maxIterations: 300),
        closure: { benchmark in
            let gateways = state.gateways.map(\.gateway)
            let before = (gateways[1].liveContributionCount, gateways[2].liveContributionCount)
            let started = ContinuousClock.now
            _ = try await gateways[0].contribute(state.gateways[0].principal, request: state.nextRequest())
            while gateways[1].liveContributionCount == before.0 || gateways[2].liveContributionCount == before.1 {
                guard ContinuousClock.now - started < .seconds(5) else { throw BenchSetupError(message: "not propagated within 5 s") }
                try await Task.sleep(for: .microseconds(200))
            }
        },
        setup: { try await state.startMesh() },
        teardown: { await state.stop() })

    Benchmark(
        "Resync of 50,000 contributions into an empty gateway over HTTP",
        configuration: .init(
            metrics: [.wallClock, .custom("Sync bodies per contribution JSON (%)", useScalingFactor: false)],
            warmupIterations: 0, maxDuration: .seconds(120), maxIterations: 3),
        closure: { benchmark in
            // A new, empty gateway each iteration, started before the clock.
            let target = try await BenchGateway.start(name: "gw-late-\(benchmark.currentIteration)", policy: state.policy!, network: state.network)
            benchmark.startMeasurement()
            let result = await PeerTransport(gateway: target.gateway, client: HTTPClient.shared)
                .exchange(PeerState(url: state.served!.urls[0]), maximumBackoff: .seconds(1), logger: state.logger)
            benchmark.stopMeasurement()
            let converged = try await target.gateway.database.stateDigest() == state.gateways[0].gateway.database.stateDigest()
            await target.gateway.stop()
            guard converged, result.failures == 0 else { throw BenchSetupError(message: "resync did not converge") }
            benchmark.measurement(.custom("Sync bodies per contribution JSON (%)", useScalingFactor: false), state.bodyPercent)
        },
        setup: { try await state.startSource(contributions: 50_000) },
        teardown: { await state.stop() })
}

/// Gateways sharing one network key in one temporary folder.
final class ReplicationState: @unchecked Sendable {
    let logger = Logger(label: "replication-bench")
    var policy: Policy?
    var network = FileManager.default.temporaryDirectory.appendingPathComponent("pg-repl-bench-\(UUID().uuidString)")
    var gateways: [BenchGateway] = []
    var served: ServedGateways?
    var sync: ServiceGroup?
    var syncing: Task<Void, any Error>?
    var workload: Workload?
    var generator = SeededGenerator(state: benchSeed ^ 0x77)
    var sent = 0
    var bodyPercent = 0

    /// Three gateways, each serving HTTP and syncing with the other two.
    func startMesh() async throws {
        try await startGateways(count: 3)
        let urls = served!.urls
        let syncs = (0..<3).map { position in
            SyncService(
                gateway: gateways[position].gateway,
                configuration: SyncConfiguration(peers: urls.indices.filter { $0 != position }.map { urls[$0] }),
                client: HTTPClient.shared, logger: logger)
        }
        let group = ServiceGroup(configuration: .init(services: syncs.map { $0 as any Service }, logger: logger))
        sync = group
        syncing = Task { try await group.run() }
    }

    /// One serving gateway holding `contributions`; measures once what its sync bodies weigh
    /// against the contribution JSON that went in.
    func startSource(contributions: Int) async throws {
        try await startGateways(count: 1)
        let jsonBytes = try await gateways[0].ingest(contributions, workload: workload!, generator: &generator, idPrefix: "bulk")
        var vector = VersionVector()
        var bodyBytes = 0
        while true {
            let response = try await gateways[0].gateway.syncResponse(for: vector)
            bodyBytes += try SyncWire.compress(try SyncCoding.encode(response)).count
            vector = vector.merged(with: VersionVector(Dictionary(grouping: response.events, by: \.origin).mapValues { $0.map(\.seq).max()! }))
            if !response.more { break }
        }
        bodyPercent = bodyBytes * 100 / jsonBytes
    }

    private func startGateways(count: Int) async throws {
        let policy = try benchPolicy()
        self.policy = policy
        workload = Workload(vocabulary: policy.vocabulary, seed: benchSeed)
        for name in ["gw-americas", "gw-europe", "gw-apac"].prefix(count) {
            gateways.append(try await BenchGateway.start(name: name, policy: policy, network: network))
        }
        served = try await ServedGateways.serve(gateways.map(\.gateway))
    }

    func nextRequest() -> ContributePatternRequest {
        sent += 1
        return ContributePatternRequest(workload!.record(using: &generator), migrationId: "lat-\(sent)")
    }

    func stop() async {
        await sync?.triggerGracefulShutdown()
        _ = await syncing?.result
        await served?.stop()
        for gateway in gateways { await gateway.gateway.stop() }
        try? FileManager.default.removeItem(at: network)
        gateways = []
        served = nil
        sync = nil
        syncing = nil
    }
}
