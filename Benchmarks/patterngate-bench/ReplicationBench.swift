import AsyncHTTPClient
import Foundation
import Gateway
import GatewayHTTP
import Logging
import PatternCore
import Privacy
import Prometheus
import Replication
import ServiceLifecycle
import Storage
import Synchronization

/// Propagation latency across three gateways on loopback, and a 50,000-event resync.
enum ReplicationBench {
    static func run(policy: Policy, workload: Workload, events: Int, seed: UInt64) async throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("pg-repl-bench-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: root) }
        let key = root.appendingPathComponent("network.key").path
        var gateways: [PatternGateway] = []
        for name in ["americas", "europe", "apac", "late"] {
            gateways.append(try await PatternGateway.start(configuration: GatewayConfiguration(
                dataDirectory: DataDirectory(path: root.appendingPathComponent(name).path), networkKeyFile: key, gatewayId: "gw-\(name)",
                policy: policy)))
        }
        let ports = Mutex<[Int: Int]>([:])
        let logger = Logger(label: "replication-bench")
        let apps = try gateways.prefix(3).enumerated().map { position, gateway in
            try PatternGateApplication.make(
                gateway: gateway, registry: PrometheusCollectorRegistry(), server: ServerConfiguration(host: "127.0.0.1", port: 0),
                logger: logger, onServerRunning: { channel in ports.withLock { $0[position] = channel.localAddress?.port ?? 0 } })
        }
        let servers = ServiceGroup(configuration: .init(services: apps.map { $0 as any Service }, logger: logger))
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await servers.run() }
            while ports.withLock({ $0.count }) < 3 { try await Task.sleep(for: .milliseconds(10)) }
            let bound = ports.withLock { $0 }
            let syncs = (0..<3).map { position in
                SyncService(
                    gateway: gateways[position],
                    configuration: SyncConfiguration(peers: (0..<3).filter { $0 != position }.map { "http://127.0.0.1:\(bound[$0]!)" }),
                    client: HTTPClient.shared, logger: logger)
            }
            let syncGroup = ServiceGroup(configuration: .init(services: syncs.map { $0 as any Service }, logger: logger))
            group.addTask { try await syncGroup.run() }

            // Latency: accepted at gateway 0 → live at gateways 1 and 2.
            let token = try await gateways[0].tokens.issue(role: .deployment, pseudonym: gateways[0].keyRing.pseudonym(deploymentId: "bench"), actor: .cli)
            let principal = try await gateways[0].authenticate(authorization: "Bearer \(token.bearer)")
            _ = try await gateways[0].changeConsent(principal, request: ConsentChangeRequest(action: "grant"))
            var generator = SeededGenerator(state: seed ^ 0x77)
            var samples: [Duration] = []
            for n in 0..<300 {
                let record = workload.record(using: &generator)
                let before = gateways[1].liveContributionCount
                let started = ContinuousClock.now
                _ = try await gateways[0].contribute(principal, request: request(record, id: "lat-\(n)"))
                while gateways[1].liveContributionCount == before || gateways[2].liveContributionCount == before {
                    try await Task.sleep(for: .microseconds(200))
                    if ContinuousClock.now - started > .seconds(5) { break }
                }
                samples.append(ContinuousClock.now - started)
            }
            print("propagation, accepted at one gateway → live at the other two (loopback, 300 contributions): \(Percentiles(samples))")
            await syncGroup.triggerGracefulShutdown()

            // Resync: gateway 0 holds `events` more events; a new gateway catches up over HTTP.
            var sent = 0
            var requestBytes = 0
            while sent < events {
                let batch = (0..<min(1000, events - sent)).map { offset in request(workload.record(using: &generator), id: "bulk-\(sent + offset)") }
                let body = try JSONEncoder().encode(batch)
                requestBytes += body.count
                _ = try await gateways[0].contributeBatch(principal, body: body)
                sent += batch.count
            }
            let target = gateways[3]
            let started = ContinuousClock.now
            let transport = PeerTransport(gateway: target, client: HTTPClient.shared)
            let result = await transport.exchange(PeerState(url: "http://127.0.0.1:\(bound[0]!)"), maximumBackoff: .seconds(1), logger: logger)
            let elapsed = ContinuousClock.now - started
            let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
            let same = try await target.database.stateDigest() == gateways[0].database.stateDigest()
            // Bytes the protocol carries for the same events, encoded as the route encodes them,
            // and where the time goes: the sender's selection, JSON, the receiver's store.
            var vector = VersionVector()
            var responseBytes = 0
            let clock = ContinuousClock()
            var selectTime = Duration.zero, encodeTime = Duration.zero, decodeTime = Duration.zero
            var batches: [Data] = []
            while true {
                var selected: SyncResponse?
                selectTime += try await clock.measure { selected = try await gateways[0].syncResponse(for: vector) }
                var data = Data()
                encodeTime += try clock.measure { data = try SyncWire.compress(try SyncCoding.encode(selected!)) }
                batches.append(data)
                let response = selected!
                responseBytes += data.count
                vector = vector.merged(with: VersionVector(Dictionary(grouping: response.events, by: \.origin).mapValues { $0.map(\.seq).max()! }))
                if !response.more { break }
            }
            print(String(format: "resync of %d contributions (%d events) over HTTP: %.2f s, digests equal: %@, failures %d",
                         events, try await gateways[0].database.eventCount(), seconds, same ? "yes" : "no", result.failures))
            let fresh = try await PatternGateway.start(configuration: GatewayConfiguration(
                dataDirectory: DataDirectory(path: root.appendingPathComponent("fresh").path), networkKeyFile: key, gatewayId: "gw-fresh",
                policy: policy))
            var receiveTime = Duration.zero
            var checkTime = Duration.zero
            for data in batches {
                var decoded: SyncResponse?
                decodeTime += try clock.measure { decoded = try SyncCoding.decodeResponse(SyncWire.unpack(data, contentEncoding: SyncWire.gzip)) }
                var checked: CheckedBatch?
                checkTime += await clock.measure { checked = await fresh.check(decoded!.events) }
                receiveTime += try await clock.measure { try await fresh.receive(checked!, from: "gw-americas") }
            }
            print("resync parts: select \(selectTime), JSON + gzip \(encodeTime), gunzip + JSON decode \(decodeTime), receiver checks (hash, decode, scan; both cores) \(checkTime), store (one transaction a batch, matcher) \(receiveTime)")
            print(String(format: "sync bodies (gzip) %.1f MB for %.1f MB of contribution JSON = %.2f×",
                         Double(responseBytes) / 1e6, Double(requestBytes) / 1e6, Double(responseBytes) / Double(requestBytes)))
            await servers.triggerGracefulShutdown()
        }
    }

    static func request(_ record: ContributionRecord, id: String) -> ContributePatternRequest {
        ContributePatternRequest(
            migrationId: id, sourceCloud: record.sourceCloud.rawValue, targetCloud: record.targetCloud.rawValue,
            resourceTypes: record.resourceTypes, strategy: record.strategy.rawValue,
            steps: record.steps.map { .init(action: $0.action, durationSeconds: $0.durationSeconds, success: $0.success) },
            successRate: record.successRate, durationHours: record.durationHours, costSavingsPercent: record.costSavingsPercent)
    }
}
