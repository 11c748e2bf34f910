import AsyncHTTPClient
import Foundation
import Gateway
import GatewayHTTP
import Hummingbird
import Logging
import NIOCore
import PatternCore
import Privacy
import Prometheus
import ServiceLifecycle
import Synchronization

/// `patterngate-bench [--patterns N] [--queries N] [--seed S]`: the figures of docs/benchmarks.md.
/// Build with `-c release`; debug figures mean nothing.
@main
enum Bench {
    static func main() async throws {
        var options = CommandLine.arguments.dropFirst().makeIterator()
        var patterns = 50_000, queries = 20_000, seed = UInt64(20261125), megabytes = 20
        var only: String?
        while let flag = options.next() {
            switch flag {
            case "--patterns": patterns = Int(options.next() ?? "") ?? patterns
            case "--queries": queries = Int(options.next() ?? "") ?? queries
            case "--seed": seed = UInt64(options.next() ?? "") ?? seed
            case "--megabytes": megabytes = Int(options.next() ?? "") ?? megabytes
            case "--only": only = options.next()
            default:
                FileHandle.standardError.write(Data("usage: patterngate-bench [--patterns N] [--queries N] [--megabytes N] [--seed S] [--only search|privacy|replication|erasure|audit]\n".utf8))
                exit(2)
            }
        }
        #if DEBUG
        print("warning: debug build; run `swift run -c release patterngate-bench` for real figures")
        #endif
        print("seed \(seed), \(patterns) patterns, \(queries) queries, \(ProcessInfo.processInfo.activeProcessorCount) cores")
        let policy = try PolicyFile.load(path: PolicyFile.defaultPath)
        if only == nil || only == "privacy" { PrivacyBench.run(megabytes: megabytes, seed: seed) }
        if only == nil || only == "audit" { try await AuditBench.run() }
        let workload = Workload(vocabulary: policy.vocabulary, seed: seed)
        if only == nil || only == "erasure" {
            try await ErasureBench.run(policy: policy, workload: workload, contributions: 10_000, seed: seed)
        }
        if only == nil || only == "replication" {
            try await ReplicationBench.run(policy: policy, workload: workload, events: patterns, seed: seed)
        }
        guard only == nil || only == "search" else { return }
        try inProcessSearch(workload: workload, patterns: patterns, queries: queries, seed: seed)
        try await overHTTP(workload: workload, policy: policy, patterns: patterns, queries: queries / 4, seed: seed)
    }

    /// The matcher alone: index build, then queries drawn from the same popularity.
    static func inProcessSearch(workload: Workload, patterns: Int, queries: Int, seed: UInt64) throws {
        var generator = SeededGenerator(state: seed ^ 0xA5A5)
        var index = PatternIndex()
        var n = 0
        let built = ContinuousClock().measure {
            while index.patternCount < patterns {
                index.upsert(LiveContribution(contributionId: "c\(n)", pseudonym: "p\(n % 997)", record: workload.record(using: &generator)))
                n += 1
            }
        }
        print("index: \(index.patternCount) patterns from \(n) contributions built in \(built)")
        var samples: [Duration] = []
        var matched = 0
        let clock = ContinuousClock()
        for round in 0..<(queries + 1000) {
            let query = workload.query(using: &generator)
            let start = clock.now
            let outcome = index.search(query)
            let elapsed = clock.now - start
            matched += outcome.totalMatches
            if round >= 1000 { samples.append(elapsed) }  // the first 1,000 warm up
        }
        print("search in-process: \(Percentiles(samples)) (mean candidates \(matched / (queries + 1000)))")
    }

    /// Ingest through the batch endpoint, then search over HTTP on loopback (one keep-alive client).
    static func overHTTP(workload: Workload, policy: Policy, patterns: Int, queries: Int, seed: UInt64) async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("pg-bench-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        let registry = PrometheusCollectorRegistry()
        let gateway = try await PatternGateway.start(
            configuration: GatewayConfiguration(dataDirectory: DataDirectory(path: directory.path), policy: policy),
            metricsFactory: PrometheusMetricsFactory(registry: registry))
        let token = try await gateway.tokens.issue(role: .deployment, pseudonym: gateway.keyRing.pseudonym(deploymentId: "bench"), actor: .cli).bearer
        _ = try await gateway.changeConsent(
            try await gateway.authenticate(authorization: "Bearer \(token)"), request: ConsentChangeRequest(action: "grant"))
        let port = Mutex(0)
        let ready = AsyncStream<Void>.makeStream()
        let app = try PatternGateApplication.make(
            gateway: gateway, registry: registry, server: ServerConfiguration(host: "127.0.0.1", port: 0),
            onServerRunning: { channel in
                port.withLock { $0 = channel.localAddress?.port ?? 0 }
                ready.continuation.yield()
            })
        let services = ServiceGroup(
            configuration: .init(services: [app], logger: Logger(label: "patterngate-bench")))
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await services.run() }
            for await _ in ready.stream { break }
            let base = "http://127.0.0.1:\(port.withLock { $0 })"
            let http = HTTPClient(eventLoopGroup: HTTPClient.defaultEventLoopGroup)

            // Ingest: batches of 1,000 JSON contributions until the gateway holds `patterns` contributions.
            var generator = SeededGenerator(state: seed ^ 0x5A5A)
            let encoder = JSONEncoder()
            var sent = 0
            var ingestTime = Duration.zero
            while sent < patterns {
                let batch = (0..<min(1000, patterns - sent)).map { offset in
                    let record = workload.record(using: &generator)
                    return ContributePatternRequest(
                        migrationId: "m\(sent + offset)", sourceCloud: record.sourceCloud.rawValue, targetCloud: record.targetCloud.rawValue,
                        resourceTypes: record.resourceTypes, strategy: record.strategy.rawValue,
                        steps: record.steps.map { .init(action: $0.action, durationSeconds: $0.durationSeconds, success: $0.success) },
                        successRate: record.successRate, durationHours: record.durationHours, costSavingsPercent: record.costSavingsPercent)
                }
                var request = HTTPClientRequest(url: base + "/api/v1/patterns/contribute/batch")
                request.method = .POST
                request.headers.add(name: "Authorization", value: "Bearer \(token)")
                request.headers.add(name: "Content-Type", value: "application/json")
                request.body = .bytes(ByteBuffer(bytes: try encoder.encode(batch)))
                let start = ContinuousClock.now
                let response = try await http.execute(request, timeout: .seconds(120))
                _ = try await response.body.collect(upTo: 64 << 20)
                ingestTime += ContinuousClock.now - start
                guard response.status == .ok else { throw BenchError(message: "batch answered \(response.status)") }
                sent += batch.count
            }
            let seconds = Double(ingestTime.components.seconds) + Double(ingestTime.components.attoseconds) / 1e18
            print(String(format: "ingest over HTTP (batch endpoint, 1,000 per request): %d contributions in %.2f s = %.0f contributions/s", sent, seconds, Double(sent) / seconds))
            print("patterns after ingest: \(gateway.liveContributionCount) contributions")

            // Search over HTTP.
            var samples: [Duration] = []
            for round in 0..<(queries + 500) {
                let query = workload.query(using: &generator)
                let url = base + "/api/v1/patterns/search?sourceCloud=\(query.sourceCloud.rawValue)&targetCloud=\(query.targetCloud.rawValue)&resourceTypes=\(query.resourceTypes.joined(separator: ","))"
                var request = HTTPClientRequest(url: url)
                request.headers.add(name: "Authorization", value: "Bearer \(token)")
                let start = ContinuousClock.now
                let response = try await http.execute(request, timeout: .seconds(10))
                _ = try await response.body.collect(upTo: 1 << 20)
                let elapsed = ContinuousClock.now - start
                guard response.status == .ok else { throw BenchError(message: "search answered \(response.status)") }
                if round >= 500 { samples.append(elapsed) }
            }
            print("search over HTTP (loopback, sequential keep-alive client): \(Percentiles(samples))")
            try await http.shutdown()
            await services.triggerGracefulShutdown()
        }
    }

    struct BenchError: Error { var message: String }
}
