package import AsyncHTTPClient
import ErrorCodes
import Foundation
package import Gateway
package import Logging
import NIOCore
import NIOFoundationEssentialsCompat
import NIOHTTP1
import NIOSSL
import Privacy
package import Replication
import ServiceLifecycle
import Storage

/// How a gateway syncs with its peers.
package struct SyncConfiguration: Sendable {
    package var peers: [String]
    /// Anti-entropy interval (default 1 s); local commits are pushed sooner.
    package var interval: Duration
    /// How often to look for new local commits to push.
    package var pushPoll: Duration
    package var maximumBackoff: Duration

    /// Gateway ids named by `--peer ID=URL`, by URL: the peer at that URL must be that gateway.
    package var expectedIds: [String: String]
    /// The network these peers sync in: the global one (`--peer`) or a hosted private one
    /// (`--private-peer NAME=URL`), whose own key authenticates the exchange.
    package var network: ReplicaNetwork

    /// `peers` are URLs, or `ID=URL` to name the gateway expected there.
    package init(
        peers: [String], network: ReplicaNetwork = .global, interval: Duration = .seconds(1), pushPoll: Duration = .milliseconds(10),
        maximumBackoff: Duration = .seconds(30)
    ) {
        self.network = network
        var urls: [String] = []
        var expected: [String: String] = [:]
        for entry in peers {
            var (id, url) = Self.split(entry)
            if url.hasSuffix("/") { url = String(url.dropLast()) }
            urls.append(url)
            if let id { expected[url] = id }
        }
        self.peers = urls
        self.expectedIds = expected
        self.interval = interval
        self.pushPoll = pushPoll
        self.maximumBackoff = maximumBackoff
    }
}

extension SyncConfiguration {
    /// `ID=URL` → (ID, URL); a plain URL → (nil, URL).
    package static func split(_ entry: String) -> (id: String?, url: String) {
        guard let equals = entry.firstIndex(of: "="), let scheme = entry.range(of: "://"), equals < scheme.lowerBound else { return (nil, entry) }
        return (String(entry[..<equals]), String(entry[entry.index(after: equals)...]))
    }
}

/// An HTTP client for peers (TLS 1.2 or later); with `--peer-ca`, https peers are trusted
/// through that CA only.
package enum PeerClient {
    package static func make(peerCAFile: String?) throws -> HTTPClient {
        var configuration = HTTPClient.Configuration()
        configuration.timeout.connect = .seconds(5)
        // The sync service retries with its own backoff; a refused peer fails at once.
        configuration.connectionPool.retryConnectionEstablishment = false
        // TLS 1.2 at least, with the system's roots or, with `--peer-ca`, that CA only.
        var tls = TLSConfiguration.makeClientConfiguration()
        tls.minimumTLSVersion = .tlsv12
        if let peerCAFile {
            tls.trustRoots = .certificates(try NIOSSLCertificate.fromPEMFile(peerCAFile))
        }
        configuration.tlsConfiguration = tls
        return HTTPClient(eventLoopGroup: HTTPClient.defaultEventLoopGroup, configuration: configuration)
    }
}

/// Background delta sync with every configured peer: pushes new local events at once, runs
/// anti-entropy on an interval, retries a peer that is down with exponential backoff, and
/// never blocks local requests. Runs under swift-service-lifecycle; time is kept on `clock`.
package struct SyncService: Service {
    let gateway: PatternGateway
    let configuration: SyncConfiguration
    let client: HTTPClient
    let clock: any Clock<Duration>
    let logger: Logger

    package init(
        gateway: PatternGateway, configuration: SyncConfiguration, client: HTTPClient, clock: any Clock<Duration> = ContinuousClock(),
        logger: Logger
    ) {
        self.gateway = gateway
        self.configuration = configuration
        self.client = client
        self.clock = clock
        self.logger = logger
    }

    package func run() async throws {
        guard !configuration.peers.isEmpty else { return }
        let stopwatch = Stopwatch(clock)
        let transport = PeerTransport(gateway: gateway, client: client, network: configuration.network)
        var peers = configuration.peers.map { PeerState(url: $0, expectedId: configuration.expectedIds[$0]) }
        // When each peer may be tried again, on the stopwatch.
        var nextAttempts = [Duration](repeating: stopwatch.elapsed, count: peers.count)
        var lastCommits = gateway.localCommitCount
        var lastRound = stopwatch.elapsed - configuration.interval
        while !Task.isCancelled && !Task.isShuttingDownGracefully {
            let commits = gateway.localCommitCount
            let now = stopwatch.elapsed
            if commits != lastCommits || now - lastRound >= configuration.interval {
                lastCommits = commits
                lastRound = now
                await withTaskGroup(of: (Int, PeerState).self) { group in
                    for (position, peer) in peers.enumerated() where nextAttempts[position] <= now {
                        group.addTask { (position, await transport.exchange(peer, maximumBackoff: configuration.maximumBackoff, logger: logger)) }
                    }
                    for await (position, updated) in group {
                        peers[position] = updated
                        nextAttempts[position] = stopwatch.elapsed + updated.backoff
                    }
                }
            }
            try? await stopwatch.sleep(for: configuration.pushPoll)
        }
    }
}

/// One peer as the sync service tracks it.
package struct PeerState: Sendable {
    package var url: String
    /// The gateway id `--peer ID=URL` expects there; the answer must be signed by it.
    package var expectedId: String?
    package var gatewayId: String?
    package var failures = 0
    /// How long to wait before the next attempt: zero after a success, doubling with each
    /// failure up to the maximum backoff.
    package var backoff: Duration = .zero

    package init(url: String, expectedId: String? = nil) {
        self.url = url
        self.expectedId = expectedId
        self.gatewayId = expectedId
    }
}

/// Signed sync exchanges over HTTP(S), in one network: its key signs, its path is used, and
/// only its events are sent and taken.
package struct PeerTransport: Sendable {
    let gateway: PatternGateway
    let client: HTTPClient
    let network: ReplicaNetwork

    package init(gateway: PatternGateway, client: HTTPClient, network: ReplicaNetwork = .global) {
        self.gateway = gateway
        self.client = client
        self.network = network
    }

    /// The network's key ring (a network not hosted here has none: nothing is sent).
    private func keyRing() throws -> KeyRing {
        guard let scope = gateway.scope(of: network) else { throw GatewayError.unknownNetwork }
        return scope.keyRing
    }

    /// Syncs with one peer until neither side has more to send; failures set the backoff.
    package func exchange(_ peer: PeerState, maximumBackoff: Duration, logger: Logger) async -> PeerState {
        var peer = peer
        do {
            // Pipelined: the next batch is requested and checked (hashes, decoding, the scan)
            // while this one is stored, with the vector this gateway will have once it is (a
            // failed store ends the exchange, so nothing is skipped).
            let book = gateway.syncBook(for: network)
            var request = try await gateway.syncRequest(
                peerVector: await book.vector(of: peer.gatewayId ?? peer.url), network: network, peer: peer.gatewayId)
            var pending: Task<(SyncResponse, CheckedBatch), any Error>? = nil
            var rounds = 0
            while rounds < 100 {
                rounds += 1
                let response: SyncResponse
                let batch: CheckedBatch
                if let pending {
                    (response, batch) = try await pending.value
                } else {
                    response = try await send(request, to: peer.url, expecting: peer.expectedId)
                    batch = try await gateway.accept(response, authenticatedSender: response.from, network: network)
                }
                pending = nil
                if peer.gatewayId == nil { await book.forget(peer: peer.url) }
                peer.gatewayId = response.from
                let pushedAll = request.events.count < PatternGateway.syncBatchSize
                if response.more || !pushedAll {
                    var seen = request.vector
                    for event in response.events { seen.advance(to: event.id) }
                    var peerVector = await book.vector(of: response.from).merged(with: response.vector)
                    for event in request.events { peerVector.advance(to: event.id) }
                    request = try await gateway.syncRequest(peerVector: peerVector, ownVector: seen, network: network, peer: response.from)
                    let (next, url, expected, transport, gateway, network) = (request, peer.url, peer.expectedId, self, gateway, network)
                    pending = Task {
                        let response = try await transport.send(next, to: url, expecting: expected)
                        return (response, try await gateway.accept(response, authenticatedSender: response.from, network: network))
                    }
                }
                do {
                    try await gateway.receive(batch, from: response.from)
                } catch {
                    pending?.cancel()
                    throw error
                }
                if network == .global { await gateway.witnessPeerAudit(from: response.from, announced: response.audit) }
                await book.observe(
                    peer: response.from, vector: network.restrict(response.vector), policyHash: response.policyHash,
                    localPolicyHash: gateway.policy.hash, digest: network == .global ? response.digest : nil)
                if pending == nil { break }
            }
            peer.failures = 0
            peer.backoff = .zero
        } catch {
            peer.failures += 1
            peer.backoff = min(maximumBackoff, .milliseconds(100) * (1 << min(peer.failures, 10)))
            let reason = (error as? GatewayError)?.code.rawValue ?? "unreachable"
            await gateway.syncBook(for: network).failed(peer: peer.gatewayId ?? peer.url, reason: reason)
            if peer.failures == 1 { logger.warning("sync with a peer failed", metadata: ["peer": "\(peer.url)", "reason": "\(reason)"]) }
        }
        return peer
    }

    /// One signed exchange. The answer must be signed with the network key and by the
    /// identity key of the gateway it names (and, with `expecting`, be that gateway).
    func send(_ request: SyncRequest, to base: String, expecting: String? = nil) async throws -> SyncResponse {
        let authenticator = PeerAuthenticator(keyRing: try keyRing())
        let path = PatternGateRoutes.syncPath(for: network)
        let body = try SyncWire.compress(try SyncCoding.encode(request))
        let timestamp = Int64(Date().timeIntervalSince1970)
        // The body's hash travels in a header the signature covers, so the receiver checks
        // the signature before it reads the body.
        let contentSHA256 = PeerAuthenticator.contentSHA256(of: body)
        var http = HTTPClientRequest(url: base + path)
        http.method = .POST
        http.headers.add(name: "Content-Type", value: "application/json")
        http.headers.add(name: "Content-Encoding", value: SyncWire.gzip)
        http.headers.add(name: "Accept-Encoding", value: SyncWire.gzip)
        http.headers.add(name: PeerAuthenticator.timestampHeader, value: String(timestamp))
        http.headers.add(name: PeerAuthenticator.contentSHA256Header, value: contentSHA256)
        http.headers.add(
            name: PeerAuthenticator.signatureHeader,
            value: authenticator.sign(method: "POST", path: path, timestamp: timestamp, contentSHA256: contentSHA256))
        http.headers.add(name: PeerAuthenticator.gatewayHeader, value: gateway.identity.gatewayId)
        http.headers.add(name: PeerAuthenticator.identityKeyHeader, value: gateway.identityKey.publicKeyHex)
        http.headers.add(
            name: PeerAuthenticator.identitySignatureHeader,
            value: gateway.signPeerMessage(
                PeerAuthenticator.message(method: "POST", path: path, timestamp: timestamp, contentSHA256: contentSHA256)))
        http.body = .bytes(ByteBuffer(bytes: body))
        let response = try await client.execute(http, timeout: .seconds(30))
        var buffer = try await response.body.collect(upTo: SyncWire.maximumWireBytes)
        let data = buffer.readData(length: buffer.readableBytes) ?? Data()
        guard response.status == .ok else {
            // The peer's own code when it is one of ours (a peer's free string never becomes a
            // code here: it would reach the sync status and the log).
            let sent = (try? JSONDecoder().decode(ErrorBody.self, from: data))?.error.code
            let code = sent.flatMap(ErrorCode.init(rawValue:)) ?? .peerRefused
            throw GatewayError(.unavailable, code: code, message: "the peer refused the sync request (HTTP \(response.status.code))")
        }
        // Some HTTP clients inflate gzip bodies themselves, so the answer is recognised by its
        // magic bytes and its signature covers the JSON, not the bytes on the wire.
        let json = try SyncWire.unpack(data, contentEncoding: SyncWire.isGzip(data) ? SyncWire.gzip : nil)
        guard
            authenticator.verify(
                method: "RESPONSE", path: path, timestamp: response.headers.first(name: PeerAuthenticator.timestampHeader),
                signature: response.headers.first(name: PeerAuthenticator.signatureHeader), body: json)
        else {
            throw GatewayError(.unavailable, code: .peerUnauthenticated, message: "the peer's answer is not signed with the network's peer key")
        }
        let responder = try await gateway.authenticatePeer(
            gateway: response.headers.first(name: PeerAuthenticator.gatewayHeader),
            keyHex: response.headers.first(name: PeerAuthenticator.identityKeyHeader),
            signatureHex: response.headers.first(name: PeerAuthenticator.identitySignatureHeader),
            message: PeerAuthenticator.message(
                method: "RESPONSE", path: path,
                timestamp: Int64(response.headers.first(name: PeerAuthenticator.timestampHeader) ?? "") ?? 0,
                contentSHA256: PeerAuthenticator.contentSHA256(of: json)))
        if let expecting, expecting != responder.id {
            throw GatewayError(.unavailable, code: .peerIdentityMismatch, message: "the peer at this URL is not the gateway --peer names")
        }
        let decoded = try SyncCoding.decodeResponse(json)
        guard decoded.from == responder.id else {
            throw GatewayError(
                .unavailable, code: .peerIdentityMismatch, message: "the peer's answer names another gateway than the one that signed it")
        }
        // A retired gateway's answers are not taken in (it may still answer until it learns).
        if try await gateway.isPeerRetired(responder.id) {
            throw GatewayError(.unavailable, code: .gatewayRetired, message: "this peer was retired by an officer; its events are refused")
        }
        return decoded
    }
}
