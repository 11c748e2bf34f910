// The seed's year 3, measured (issue 15, item 7): one gateway holding 10,000 deployments,
// 300,000 contributions and 50,000 unique patterns; a three-gateway resync of it from empty;
// ten times that network in the matcher alone. Figures: ../../docs/scale.md.
//
//     cd Benchmarks && swift run -c release scale-run            # year 3, then 10x in memory
//     SCALE=0.1 swift run -c release scale-run                    # a tenth, to try it out
import AsyncHTTPClient
import BenchmarkSupport
import Foundation
import Gateway
import GatewayHTTP
import Logging
import NIOCore
import NIOHTTP1
import PatternCore
import Privacy
import Storage

let scale = Double(ProcessInfo.processInfo.environment["SCALE"] ?? "1") ?? 1
let deployments = Int(10_000 * scale), contributions = Int(300_000 * scale), uniquePatterns = Int(50_000 * scale)
let logger = Logger(label: "scale-run")
let clock = ContinuousClock()
print("scale run: \(deployments) deployments, \(contributions) contributions, \(uniquePatterns) unique patterns, seed \(benchSeed)")
print("machine: \(ProcessInfo.processInfo.activeProcessorCount) cores, load \(loadAverage())")

/// Resident memory of this process (VmRSS) and its peak (VmHWM), in MiB.
func memory() -> (rss: Double, peak: Double) {
    guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return (0, 0) }
    func field(_ name: String) -> Double {
        guard let line = status.split(separator: "\n").first(where: { $0.hasPrefix(name) }) else { return 0 }
        return (Double(line.split(separator: " ").dropFirst().first { !$0.isEmpty } ?? "0") ?? 0) / 1024
    }
    return (field("VmRSS:"), field("VmHWM:"))
}

func loadAverage() -> String {
    (try? String(contentsOfFile: "/proc/loadavg", encoding: .utf8))?.split(separator: " ").prefix(3).joined(separator: " ") ?? "?"
}

func percentiles(_ samples: [Duration]) -> String {
    let sorted = samples.sorted()
    func at(_ p: Double) -> String { String(format: "%.3f ms", seconds(sorted[min(sorted.count - 1, Int(Double(sorted.count) * p))]) * 1000) }
    return "p50 \(at(0.50)), p99 \(at(0.99)), max \(at(1.0)) (n = \(sorted.count))"
}

func timed<T>(_ body: () async throws -> T) async rethrows -> (T, Duration) {
    let start = clock.now
    let value = try await body()
    return (value, clock.now - start)
}

/// The network's pattern shapes: records drawn from the workload until `uniquePatterns`
/// distinct patterns exist (the matcher counts them), then contributions drawn uniformly
/// from those shapes, so the network has exactly that many patterns.
func networkRecords(_ workload: Workload, count: Int, patterns: Int, seed: UInt64) -> [ContributionRecord] {
    var generator = SeededGenerator(state: seed)
    var index = PatternIndex()
    var shapes: [ContributionRecord] = []
    var n = 0
    while index.patternCount < patterns {
        let record = workload.record(using: &generator)
        let before = index.patternCount
        index.upsert(LiveContribution(contributionId: "s\(n)", pseudonym: "p", record: record))
        if index.patternCount > before { shapes.append(record) }
        n += 1
    }
    var records = shapes
    while records.count < count { records.append(shapes[Int(generator.next() % UInt64(shapes.count))]) }
    // Shuffled, so that deployments do not each hold one shape.
    for i in stride(from: records.count - 1, to: 0, by: -1) { records.swapAt(i, Int(generator.next() % UInt64(i + 1))) }
    return records
}

let policy = try benchPolicy()
let workload = Workload(vocabulary: policy.vocabulary, seed: benchSeed)
let network = FileManager.default.temporaryDirectory.appendingPathComponent("pg-scale-\(UUID().uuidString)")
defer { try? FileManager.default.removeItem(at: network) }

// 1. Ingest, in process, through the batch path: each deployment sends its contributions in one batch.
let records = networkRecords(workload, count: contributions, patterns: uniquePatterns, seed: benchSeed ^ 0x3EA3)
var source = try await BenchGateway.start(name: "gw-americas", policy: policy, network: network)
var principals: [Principal] = []
let (_, registration) = try await timed {
    for d in 0..<deployments {
        let token = try await source.gateway.tokens.issue(
            role: .deployment, pseudonym: source.gateway.keyRing.pseudonym(deploymentId: "deployment-\(d)"), actor: .cli)
        let principal = try await source.gateway.authenticate(authorization: "Bearer \(token.bearer)")
        _ = try await source.gateway.changeConsent(principal, request: ConsentChangeRequest(action: "grant"))
        principals.append(principal)
    }
}
print(String(format: "registration: %d deployments with tokens and consent in %.1f s", deployments, seconds(registration)))
let perDeployment = (contributions + deployments - 1) / deployments
let (_, ingest) = try await timed {
    for d in 0..<deployments {
        let slice = records[min(records.count, d * perDeployment)..<min(records.count, (d + 1) * perDeployment)]
        guard !slice.isEmpty else { continue }
        let batch = slice.enumerated().map { ContributePatternRequest($0.element, migrationId: "m-\(d)-\($0.offset)") }
        _ = try await source.gateway.contributeBatch(principals[d], body: try JSONEncoder().encode(batch))
    }
}
let live = source.gateway.liveContributionCount
print(
    String(
        format: "ingest: %d contributions in %.1f s = %.0f contributions/s (in process, batch path, gate and audit included)",
        live, seconds(ingest), Double(live) / seconds(ingest)))
print(String(format: "memory after ingest: RSS %.0f MiB, peak %.0f MiB", memory().rss, memory().peak))
let dataDir = source.directory
let dataBytes = (FileManager.default.enumerator(atPath: dataDir.path)?.compactMap { $0 as? String } ?? [])
    .reduce(0) { $0 + ((try? FileManager.default.attributesOfItem(atPath: dataDir.appendingPathComponent($1).path)[.size] as? Int) ?? 0) }
print(String(format: "data dir: %.0f MiB", Double(dataBytes) / 1_048_576))

// 2. Start-up: stop the gateway and open the same data dir again (matcher rebuilt from SQLite).
await source.gateway.stop()
let rssBeforeStart = memory().rss
let (reopened, startup) = try await timed {
    try await PatternGateway.start(
        configuration: GatewayConfiguration(
            dataDirectory: DataDirectory(path: dataDir.path), networkKeyFile: network.appendingPathComponent("network.key").path,
            gatewayId: "gw-americas", policy: policy))
}
print(
    String(
        format: "start-up on the full data dir: %.2f s; RSS %.0f MiB (%.0f before opening, in the same process)",
        seconds(startup), memory().rss, rssBeforeStart))
let searcher = principals[0]

// 3. Search in process, 10,000 queries of the workload's popularity.
var queryGenerator = SeededGenerator(state: benchSeed ^ 0x9E37)
let queries = (0..<10_000).map { _ in workload.query(using: &queryGenerator) }
var inProcess: [Duration] = []
for query in queries {
    let start = clock.now
    _ = try reopened.search(
        searcher, sourceCloud: query.sourceCloud.rawValue, targetCloud: query.targetCloud.rawValue,
        resourceTypes: query.resourceTypes.joined(separator: ","), limit: "10")
    inProcess.append(clock.now - start)
}
print("search in process: \(percentiles(inProcess))")

// 4. Search over HTTP, one keep-alive client.
let served = try await ServedGateways.serve([reopened])
let bearer = try await reopened.tokens.issue(role: .deployment, pseudonym: reopened.keyRing.pseudonym(deploymentId: "deployment-0"), actor: .cli)
    .bearer
var overHTTP: [Duration] = []
for (n, query) in queries.prefix(5_000).enumerated() {
    var request = HTTPClientRequest(
        url: served.urls[0]
            + "/api/v1/patterns/search?sourceCloud=\(query.sourceCloud.rawValue)&targetCloud=\(query.targetCloud.rawValue)&resourceTypes=\(query.resourceTypes.joined(separator: ","))"
    )
    request.headers.add(name: "Authorization", value: "Bearer \(bearer)")
    let start = clock.now
    let response = try await HTTPClient.shared.execute(request, timeout: .seconds(10))
    _ = try await response.body.collect(upTo: 1 << 22)
    if n >= 500 { overHTTP.append(clock.now - start) }  // the first 500 warm up
    guard response.status == .ok else { throw BenchSetupError(message: "search answered \(response.status.code)") }
}
print("search over HTTP: \(percentiles(overHTTP))")

// 5. Two empty gateways catch up from the loaded one over HTTP sync, at the same time. One
// exchange moves at most 100 rounds of 2,000 events, as the sync service's; like the service,
// each gateway exchanges again until it holds what the source holds.
let late = [
    try await BenchGateway.start(name: "gw-europe", policy: policy, network: network),
    try await BenchGateway.start(name: "gw-apac", policy: policy, network: network),
]
let (outcome, resync) = await timed {
    await withTaskGroup(of: (failures: Int, exchanges: Int, converged: Bool).self) { group in
        for gateway in late {
            group.addTask {
                var failures = 0
                for exchange in 1...10 {
                    failures += await PeerTransport(gateway: gateway.gateway, client: HTTPClient.shared)
                        .exchange(PeerState(url: served.urls[0]), maximumBackoff: .seconds(1), logger: logger).failures
                    // The source's digest now (each late gateway pushes its own few events to it).
                    let source = try? await reopened.database.stateDigest()
                    if let source, (try? await gateway.gateway.database.stateDigest()) == source { return (failures, exchange, true) }
                }
                return (failures, 10, false)
            }
        }
        var all: [(failures: Int, exchanges: Int, converged: Bool)] = []
        for await result in group { all.append(result) }
        return all
    }
}
// One more exchange each brings the other late gateway's own events; then all three agree.
for gateway in late {
    _ = await PeerTransport(gateway: gateway.gateway, client: HTTPClient.shared)
        .exchange(PeerState(url: served.urls[0]), maximumBackoff: .seconds(1), logger: logger)
}
let digests = [try await reopened.database.stateDigest()] + (try await late.asyncMap { try await $0.gateway.database.stateDigest() })
print(
    String(
        format:
            "resync of two empty gateways from the full one (HTTP sync, concurrently): %.1f s, failures %d, exchanges %@, caught up %@, all three equal %@",
        seconds(resync), outcome.map(\.failures).reduce(0, +), outcome.map { String($0.exchanges) }.joined(separator: "/"),
        outcome.allSatisfy(\.converged) ? "yes" : "NO", Set(digests).count == 1 ? "yes" : "NO"))
for gateway in late { await gateway.gateway.stop() }
await served.stop()

// 6. Erase 1% of the deployments, then purge them.
let officer = try await reopened.authenticate(
    authorization: "Bearer \(try await reopened.tokens.issue(role: .officer, pseudonym: nil, actor: .cli).bearer)")
let erased = deployments / 100
let (_, erasure) = try await timed {
    for d in 0..<erased { _ = try await reopened.requestErasure(officer, body: ErasureRequestBody(deploymentId: "deployment-\(d)")) }
}
print(String(format: "erase %d deployments (%d contributions): %.2f s", erased, contributions - reopened.liveContributionCount, seconds(erasure)))
let (purged, purge) = try await timed { try await reopened.purge(asOf: Date().addingTimeInterval(400 * 86_400)) }
print(String(format: "purge: %d events in %.2f s", purged.events, seconds(purge)))
await reopened.stop()

// 7. Ten times the network in the matcher alone: memory and search.
do {
    let tenfold = networkRecords(workload, count: contributions * 10, patterns: uniquePatterns * 10, seed: benchSeed ^ 0x10F0)
    let before = memory().rss
    var index = PatternIndex()
    let (_, build) = timedSync {
        for (n, record) in tenfold.enumerated() {
            index.upsert(LiveContribution(contributionId: "c\(n)", pseudonym: "p\(n % (deployments * 10))", record: record))
        }
    }
    print(
        String(
            format: "10x in the matcher: %d contributions, %d patterns, built in %.1f s; RSS %.0f MiB (%.0f before the index)",
            index.contributionCount, index.patternCount, seconds(build), memory().rss, before))
    var samples: [Duration] = []
    for query in queries.prefix(2_000) {
        let start = clock.now
        _ = index.search(query)
        samples.append(clock.now - start)
    }
    print("10x search in the matcher: \(percentiles(samples))")
}
print("done; load \(loadAverage())")

func timedSync<T>(_ body: () throws -> T) rethrows -> (T, Duration) {
    let start = clock.now
    let value = try body()
    return (value, clock.now - start)
}

extension Array {
    func asyncMap<T>(_ transform: (Element) async throws -> T) async rethrows -> [T] {
        var result: [T] = []
        for element in self { result.append(try await transform(element)) }
        return result
    }
}
