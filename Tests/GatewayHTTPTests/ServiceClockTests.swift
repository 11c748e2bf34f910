import AsyncHTTPClient
import Foundation
import Gateway
import GatewayHTTP
import GatewayTestSupport
import Logging
import ServiceLifecycle
import Synchronization
import TestSupport
import Testing

/// The background services keep time on an injected clock: these tests move a manual clock
/// and wait for the service to be back asleep (`sleepers(atLeast:)`), never for real time.
/// Few advances per test: under a loaded parallel run every hop between the test and the
/// service waits for a free thread.
@Suite("Services on a manual clock", .timeLimit(.minutes(5)))
struct ServiceClockTests {
    static let logger = Logger(label: "service-clock-test")

    /// Runs `service` until `body` returns, then cancels it.
    static func running(_ service: some Service, _ body: () async throws -> Void) async throws {
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await service.run() }
            try await body()
            group.cancelAll()
            try await group.waitForAll()
        }
    }

    @Test("the manual clock wakes a sleeper only once its deadline has passed; a cancelled sleep throws")
    func manualClock() async throws {
        let clock = ManualClock()
        let woke = ManualClockProbe()
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask {
                try await clock.sleep(for: .seconds(10))
                woke.mark()
            }
            await clock.sleepers(atLeast: 1)
            #expect(clock.deadlines == [.seconds(10)])
            clock.advance(by: .seconds(9))
            #expect(clock.deadlines == [.seconds(10)])
            #expect(!woke.marked)
            clock.advance(by: .seconds(1))
            _ = try await group.next()
            #expect(woke.marked)
            #expect(clock.now.offset == .seconds(10))

            group.addTask { try await clock.sleep(for: .seconds(1)) }
            await clock.sleepers(atLeast: 1)
            group.cancelAll()
            do {
                _ = try await group.next()
                Issue.record("a cancelled sleep returned")
            } catch {
                #expect(error is CancellationError)
            }
            #expect(clock.deadlines.isEmpty)
        }
    }

    @Test("tokens made offline are published at the next poll, not before")
    func tokenPublisher() async throws {
        let harness = try await TestGateway.make()
        defer { harness.remove() }
        let clock = ManualClock()
        let gateway = harness.gateway
        try await Self.running(TokenPublisherService(gateway: gateway, poll: .milliseconds(250), clock: clock, logger: Self.logger)) {
            await clock.sleepers(atLeast: 1)  // the first publication, at start
            let commits = gateway.localCommitCount
            _ = try await gateway.tokens.issue(role: .auditor, pseudonym: nil, actor: .cli)
            clock.advance(by: .milliseconds(249))
            #expect(gateway.localCommitCount == commits)
            clock.advance(by: .milliseconds(1))
            await clock.sleepers(atLeast: 1)
            #expect(gateway.localCommitCount == commits + 1)
        }
    }

    @Test("a checkpoint is signed when the log grew and the spacing has passed since the last one")
    func auditCheckpoints() async throws {
        let harness = try await TestGateway.make()
        defer { harness.remove() }
        let clock = ManualClock()
        let database = harness.gateway.database
        // The log grew since the last checkpoint: the service signs at once when it starts.
        _ = try await harness.gateway.tokens.issue(role: .auditor, pseudonym: nil, actor: .cli)
        let service = AuditCheckpointService(
            gateway: harness.gateway, poll: .milliseconds(250), spacing: .milliseconds(750), clock: clock, logger: Self.logger)
        try await Self.running(service) {
            await clock.sleepers(atLeast: 1)
            let signed = try await database.latestAuditCheckpoint()?.size
            let head = try await database.auditTreeHead().size
            #expect(signed == head)
            _ = try await harness.gateway.tokens.issue(role: .auditor, pseudonym: nil, actor: .cli)
            for _ in 0..<2 {  // 500 ms of polls: the log grew, but too soon after the last signing
                clock.advance(by: .milliseconds(250))
                await clock.sleepers(atLeast: 1)
            }
            #expect(try await database.latestAuditCheckpoint()?.size == signed)
            clock.advance(by: .milliseconds(250))
            await clock.sleepers(atLeast: 1)
            let size = try await database.latestAuditCheckpoint()?.size
            let grown = try await database.auditTreeHead().size
            #expect(size == grown)
            #expect(grown > head)
        }
    }

    @Test("erasures due are purged at the next interval; a graceful shutdown ends the wait at once")
    func purge() async throws {
        var policy = try TestGateway.policy()
        policy.erasure.graceDays = 0
        let harness = try await TestGateway.make(policy: policy)
        defer { harness.remove() }
        let clock = ManualClock()
        let gateway = harness.gateway
        let service = PurgeService(gateway: gateway, interval: .seconds(3600), clock: clock, logger: Self.logger)
        let group = ServiceGroup(configuration: .init(services: [service], logger: Self.logger))
        try await withThrowingTaskGroup(of: Void.self) { tasks in
            tasks.addTask { try await group.run() }
            await clock.sleepers(atLeast: 1)  // the purge at start: nothing was due
            _ = try await ReplicationTests().contribute(harness, token: harness.alpha, migration: "m-purge", types: ["EC2"])
            let officer = try await gateway.authenticate(authorization: "Bearer \(harness.officer)")
            let receipt = try await gateway.requestErasure(officer, body: ErasureRequestBody(deploymentId: TestGateway.alphaId))
            clock.advance(by: .seconds(3599))
            #expect(try await gateway.erasureStatus(officer, requestId: receipt.requestId).complete == false)
            clock.advance(by: .seconds(1))
            await clock.sleepers(atLeast: 1)
            #expect(try await gateway.erasureStatus(officer, requestId: receipt.requestId).complete)
            // The clock never reaches the next interval: only the shutdown can end the wait.
            await group.triggerGracefulShutdown()
            try await tasks.waitForAll()
        }
    }

    @Test("sync pushes a local commit at the next push poll and pulls a peer's at the anti-entropy interval")
    func sync() async throws {
        let network = try await TestNetwork.make(2)
        defer { network.remove() }
        let (local, peer) = (network.gateways[0], network.gateways[1])
        let client = try PeerClient.make(peerCAFile: nil)
        try await serving(1, logger: Self.logger) { _, onServerRunning in
            try PatternGateApplication.make(
                gateway: peer.gateway, registry: peer.registry, server: ServerConfiguration(host: "127.0.0.1", port: 0),
                onServerRunning: onServerRunning)
        } body: { ports in
            let clock = ManualClock()
            let service = SyncService(
                gateway: local.gateway,
                configuration: SyncConfiguration(peers: ["http://127.0.0.1:\(ports[0])"], interval: .seconds(1), pushPoll: .milliseconds(250)),
                client: client, clock: clock, logger: Self.logger)
            try await Self.running(service) {
                await clock.sleepers(atLeast: 1)  // the first round, at start
                // A local commit goes out at the next push poll.
                _ = try await ReplicationTests().contribute(local, token: local.alpha, migration: "m-push", types: ["EC2"])
                #expect(peer.gateway.liveContributionCount == 0)
                clock.advance(by: .milliseconds(250))
                await clock.sleepers(atLeast: 1)
                #expect(peer.gateway.liveContributionCount == 1)
                // The peer's own commit comes back only with the next anti-entropy round.
                _ = try await ReplicationTests().contribute(peer, token: peer.beta, migration: "m-pull", types: ["S3"])
                for _ in 0..<3 {  // up to 250 ms short of a second after the last round
                    clock.advance(by: .milliseconds(250))
                    await clock.sleepers(atLeast: 1)
                }
                #expect(local.gateway.liveContributionCount == 1)
                clock.advance(by: .milliseconds(250))
                await clock.sleepers(atLeast: 1)
                #expect(local.gateway.liveContributionCount == 2)
                #expect(try await local.gateway.database.stateDigest() == peer.gateway.database.stateDigest())
            }
        }
        try await client.shutdown()
    }

    @Test("a peer that refuses connections is retried with a backoff that doubles up to the maximum")
    func backoff() async throws {
        let harness = try await TestGateway.make()
        defer { harness.remove() }
        let client = try PeerClient.make(peerCAFile: nil)
        let transport = PeerTransport(gateway: harness.gateway, client: client)
        var peer = PeerState(url: "http://127.0.0.1:1")
        var backoffs: [Duration] = []
        for _ in 0..<4 {
            peer = await transport.exchange(peer, maximumBackoff: .milliseconds(1000), logger: Self.logger)
            backoffs.append(peer.backoff)
        }
        #expect(peer.failures == 4)
        #expect(backoffs == [.milliseconds(200), .milliseconds(400), .milliseconds(800), .milliseconds(1000)])
        try await client.shutdown()
    }
}

/// Whether a sleeper woke, read by the test.
private final class ManualClockProbe: Sendable {
    private let woke = Mutex(false)
    func mark() { woke.withLock { $0 = true } }
    var marked: Bool { woke.withLock { $0 } }
}
