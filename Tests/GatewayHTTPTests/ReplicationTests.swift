import AsyncHTTPClient
import Foundation
import Gateway
import GatewayHTTP
import GatewayTestSupport
import Hummingbird
import Logging
import NIOCore
import PatternCore
import Replication
import ServiceLifecycle
import Storage
import Synchronization
import TestSupport
import Testing

@testable import GatewayHTTP

@Suite("Replication between gateways", .serialized)
struct ReplicationTests {
    func contribute(_ harness: TestGateway, token: String, migration: String, types: [String]) async throws -> ContributePatternResponse {
        let principal = try await harness.gateway.authenticate(authorization: "Bearer \(token)")
        _ = try await harness.gateway.changeConsent(principal, request: ConsentChangeRequest(action: "grant"))
        return try await harness.gateway.contribute(
            principal,
            request: ContributePatternRequest(
                migrationId: migration, sourceCloud: "aws", targetCloud: "azure", resourceTypes: types, strategy: "rehost",
                steps: [.init(action: "create_vm", durationSeconds: 60, success: true)], successRate: 1, durationHours: 2,
                costSavingsPercent: 10))
    }

    @Test("three gateways on loopback converge by delta sync; a contribution at one is searchable at the others")
    func threeGateways() async throws {
        let network = try await TestNetwork.make(3)
        defer { network.remove() }
        let gateways = network.gateways
        let logger = Logger(label: "replication-test")
        try await serving(3, logger: logger) { position, onServerRunning in
            try PatternGateApplication.make(
                gateway: gateways[position].gateway, registry: gateways[position].registry,
                server: ServerConfiguration(host: "127.0.0.1", port: 0), onServerRunning: onServerRunning)
        } body: { ports in
            let syncs = gateways.enumerated().map { position, harness in
                SyncService(
                    gateway: harness.gateway,
                    configuration: SyncConfiguration(peers: (0..<3).filter { $0 != position }.map { "http://127.0.0.1:\(ports[$0])" }),
                    client: HTTPClient.shared, logger: logger)
            }
            let syncGroup = ServiceGroup(configuration: .init(services: syncs.map { $0 as any Service }, logger: logger))
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask { try await syncGroup.run() }

                let started = ContinuousClock.now
                let first = try await contribute(gateways[0], token: gateways[0].alpha, migration: "m-a", types: ["EC2", "S3"])
                _ = try await contribute(gateways[1], token: gateways[1].beta, migration: "m-b", types: ["EC2", "RDS"])
                _ = try await contribute(gateways[2], token: gateways[2].alpha, migration: "m-c", types: ["Lambda"])
                // Converged: equal digests and vectors everywhere. The servers talk over
                // loopback, so this is bounded polling; 60 s is a liveness bound, not a speed
                // target (the propagation time is a benchmark's: docs/benchmarks.md).
                var digests: [String] = []
                _ = try await eventually(within: .seconds(60)) {
                    digests = []
                    for harness in gateways { digests.append(try await harness.gateway.database.stateDigest()) }
                    return Set(digests).count == 1 && gateways.allSatisfy { $0.gateway.liveContributionCount == 3 }
                }
                let elapsed = ContinuousClock.now - started
                #expect(Set(digests).count == 1, "digests differ: \(digests)")
                print("three gateways converged after \(elapsed)")
                for harness in gateways {
                    let principal = try await harness.gateway.authenticate(authorization: "Bearer \(harness.officer)")
                    let found = try harness.gateway.search(principal, sourceCloud: "aws", targetCloud: "azure", resourceTypes: "EC2,S3", limit: nil)
                    #expect(found.patterns.contains { $0.patternId == first.patternId })
                    // The same deployment is the same pseudonym everywhere: its consent replicated too.
                    let consent = try await harness.gateway.database.activePurposes(
                        pseudonym: harness.gateway.keyRing.pseudonym(deploymentId: TestGateway.alphaId))
                    #expect(consent.contains("contribute"))
                    let status = try await harness.gateway.syncStatus()
                    #expect(status.peers.count == 2)
                    #expect(status.peers.allSatisfy { $0.lastSuccessfulSync != nil && !$0.policyMismatch && $0.halted == nil })
                    // Each gateway: its four tokens published (token.issued), a consent and a contribution.
                    #expect(status.vector == VersionVector(["gw-americas": 6, "gw-europe": 6, "gw-apac": 6]))
                }
                await syncGroup.triggerGracefulShutdown()
            }
        }
    }

    @Test("received payloads are re-scanned: personal data becomes a quarantined stub, audited without values; conflicts halt")
    func quarantineAndConflicts() async throws {
        let network = try await TestNetwork.make(2)
        defer { network.remove() }
        let gateways = network.gateways
        let receiver = gateways[1].gateway
        let rogue = RoguePeer()
        try await rogue.introduce(to: receiver)
        let pseudonym = receiver.keyRing.pseudonym(deploymentId: "rogue")
        var record = ContributionRecord(
            sourceCloud: .aws, targetCloud: .azure, resourceTypes: ["EC2"], strategy: .rehost,
            steps: [MigrationStep(action: "create_vm", durationSeconds: 1, success: false, errorMessage: "ask ops@example.com")],
            successRate: 1, durationHours: 1, costSavingsPercent: 0)
        let payload = try EventPayloadCoding.encode(
            ContributionAdded(
                contributionId: String(repeating: "a", count: 64), pseudonym: pseudonym, patternId: record.patternKey.patternId,
                requestDigest: String(repeating: "d", count: 64), record: record))
        let bad = Event(
            id: EventID(origin: "gw-rogue", seq: 1), hlc: HLCTimestamp(wallMillis: 1, logical: 0), causalContext: VersionVector(),
            kind: .contributionAdded, payload: payload)
        try await receiver.receive([rogue.signed(bad)], from: "gw-rogue")
        #expect(receiver.liveContributionCount == 0)
        #expect(try await receiver.database.quarantinedCount() == 1)
        #expect(try await receiver.database.versionVector()["gw-rogue"] == 1)
        let audit = try await receiver.database.auditEntries(limit: 1000).first { $0.action == "event.quarantined" }
        #expect(audit?.details.contains("email") == true)
        #expect(audit?.details.contains("example.com") == false)

        // A name outside this gateway's policy is quarantined too.
        var foreign = record
        foreign.steps[0].errorMessage = nil
        foreign.resourceTypes = ["MainframeOfDoom"]
        let odd = Event(
            id: EventID(origin: "gw-rogue", seq: 2), hlc: HLCTimestamp(wallMillis: 3, logical: 0), causalContext: VersionVector(),
            kind: .contributionAdded,
            payload: try EventPayloadCoding.encode(
                ContributionAdded(
                    contributionId: String(repeating: "c", count: 64), pseudonym: pseudonym, patternId: foreign.patternKey.patternId,
                    requestDigest: String(repeating: "d", count: 64), record: foreign)))
        try await receiver.receive([rogue.signed(odd)], from: "gw-rogue")
        #expect(try await receiver.database.quarantinedCount() == 2)
        #expect(receiver.liveContributionCount == 0)

        // The same (origin, seq) with other content: refused, and sync with that peer halts.
        record.steps[0].errorMessage = nil
        let other = Event(
            id: EventID(origin: "gw-rogue", seq: 1), hlc: HLCTimestamp(wallMillis: 2, logical: 0), causalContext: VersionVector(),
            kind: .contributionAdded,
            payload: try EventPayloadCoding.encode(
                ContributionAdded(
                    contributionId: String(repeating: "b", count: 64), pseudonym: pseudonym, patternId: record.patternKey.patternId,
                    requestDigest: String(repeating: "d", count: 64), record: record)))
        await #expect(throws: GatewayError.self) { try await receiver.receive([rogue.signed(other)], from: "gw-rogue") }
        let status = try await receiver.syncStatus()
        #expect(status.peers.first { $0.peer == "gw-rogue" }?.halted == "sequence_conflict")

        // A forged hash is refused too.
        var forged = rogue.signed(other)
        forged.seq = 3
        forged.signature = rogue.key.sign(forged.id, contentHash: String(repeating: "f", count: 64))
        forged.contentHash = String(repeating: "f", count: 64)
        await #expect(throws: GatewayError.self) { try await receiver.receive([forged], from: "gw-rogue") }
        #expect(receiver.liveContributionCount == 0)
    }

    @Test("one token for the network: a token made on one gateway works on the others once published, and its revocation reaches them (issue 21)")
    func networkTokens() async throws {
        let network = try await TestNetwork.make(3)
        defer { network.remove() }
        let gateways = network.gateways
        let (a, b, c) = (gateways[0], gateways[1], gateways[2])
        let officer = try await a.gateway.tokens.issue(role: .officer, pseudonym: nil, actor: .cli)
        func spread() async throws {
            _ = try await a.gateway.publishTokens()
            for to in [b, c] { try await ErasureTests.sync(from: a.gateway, to: to.gateway, peer: "gw-americas") }
        }
        try await spread()
        for harness in [b, c] {
            let principal = try await harness.gateway.authenticate(authorization: "Bearer \(officer.bearer)")
            #expect(principal.role == .officer)
            // The officer purges every gateway with the one token.
            _ = try await harness.gateway.purge(principal, body: PurgeRequestBody(dryRun: true))
        }
        #expect(try await b.gateway.database.tokens().first { $0.id == officer.record.id }?.scope == "network")
        #expect(try await a.gateway.database.revokeToken(id: officer.record.id, actor: .cli))
        try await spread()
        // The revocation is in force on gw-apac: past the token cache's lifetime (here: none) it is refused.
        #expect(try await c.gateway.database.tokens().first { $0.id == officer.record.id }?.revokedAt != nil)
        await #expect(throws: GatewayError.self) {
            _ = try await TokenAuthority(database: c.gateway.database, cacheLifetime: .zero).authenticate(authorization: "Bearer \(officer.bearer)")
        }
        // A token from before network tokens stays on its own gateway.
        let legacy = try await a.gateway.tokens.issue(role: .auditor, pseudonym: nil, actor: .cli)
        _ = try await a.gateway.database.write { db in
            try db.execute(sql: "UPDATE token SET published = -1 WHERE id = ?", arguments: [legacy.record.id])
        }
        _ = try await a.gateway.publishTokens()
        try await ErasureTests.sync(from: a.gateway, to: b.gateway, peer: "gw-americas")
        await #expect(throws: GatewayError.self) { _ = try await b.gateway.authenticate(authorization: "Bearer \(legacy.bearer)") }
        _ = try await a.gateway.authenticate(authorization: "Bearer \(legacy.bearer)")
    }

    @Test("a plan set on one gateway holds on every gateway; two officers' concurrent changes settle on one plan everywhere (issue 17)")
    func networkPlans() async throws {
        let network = try await TestNetwork.make(3)
        defer { network.remove() }
        let (a, b, c) = (network.gateways[0], network.gateways[1], network.gateways[2])
        let token = try await a.gateway.tokens.issue(
            role: .deployment, pseudonym: a.gateway.keyRing.pseudonym(deploymentId: "plan-net-1"), plan: .pro, actor: .cli)
        func plans() async throws -> [Plan?] {
            var seen: [Plan?] = []
            for harness in [a, b, c] {
                let authority = TokenAuthority(database: harness.gateway.database, cacheLifetime: .zero)
                seen.append(try await authority.authenticate(authorization: "Bearer \(token.bearer)").plan)
            }
            return seen
        }
        func exchange(_ from: TestGateway, _ fromId: String, to: [TestGateway]) async throws {
            _ = try await from.gateway.publishTokens()
            for other in to { try await ErasureTests.sync(from: from.gateway, to: other.gateway, peer: fromId) }
        }
        // Issued as pro on gw-americas: pro everywhere.
        try await exchange(a, "gw-americas", to: [b, c])
        #expect(try await plans() == [.pro, .pro, .pro])
        // Changed on gw-europe: the change travels back to the gateway that issued the token.
        #expect(try await b.gateway.database.setTokenPlan(id: token.record.id, plan: .enterprise, actor: .cli) == .changed(previous: "pro"))
        try await exchange(b, "gw-europe", to: [a, c])
        #expect(try await plans() == [.enterprise, .enterprise, .enterprise])
        // Two changes at once on two gateways, exchanged in both orders: one plan everywhere.
        #expect(try await a.gateway.database.setTokenPlan(id: token.record.id, plan: .free, actor: .cli) == .changed(previous: "enterprise"))
        #expect(try await c.gateway.database.setTokenPlan(id: token.record.id, plan: .pro, actor: .cli) == .changed(previous: "enterprise"))
        _ = try await a.gateway.publishTokens()
        _ = try await c.gateway.publishTokens()
        try await exchange(c, "gw-apac", to: [a, b])
        try await exchange(a, "gw-americas", to: [b, c])
        let settled = try await plans()
        #expect(Set(settled).count == 1, "\(settled)")
        // Each change is in the audit log of the gateway where the officer made it.
        for harness in [a, b, c] {
            #expect(try await harness.gateway.database.auditEntries().contains { $0.action == "token.plan_changed" })
        }
    }

    @Test("a peer's announced digest is compared at equal vectors: agrees after an exchange, not compared while vectors differ")
    func digestAgreement() async throws {
        let network = try await TestNetwork.make(2)
        defer { network.remove() }
        let (a, b) = (network.gateways[0], network.gateways[1])
        _ = try await contribute(a, token: a.alpha, migration: "digest-1", types: ["EC2"])
        // gw-europe takes gw-americas' events; then a sync request from gw-americas announces its digest.
        try await ErasureTests.sync(from: a.gateway, to: b.gateway, peer: "gw-americas")
        _ = try await b.gateway.handleSync(try await a.gateway.syncRequest(peerVector: try await b.gateway.database.versionVector()))
        let agreed = try await b.gateway.syncStatus()
        #expect(agreed.peers.first { $0.peer == "gw-americas" }?.digestAgrees == true, "\(agreed.peers)")
        // gw-europe moves on: the announcement is of another vector, so nothing is claimed.
        _ = try await contribute(b, token: b.beta, migration: "digest-2", types: ["S3"])
        let moved = try await b.gateway.syncStatus()
        #expect(moved.peers.first { $0.peer == "gw-americas" }?.digestAgrees == nil)
        // An announcement at the same vector with another digest is a difference.
        var forged = try await a.gateway.syncRequest(peerVector: try await b.gateway.database.versionVector())
        forged.digest = DigestAnnouncement(vector: moved.vector, digest: String(repeating: "0", count: 64))
        forged.events = []
        _ = try await b.gateway.handleSync(forged)
        #expect(try await b.gateway.syncStatus().peers.first { $0.peer == "gw-americas" }?.digestAgrees == false)
    }

    /// A self-signed certificate for 127.0.0.1 and localhost, made by `openssl` for this test.
    static func makeCertificate(in directory: String) throws -> (cert: String, key: String) {
        let cert = directory + "/cert.pem", key = directory + "/key.pem"
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [
            "openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", key, "-out", cert, "-days", "1",
            "-subj", "/CN=localhost", "-addext", "subjectAltName=IP:127.0.0.1,DNS:localhost",
        ]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { throw CocoaError(.fileWriteUnknown) }
        return (cert, key)
    }

    @Test("two gateways sync over TLS, trusting each other through --peer-ca only")
    func tls() async throws {
        let network = try await TestNetwork.make(2)
        let gateways = network.gateways
        let certDirectory = FileManager.default.temporaryDirectory.appendingPathComponent("pg-tls-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: certDirectory, withIntermediateDirectories: true)
        defer {
            network.remove()
            try? FileManager.default.removeItem(atPath: certDirectory)
        }
        let (cert, privateKey) = try Self.makeCertificate(in: certDirectory)
        let tls = try ServerConfiguration.tls(certificateFile: cert, keyFile: privateKey)
        let trusting = try PeerClient.make(peerCAFile: cert)
        let untrusting = try PeerClient.make(peerCAFile: nil)
        let logger = Logger(label: "tls-test")
        try await serving(2, logger: logger) { position, onServerRunning in
            try PatternGateApplication.make(
                gateway: gateways[position].gateway, registry: gateways[position].registry,
                server: ServerConfiguration(host: "127.0.0.1", port: 0, tls: tls), onServerRunning: onServerRunning)
        } body: { ports in
            _ = try await contribute(gateways[0], token: gateways[0].alpha, migration: "tls-a", types: ["EC2"])
            // Without the CA, the peer's certificate is refused and nothing moves.
            let refused = PeerTransport(gateway: gateways[1].gateway, client: untrusting)
            let failed = await refused.exchange(PeerState(url: "https://127.0.0.1:\(ports[0])"), maximumBackoff: .seconds(1), logger: logger)
            #expect(failed.failures == 1)
            #expect(gateways[1].gateway.liveContributionCount == 0)
            // With it, gateway 1 pulls gateway 0's events over https.
            let transport = PeerTransport(gateway: gateways[1].gateway, client: trusting)
            let done = await transport.exchange(PeerState(url: "https://127.0.0.1:\(ports[0])"), maximumBackoff: .seconds(1), logger: logger)
            #expect(done.failures == 0)
            #expect(gateways[1].gateway.liveContributionCount == 1)
            #expect(try await gateways[0].gateway.database.stateDigest() == gateways[1].gateway.database.stateDigest())
        }
        try await trusting.shutdown()
        try await untrusting.shutdown()
    }
}

@Suite("Sync message coding")
struct SyncCodingTests {
    @Test("hand-written sync JSON round-trips through JSONDecoder and back, escapes, stubs and audit fields included")
    func roundTrip() throws {
        var events: [SyncEvent] = []
        for n in 1...50 {
            let payload = n % 7 == 0 ? nil : Data(#"{"k":"quote \" slash \\ newline \n tab \t ü 🚀 \#(n)","n":\#(n)}"#.utf8)
            let event = Event(
                id: EventID(origin: "gw-\(n % 3)", seq: UInt64(n)),
                hlc: HLCTimestamp(wallMillis: 1_795_000_000_000 + UInt64(n), logical: UInt32(n % 5)),
                causalContext: VersionVector(["gw-0": UInt64(n), "gw-1": 3]), kind: n % 2 == 0 ? .contributionAdded : .erasureRequested,
                payload: payload ?? Data())
            var sync = SyncEvent(event)
            if payload == nil { sync.payload = nil }
            events.append(sync)
        }
        var response = SyncResponse(
            from: "gw-a", vector: VersionVector(["gw-a": 9, "gw-b": 2]), events: events, policyHash: "abc", more: true)
        response.auditCheckpoint = "patterngate/gw-a\n3\nroot=\n\n— patterngate/gw-a sig\"events\":[]\n"
        response.auditPublicKey = "-----BEGIN PUBLIC KEY-----\nMCow\n-----END PUBLIC KEY-----\n"
        let fast = try SyncCoding.encode(response)
        let viaFoundation = try JSONDecoder().decode(SyncResponse.self, from: fast)
        let viaFast = try SyncCoding.decodeResponse(fast)
        let fromFoundation = try SyncCoding.decodeResponse(try JSONEncoder().encode(response))
        for decoded in [viaFoundation, viaFast, fromFoundation] {
            #expect(decoded.events == response.events)
            #expect(decoded.vector == response.vector && decoded.from == "gw-a" && decoded.more && decoded.policyHash == "abc")
            #expect(decoded.auditCheckpoint == response.auditCheckpoint && decoded.auditPublicKey == response.auditPublicKey)
        }
        var request = SyncRequest(from: "gw-b", vector: VersionVector(["gw-b": 1]), events: events, policyHash: "def")
        request.auditCheckpoint = "x"
        let decodedRequest = try SyncCoding.decodeRequest(try SyncCoding.encode(request))
        #expect(decodedRequest.events == events && decodedRequest.auditCheckpoint == "x" && decodedRequest.from == "gw-b")
    }
}
