import ErrorCodes
import Foundation
import Gateway
import HTTPTypes
import Hummingbird
import NIOCore
import Privacy
package import Replication
import Storage

extension PatternGateRoutes {
    static let syncPath = "/api/v1/sync"
    static let syncStatusPath = "/api/v1/sync/status"

    /// A network's sync path: `/api/v1/sync` for the global network,
    /// `/api/v1/networks/NAME/sync` for a private one. The path is signed, so a request signed
    /// for one network cannot be replayed into another.
    package static func syncPath(for network: ReplicaNetwork) -> String {
        network.privateName.map { "/api/v1/networks/\($0)/sync" } ?? syncPath
    }

    /// A network's sync status path.
    package static func syncStatusPath(for network: ReplicaNetwork) -> String {
        network.privateName.map { "/api/v1/networks/\($0)/sync/status" } ?? syncStatusPath
    }

    /// Peer routes: authenticated by the peer-auth HMAC, not by bearer tokens. Responses are
    /// signed the same way, so a client knows it talks to a gateway of its network. A sync
    /// request is authenticated from its head before its body is read (`SyncPeerCheck`, in the
    /// group's `AuthenticationMiddleware`); at most `admission.limit` are taken in at once.
    ///
    /// Private networks share one pair of routes, `/api/v1/networks/{network}/sync[/status]`:
    /// each request is checked with the named network's own key, and a name not hosted here
    /// with a random key nobody holds, so a network not hosted answers exactly as a bad
    /// signature does (same checks, same codes, one route label in the metrics) and which
    /// organizations' networks a gateway hosts cannot be probed for.
    static func addSyncRoutes(to router: Router<GatewayRequestContext>, gateway: PatternGateway, admission: SyncAdmission? = nil) {
        let admission = admission ?? SyncAdmission(limit: gateway.policy.sync.maxConcurrentRequests)
        let global = PeerAuthenticator(keyRing: gateway.keyRing)
        addSyncRoutes(
            to: router, gateway: gateway, admission: admission, syncPath: syncPath, statusPath: syncStatusPath,
            resolve: { request in (.global, global, request.uri.path) })
        let keys = NetworkPeerKeys(gateway: gateway)
        addSyncRoutes(
            to: router, gateway: gateway, admission: admission, syncPath: "/api/v1/networks/:network/sync",
            statusPath: "/api/v1/networks/:network/sync/status", resolve: keys.resolve)
    }

    /// The sync and sync-status routes of the networks `resolve` tells a request's from.
    private static func addSyncRoutes(
        to router: Router<GatewayRequestContext>, gateway: PatternGateway, admission: SyncAdmission, syncPath routePath: String,
        statusPath routeStatusPath: String, resolve: @escaping @Sendable (Request) -> ResolvedNetwork
    ) {
        group(router, gateway: gateway, admitting: .peers(SyncPeerCheck(resolve: resolve), to: "sync"))
            .post(.init(stringLiteral: routePath)) { request, context in
                let (resolved, authenticator, syncPath) = resolve(request)
                guard let network = resolved else { throw SyncIntake.unauthenticated }
                let peer = try context.peer()
                guard let sender = peer.sender, let signedSHA256 = peer.contentSHA256 else { throw SyncIntake.unauthenticated }
                guard admission.tryEnter() else { return SyncIntake.busyResponse() }
                defer { admission.leave() }
                // Streams in, hashed as it comes (a body buffered by the peer check reads from memory).
                let declaredLength = request.headers[.contentLength].flatMap { Int($0) }
                guard let read = try await SyncIntake.read(request.body, limit: SyncIntake.maximumBodyBytes, declaredLength: declaredLength)
                else { return SyncIntake.refusal(SyncIntake.tooLarge, close: true) }
                guard read.sha256 == signedSHA256 else { return SyncIntake.refusal(SyncIntake.hashMismatch, close: false) }
                // Authenticated: only now is anything inflated (at most 64 MiB) or decoded.
                let json = try SyncWire.unpack(read.data, contentEncoding: request.headers[.contentEncoding])
                let sync: SyncRequest
                do { sync = try SyncCoding.decodeRequest(json) } catch { sync = try RequestDecoding.decode(SyncRequest.self, from: json) }
                if await gateway.syncBook(for: network).isHalted(sync.from) {
                    throw GatewayError(.conflict, code: .sequenceConflict, message: "sync with this peer is halted after a sequence conflict")
                }
                let response = try SyncCoding.encode(try await gateway.handleSync(sync, sender: sender, network: network))
                // The answer's signatures cover its JSON: the requester's HTTP client may inflate it.
                var answer = signed(response, authenticator: authenticator, method: "RESPONSE", path: syncPath)
                let answeredAt = Int64(answer.headers[SyncIntake.timestampField] ?? "") ?? 0
                answer.headers[gatewayField] = gateway.identity.gatewayId
                answer.headers[identityKeyField] = gateway.identityKey.publicKeyHex
                answer.headers[identitySignatureField] = gateway.signPeerMessage(
                    PeerAuthenticator.message(
                        method: "RESPONSE", path: syncPath, timestamp: answeredAt, contentSHA256: PeerAuthenticator.contentSHA256(of: response)))
                if SyncWire.acceptsGzip(request.headers[.acceptEncoding]) {
                    answer.body = .init(byteBuffer: ByteBuffer(bytes: try SyncWire.compress(response)))
                    answer.headers[.contentEncoding] = SyncWire.gzip
                }
                return answer
            }
        group(
            router, gateway: gateway, admitting: .peers(SignedStatusPeerCheck(resolve: resolve), orTokens: .officer, to: "read the sync status")
        )
        .get(.init(stringLiteral: routeStatusPath)) { request, context in
            guard let network = resolve(request).network else { throw GatewayError.unknownNetwork }
            switch context.caller {
            case .token(let principal):
                // An officer reads a private network's status only where it vouched for the
                // token; only an officer's global status lists the private networks.
                guard network.privateName.map(principal.networks.contains) ?? true, gateway.scope(of: network) != nil else {
                    throw GatewayError.unknownNetwork
                }
                return try await gateway.syncStatus(network: network, withPrivateNetworks: network == .global)
            default:
                return try await gateway.syncStatus(network: network)
            }
        }
    }

    static let gatewayField = HTTPField.Name(PeerAuthenticator.gatewayHeader)!
    static let identityKeyField = HTTPField.Name(PeerAuthenticator.identityKeyHeader)!
    static let identitySignatureField = HTTPField.Name(PeerAuthenticator.identitySignatureHeader)!

    /// The gateway that signed a sync request with its identity key (headers only; the
    /// network-key HMAC over the same message is checked first).
    static func authenticateSender(
        _ request: Request, gateway: PatternGateway, contentSHA256: String, path: String = syncPath
    ) async throws -> PeerSender {
        let timestamp = Int64(request.headers[SyncIntake.timestampField] ?? "") ?? 0
        return try await gateway.authenticatePeer(
            gateway: request.headers[gatewayField], keyHex: request.headers[identityKeyField],
            signatureHex: request.headers[identitySignatureField],
            message: PeerAuthenticator.message(method: "POST", path: path, timestamp: timestamp, contentSHA256: contentSHA256), inbound: true)
    }

    static func signed(_ body: Data, authenticator: PeerAuthenticator, method: String, path: String) -> Response {
        var response = PreEncodedJSON(data: body).response
        let timestamp = Int64(Date().timeIntervalSince1970)
        response.headers[HTTPField.Name(PeerAuthenticator.timestampHeader)!] = String(timestamp)
        response.headers[HTTPField.Name(PeerAuthenticator.signatureHeader)!] = authenticator.sign(
            method: method, path: path, timestamp: timestamp, body: body)
        return response
    }
}
