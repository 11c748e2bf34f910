import Benchmark
import BenchmarkSupport
import Foundation
import Gateway
import Privacy
import Storage

/// Erasing a deployment that holds 10,000 contributions, and purging their payloads.
/// Every iteration gets a fresh gateway with 10,000 contributions, filled before the clock.
let benchmarks: @Sendable () -> Void = {
    let contributions = 10_000
    let configuration = Benchmark.Configuration(
        metrics: [.wallClock, .peakMemoryResident], warmupIterations: 0, maxDuration: .seconds(120), maxIterations: 5)

    Benchmark("Erase a deployment with 10,000 contributions", configuration: configuration) { benchmark in
        let fixture = try await ErasureFixture.filled(contributions: contributions, iteration: benchmark.currentIteration)
        benchmark.startMeasurement()
        let receipt = try await fixture.gateway.gateway.requestErasure(
            fixture.officer, body: ErasureRequestBody(deploymentId: fixture.gateway.deploymentId))
        benchmark.stopMeasurement()
        let live = fixture.gateway.gateway.liveContributionCount
        await fixture.gateway.stop()
        guard receipt.contributionsCovered == contributions, live == 0 else { throw BenchSetupError(message: "erasure did not cover everything") }
    }

    Benchmark("Purge 10,000 erased contributions (chunks, vacuum, WAL truncate)", configuration: configuration) { benchmark in
        let fixture = try await ErasureFixture.filled(contributions: contributions, iteration: benchmark.currentIteration)
        _ = try await fixture.gateway.gateway.requestErasure(fixture.officer, body: ErasureRequestBody(deploymentId: fixture.gateway.deploymentId))
        benchmark.startMeasurement()
        let report = try await fixture.gateway.gateway.purge(asOf: Date().addingTimeInterval(400 * 86_400))
        benchmark.stopMeasurement()
        await fixture.gateway.stop()
        guard report.events >= contributions else { throw BenchSetupError(message: "purge left events behind") }
    }
}

/// A gateway whose one deployment has `contributions` live contributions, and an officer.
struct ErasureFixture {
    let gateway: BenchGateway
    let officer: Principal

    static func filled(contributions: Int, iteration: Int) async throws -> ErasureFixture {
        let policy = try benchPolicy()
        let gateway = try await BenchGateway.start(policy: policy, deploymentId: "bench-erasure")
        var generator = SeededGenerator(state: benchSeed ^ 0xE5A5E ^ UInt64(iteration))
        try await gateway.ingest(
            contributions, workload: Workload(vocabulary: policy.vocabulary, seed: benchSeed), generator: &generator, idPrefix: "erase")
        let officer = try await gateway.gateway.authenticate(authorization: "Bearer \(try await gateway.bearer(role: .officer))")
        return ErasureFixture(gateway: gateway, officer: officer)
    }
}
