import AsyncHTTPClient
import Foundation
import Gateway
import GatewayTestSupport
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import NIOCore
import Replication
import ServiceLifecycle
import Storage
import Synchronization
import Testing

@testable import GatewayHTTP

@Suite("Sync admission: concurrent sync requests")
struct SyncAdmissionTests {
    @Test("N slots are handed out, the N+1st is refused, and a slot given back can be taken again")
    func slots() {
        let admission = SyncAdmission(limit: 3)
        #expect(admission.tryEnter() && admission.tryEnter() && admission.tryEnter())
        #expect(admission.inFlight == 3)
        #expect(!admission.tryEnter())
        #expect(admission.inFlight == 3)
        admission.leave()
        #expect(admission.inFlight == 2)
        #expect(admission.tryEnter())
        #expect(!admission.tryEnter())
        for _ in 0..<3 { admission.leave() }
        #expect(admission.inFlight == 0)
    }

    @Test("the policy sets the limit: 4 in both shipped policies")
    func policyLimit() async throws {
        for file in ["default.yaml", "strict.yaml"] {
            let harness = try await TestGateway.make(policyFile: file)
            defer { harness.remove() }
            #expect(harness.gateway.policy.sync.maxConcurrentRequests == 4)
        }
    }
}

/// `POST /api/v1/sync` against a router holding only the sync routes, with an admission the
/// test controls: a receiver gateway and a sender of the same network with one contribution.
@Suite("Sync intake: authenticate before reading, limits, busy", .serialized)
struct SyncIntakeTests {
    struct Pair {
        var network: TestNetwork
        var sender: TestGateway { network.gateways[0] }
        var receiver: TestGateway { network.gateways[1] }

        func remove() { network.remove() }
    }

    static func pair() async throws -> Pair {
        let network = try await TestNetwork.make(2)
        let sender = network.gateways[0]
        let principal = try await sender.gateway.authenticate(authorization: "Bearer \(sender.alpha)")
        _ = try await sender.gateway.changeConsent(principal, request: ConsentChangeRequest(action: "grant"))
        _ = try await sender.gateway.contribute(
            principal,
            request: ContributePatternRequest(
                migrationId: "intake-1", sourceCloud: "aws", targetCloud: "azure", resourceTypes: ["EC2"], strategy: "rehost",
                steps: [.init(action: "create_vm", durationSeconds: 60, success: true)], successRate: 1, durationHours: 2,
                costSavingsPercent: 10))
        return Pair(network: network)
    }

    /// The sender's gzip sync body carrying its events.
    static func body(from sender: TestGateway) async throws -> Data {
        let request = try await sender.gateway.syncRequest(peerVector: VersionVector())
        #expect(!request.events.isEmpty)
        return try SyncWire.compress(try SyncCoding.encode(request))
    }

    /// Headers signed with the network key over `contentSHA256` (the hash header is sent unless nil).
    static func headers(_ sender: TestGateway, contentSHA256: String?, signedSHA256: String? = nil, gzip: Bool = true) -> HTTPFields {
        let timestamp = Int64(Date().timeIntervalSince1970)
        let authenticator = PeerAuthenticator(keyRing: sender.gateway.keyRing)
        var fields: HTTPFields = [.contentType: "application/json"]
        if gzip { fields[.contentEncoding] = "gzip" }
        fields[SyncIntake.timestampField] = String(timestamp)
        if let contentSHA256 { fields[SyncIntake.contentSHA256Field] = contentSHA256 }
        if let signed = signedSHA256 ?? contentSHA256 {
            fields[SyncIntake.signatureField] = authenticator.sign(method: "POST", path: "/api/v1/sync", timestamp: timestamp, contentSHA256: signed)
            // The sender's identity over the same message (issue 13, finding 7).
            fields[PatternGateRoutes.gatewayField] = sender.gateway.identity.gatewayId
            fields[PatternGateRoutes.identityKeyField] = sender.gateway.identityKey.publicKeyHex
            fields[PatternGateRoutes.identitySignatureField] = sender.gateway.signPeerMessage(
                PeerAuthenticator.message(method: "POST", path: "/api/v1/sync", timestamp: timestamp, contentSHA256: signed))
        }
        return fields
    }

    static func test(
        _ receiver: TestGateway, admission: SyncAdmission, _ body: @escaping @Sendable (any TestClientProtocol) async throws -> Void
    ) async throws {
        let router = Router(context: GatewayRequestContext.self)
        router.add(middleware: ErrorMiddleware())
        PatternGateRoutes.addSyncRoutes(to: router, gateway: receiver.gateway, admission: admission)
        try await Application(router: router).test(.router) { client in try await body(client) }
    }

    func stored(_ harness: TestGateway) async throws -> Int {
        Int(try await harness.gateway.database.versionVector()["gw-americas"])
    }

    @Test("a signed body hashing to its header is taken in; the same signature over other bytes is 401 and stores nothing")
    func hashMismatch() async throws {
        let pair = try await Self.pair()
        defer { pair.remove() }
        let admission = SyncAdmission(limit: 4)
        let good = try await Self.body(from: pair.sender)
        let goodSHA256 = PeerAuthenticator.contentSHA256(of: good)
        var other = try await pair.sender.gateway.syncRequest(peerVector: VersionVector())
        other.from = "gw-forger"
        let forged = try SyncWire.compress(try SyncCoding.encode(other))
        try await Self.test(pair.receiver, admission: admission) { client in
            // The signed hash header, other bytes.
            let refused = try await client.execute(
                uri: "/api/v1/sync", method: .post, headers: Self.headers(pair.sender, contentSHA256: goodSHA256), body: ByteBuffer(bytes: forged))
            #expect(refused.status == .unauthorized)
            #expect(refused.errorCode == "peer_unauthenticated")
            #expect(try await stored(pair.receiver) == 0)
            #expect(admission.inFlight == 0)
            // A header naming the forged bytes' hash, signed over the good one.
            let relabelled = try await client.execute(
                uri: "/api/v1/sync", method: .post,
                headers: Self.headers(pair.sender, contentSHA256: PeerAuthenticator.contentSHA256(of: forged), signedSHA256: goodSHA256),
                body: ByteBuffer(bytes: forged))
            #expect(relabelled.status == .unauthorized)
            #expect(relabelled.headers[.connection] == "close")
            #expect(try await stored(pair.receiver) == 0)
            // The signed bytes themselves are stored.
            let accepted = try await client.execute(
                uri: "/api/v1/sync", method: .post, headers: Self.headers(pair.sender, contentSHA256: goodSHA256), body: ByteBuffer(bytes: good))
            #expect(accepted.status == .ok)
            #expect(try await stored(pair.receiver) > 0)
            #expect(admission.inFlight == 0)
        }
        #expect(pair.receiver.gateway.liveContributionCount == 1)
    }

    @Test("a signed body over 64 MiB is 413 and stores nothing")
    func tooLarge() async throws {
        let pair = try await Self.pair()
        defer { pair.remove() }
        let admission = SyncAdmission(limit: 4)
        var padded = try await Self.body(from: pair.sender)
        padded.append(Data(count: SyncIntake.maximumBodyBytes + 1 - padded.count))
        let big = padded
        let bigSHA256 = PeerAuthenticator.contentSHA256(of: big)
        try await Self.test(pair.receiver, admission: admission) { client in
            var declared = Self.headers(pair.sender, contentSHA256: bigSHA256)
            declared[.contentLength] = String(big.count)
            let early = try await client.execute(uri: "/api/v1/sync", method: .post, headers: declared, body: ByteBuffer(bytes: big))
            #expect(early.status == .contentTooLarge)
            #expect(early.errorCode == "payload_too_large")
            #expect(early.headers[.connection] == "close")
            #expect(admission.inFlight == 0)
            // (The router test client always declares the length; `readStopsAtLimit` covers
            // bodies streamed without one.)
        }
        #expect(try await stored(pair.receiver) == 0)
        #expect(pair.receiver.gateway.liveContributionCount == 0)
    }

    @Test("a body is hashed as it streams in, and reading stops at the first piece past the limit")
    func readStopsAtLimit() async throws {
        let pulled = PulledPieces()
        let pieces = (0..<10).map { ByteBuffer(repeating: UInt8($0), count: 1000) }
        let whole = Data(pieces.flatMap { Array($0.readableBytesView) })
        let read = try #require(
            try await SyncIntake.read(RequestBody(asyncSequence: Pieces(pieces: pieces, pulled: pulled)), limit: 10_000, declaredLength: nil))
        #expect(read.data == whole)
        #expect(read.sha256 == PeerAuthenticator.contentSHA256(of: whole))
        pulled.count.withLock { $0 = 0 }
        let refused = try await SyncIntake.read(
            RequestBody(asyncSequence: Pieces(pieces: pieces, pulled: pulled)), limit: 3_500, declaredLength: 10_000)
        #expect(refused == nil)
        #expect(pulled.count.withLock { $0 } == 4)
    }

    @Test("a gzip body inflating past 64 MiB is 413 and stores nothing")
    func inflatesTooFar() async throws {
        let pair = try await Self.pair()
        defer { pair.remove() }
        let admission = SyncAdmission(limit: 4)
        // Exactly the limit inflates; one byte more is refused (CompressNIO cuts output at its
        // maximum without an error, which once let a truncated body through as invalid JSON).
        let full = try SyncWire.compress(Data(count: SyncWire.maximumInflatedBytes))
        #expect(try SyncWire.unpack(full, contentEncoding: "gzip").count == SyncWire.maximumInflatedBytes)
        let bomb = try SyncWire.compress(Data(count: SyncWire.maximumInflatedBytes + 1))
        #expect(throws: GatewayError.payloadTooLarge("a sync body may inflate to at most \(SyncWire.maximumInflatedBytes) bytes")) {
            try SyncWire.unpack(bomb, contentEncoding: "gzip")
        }
        #expect(bomb.count < SyncIntake.maximumBodyBytes)
        try await Self.test(pair.receiver, admission: admission) { client in
            let refused = try await client.execute(
                uri: "/api/v1/sync", method: .post, headers: Self.headers(pair.sender, contentSHA256: PeerAuthenticator.contentSHA256(of: bomb)),
                body: ByteBuffer(bytes: bomb))
            #expect(refused.status == .contentTooLarge, "\(refused.text)")
            #expect(refused.errorCode == "payload_too_large")
            #expect(admission.inFlight == 0)
        }
        #expect(try await stored(pair.receiver) == 0)
    }

    @Test("unsigned, stale or wrongly signed requests are 401 with Connection: close, before the body is read")
    func unauthenticated() async throws {
        let pair = try await Self.pair()
        defer { pair.remove() }
        let admission = SyncAdmission(limit: 4)
        let good = try await Self.body(from: pair.sender)
        let sha256 = PeerAuthenticator.contentSHA256(of: good)
        try await Self.test(pair.receiver, admission: admission) { client in
            var cases: [HTTPFields] = [[.contentType: "application/json"]]
            var stale = Self.headers(pair.sender, contentSHA256: sha256)
            stale[SyncIntake.timestampField] = String(Int64(Date().timeIntervalSince1970) - 301)
            cases.append(stale)
            var wrong = Self.headers(pair.sender, contentSHA256: sha256)
            wrong[SyncIntake.signatureField] = String(repeating: "0", count: 64)
            cases.append(wrong)
            var uppercase = Self.headers(pair.sender, contentSHA256: sha256)
            uppercase[SyncIntake.contentSHA256Field] = sha256.uppercased()
            cases.append(uppercase)
            for headers in cases {
                let refused = try await client.execute(uri: "/api/v1/sync", method: .post, headers: headers, body: ByteBuffer(bytes: good))
                #expect(refused.status == .unauthorized)
                #expect(refused.errorCode == "peer_unauthenticated")
                #expect(refused.headers[.connection] == "close")
            }
            #expect(admission.inFlight == 0)
        }
        #expect(try await stored(pair.receiver) == 0)
    }

    @Test("without the hash header (older gateways) a signed body of at most 16 KiB is taken in; a larger one is 401")
    func legacy() async throws {
        let pair = try await Self.pair()
        defer { pair.remove() }
        let admission = SyncAdmission(limit: 4)
        let good = try await Self.body(from: pair.sender)
        #expect(good.count <= SyncIntake.maximumUnauthenticatedBytes)
        var padded = good
        padded.append(Data(count: SyncIntake.maximumUnauthenticatedBytes))
        let large = padded
        try await Self.test(pair.receiver, admission: admission) { client in
            var oversized = Self.headers(pair.sender, contentSHA256: nil, signedSHA256: PeerAuthenticator.contentSHA256(of: large))
            oversized[.contentLength] = String(large.count)
            let refused = try await client.execute(uri: "/api/v1/sync", method: .post, headers: oversized, body: ByteBuffer(bytes: large))
            #expect(refused.status == .unauthorized)
            #expect(refused.headers[.connection] == "close")
            let streamed = try await client.execute(
                uri: "/api/v1/sync", method: .post,
                headers: Self.headers(pair.sender, contentSHA256: nil, signedSHA256: PeerAuthenticator.contentSHA256(of: large)),
                body: ByteBuffer(bytes: large))
            #expect(streamed.status == .unauthorized)
            #expect(try await stored(pair.receiver) == 0)
            let accepted = try await client.execute(
                uri: "/api/v1/sync", method: .post,
                headers: Self.headers(pair.sender, contentSHA256: nil, signedSHA256: PeerAuthenticator.contentSHA256(of: good)),
                body: ByteBuffer(bytes: good))
            #expect(accepted.status == .ok)
            #expect(admission.inFlight == 0)
        }
        #expect(try await stored(pair.receiver) > 0)
    }

    @Test("with all N slots held, a signed sync is 429 busy with Retry-After; with one free it is taken in")
    func busy() async throws {
        let pair = try await Self.pair()
        defer { pair.remove() }
        let limit = 4
        let admission = SyncAdmission(limit: limit)
        let good = try await Self.body(from: pair.sender)
        let sha256 = PeerAuthenticator.contentSHA256(of: good)
        for _ in 0..<limit { #expect(admission.tryEnter()) }
        try await Self.test(pair.receiver, admission: admission) { client in
            let refused = try await client.execute(
                uri: "/api/v1/sync", method: .post, headers: Self.headers(pair.sender, contentSHA256: sha256), body: ByteBuffer(bytes: good))
            #expect(refused.status == .tooManyRequests)
            #expect(refused.errorCode == "busy")
            #expect(refused.headers[.retryAfter] == "1")
            #expect(refused.headers[.connection] == "close")
            #expect(admission.inFlight == limit)
            #expect(try await stored(pair.receiver) == 0)
            // Unauthenticated requests are refused as such, not as busy.
            let unsigned = try await client.execute(uri: "/api/v1/sync", method: .post, headers: [:], body: ByteBuffer(bytes: good))
            #expect(unsigned.status == .unauthorized)
            admission.leave()
            let accepted = try await client.execute(
                uri: "/api/v1/sync", method: .post, headers: Self.headers(pair.sender, contentSHA256: sha256), body: ByteBuffer(bytes: good))
            #expect(accepted.status == .ok)
            #expect(admission.inFlight == limit - 1)
        }
        #expect(try await stored(pair.receiver) > 0)
        for _ in 0..<(limit - 1) { admission.leave() }
    }

    @Test("the sync client sends the hash header: a push over 16 KiB is taken in; a peer-signed status request still works")
    func clientAndStatus() async throws {
        let pair = try await Self.pair()
        defer { pair.remove() }
        let principal = try await pair.sender.gateway.authenticate(authorization: "Bearer \(pair.sender.alpha)")
        for n in 0..<150 {
            _ = try await pair.sender.gateway.contribute(
                principal,
                request: ContributePatternRequest(
                    migrationId: "push-\(n)", sourceCloud: "aws", targetCloud: "gcp", resourceTypes: ["EC2", "S3"], strategy: "rehost",
                    steps: [.init(action: "create_vm", durationSeconds: Double(60 + n), success: true)], successRate: 1, durationHours: 2,
                    costSavingsPercent: 10))
        }
        #expect(try await Self.body(from: pair.sender).count > SyncIntake.maximumUnauthenticatedBytes)
        let logger = Logger(label: "sync-intake-test")
        try await serving(1, logger: logger) { _, onServerRunning in
            try PatternGateApplication.make(
                gateway: pair.receiver.gateway, registry: pair.receiver.registry, server: ServerConfiguration(host: "127.0.0.1", port: 0),
                onServerRunning: onServerRunning)
        } body: { ports in
            let url = "http://127.0.0.1:\(ports[0])"
            let transport = PeerTransport(gateway: pair.sender.gateway, client: HTTPClient.shared)
            let done = await transport.exchange(PeerState(url: url), maximumBackoff: .seconds(1), logger: logger)
            #expect(done.failures == 0)
            #expect(pair.receiver.gateway.liveContributionCount == 151)

            let authenticator = PeerAuthenticator(keyRing: pair.sender.gateway.keyRing)
            let timestamp = Int64(Date().timeIntervalSince1970)
            var status = HTTPClientRequest(url: url + "/api/v1/sync/status")
            status.headers.add(name: PeerAuthenticator.timestampHeader, value: String(timestamp))
            status.headers.add(
                name: PeerAuthenticator.signatureHeader,
                value: authenticator.sign(method: "GET", path: "/api/v1/sync/status", timestamp: timestamp, body: Data()))
            let answer = try await HTTPClient.shared.execute(status, timeout: .seconds(10))
            #expect(answer.status == .ok)
        }
    }
}

final class PulledPieces: Sendable {
    let count = Mutex(0)
}

/// Pieces of a body, counting how many were pulled.
struct Pieces: AsyncSequence, Sendable {
    typealias Element = ByteBuffer
    let pieces: [ByteBuffer]
    let pulled: PulledPieces

    struct AsyncIterator: AsyncIteratorProtocol {
        var rest: ArraySlice<ByteBuffer>
        let pulled: PulledPieces

        mutating func next() async -> ByteBuffer? {
            guard let piece = rest.popFirst() else { return nil }
            pulled.count.withLock { $0 += 1 }
            return piece
        }
    }

    func makeAsyncIterator() -> AsyncIterator { AsyncIterator(rest: pieces[...], pulled: pulled) }
}

/// Issue 13, finding 7, at the HTTP edge: the sender of a sync request is the gateway whose
/// identity key signed it, checked from the head before the body is read.
@Suite("Sync intake: the sender's identity", .serialized)
struct SyncIdentityTests {
    @Test("no identity signature is 401; another key for a pinned gateway id is 403 and shown; a configured peer id is learnt only by dialing")
    func senderIdentity() async throws {
        let pair = try await SyncIntakeTests.pair()
        defer { pair.remove() }
        let body = try await SyncIntakeTests.body(from: pair.sender)
        let hash = PeerAuthenticator.contentSHA256(of: body)
        try await SyncIntakeTests.test(pair.receiver, admission: SyncAdmission(limit: 4)) { client in
            var bare = SyncIntakeTests.headers(pair.sender, contentSHA256: hash)
            bare[PatternGateRoutes.identitySignatureField] = nil
            let unsigned = try await client.execute(uri: "/api/v1/sync", method: .post, headers: bare, body: ByteBuffer(bytes: body))
            #expect(unsigned.status == .unauthorized)
            #expect(unsigned.errorCode == "peer_identity_unauthenticated")
            #expect(unsigned.headers[.connection] == "close")
            // The real sender first: its key is pinned on first contact.
            let first = try await client.execute(
                uri: "/api/v1/sync", method: .post, headers: SyncIntakeTests.headers(pair.sender, contentSHA256: hash), body: ByteBuffer(bytes: body))
            #expect(first.status == .ok)
            #expect(first.headers[PatternGateRoutes.gatewayField] == pair.receiver.gateway.identity.gatewayId)
            // Someone else with the network key claims the sender's id with its own key.
            let impostor = RoguePeer()
            var claimed = SyncIntakeTests.headers(pair.sender, contentSHA256: hash)
            let timestamp = Int64(claimed[SyncIntake.timestampField] ?? "") ?? 0
            claimed[PatternGateRoutes.identityKeyField] = impostor.key.publicKeyHex
            claimed[PatternGateRoutes.identitySignatureField] = impostor.key.signatureHex(
                for: PeerAuthenticator.message(method: "POST", path: "/api/v1/sync", timestamp: timestamp, contentSHA256: hash))
            let refused = try await client.execute(uri: "/api/v1/sync", method: .post, headers: claimed, body: ByteBuffer(bytes: body))
            #expect(refused.status == .forbidden)
            #expect(refused.errorCode == "identity_key_mismatch")
            let status = try await pair.receiver.gateway.syncStatus()
            #expect(status.keyConflicts.contains { $0.gateway == pair.sender.gateway.identity.gatewayId })
            #expect(status.peers.first { $0.peer == pair.sender.gateway.identity.gatewayId }?.pinSource == "direct")
        }
        // A gateway configured with `--peer gw-x=URL` does not let an inbound peer be first to claim gw-x.
        let configured = try await TestGateway.make(configuredPeerIds: ["gw-x"])
        defer { configured.remove() }
        let claimant = RoguePeer(id: "gw-x")
        let sender = try await configured.gateway.authenticatePeer(
            gateway: "gw-x", keyHex: claimant.key.publicKeyHex, signatureHex: claimant.key.signatureHex(for: [7]), message: [7], inbound: true)
        #expect(sender == PeerSender(id: "gw-x", pinned: false))
        #expect(try await configured.gateway.database.pinnedKeys()["gw-x"] == nil)
        // It is answered, but what it sends is not stored.
        let payload = try EventPayloadCoding.encode(GatewayRetired(gateway: "gw-old", retiredAt: Timestamps.iso8601(Date())))
        var request = SyncRequest(
            from: "gw-x", vector: VersionVector(), events: [claimant.signed(claimant.event(seq: 1, kind: .gatewayRetired, payload: payload))],
            policyHash: "")
        request.identities = ["gw-x": claimant.key.publicKeyHex]
        _ = try await configured.gateway.handleSync(request, sender: sender)
        #expect(try await configured.gateway.database.versionVector()["gw-x"] == 0)
    }

    @Test("--peer ID=URL parses; a plain URL keeps working")
    func peerSyntax() {
        let configuration = SyncConfiguration(peers: ["gw-b=http://127.0.0.1:8081/", "https://peer.example:8443"])
        #expect(configuration.peers == ["http://127.0.0.1:8081", "https://peer.example:8443"])
        #expect(configuration.expectedIds == ["http://127.0.0.1:8081": "gw-b"])
    }
}
