import Foundation
import Gateway
import HTTPTypes
import Hummingbird
import NIOCore

extension PatternGateRoutes {
    static let syncPath = "/api/v1/sync"
    static let syncStatusPath = "/api/v1/sync/status"

    /// Peer routes: authenticated by the peer-auth HMAC, not by bearer tokens. Responses are
    /// signed the same way, so a client knows it talks to a gateway of its network.
    static func addSyncRoutes(to router: Router<BasicRequestContext>, gateway: PatternGateway) {
        let authenticator = PeerAuthenticator(keyRing: gateway.keyRing)
        router.post(.init(stringLiteral: syncPath)) { request, context in
            // A request's signature covers the bytes on the wire, so nothing is inflated before
            // the sender is known to hold the network key.
            var buffer = try await request.body.collect(upTo: 256 * 1024 * 1024)
            let body = buffer.readData(length: buffer.readableBytes) ?? Data()
            guard authenticator.verify(
                method: "POST", path: syncPath, timestamp: request.headers[HTTPField.Name(PeerAuthenticator.timestampHeader)!],
                signature: request.headers[HTTPField.Name(PeerAuthenticator.signatureHeader)!], body: body)
            else {
                throw GatewayError(.unauthenticated, code: "peer_unauthenticated", message: "sync requests must be signed with the network's peer key")
            }
            let json = try SyncWire.unpack(body, contentEncoding: request.headers[.contentEncoding])
            let sync: SyncRequest
            do { sync = try SyncCoding.decodeRequest(json) } catch { sync = try RequestDecoding.decode(SyncRequest.self, from: json) }
            if await gateway.syncBook.isHalted(sync.from) {
                throw GatewayError(.conflict, code: "sequence_conflict", message: "sync with this peer is halted after a sequence conflict")
            }
            let response = try SyncCoding.encode(try await gateway.handleSync(sync))
            // The answer's signature covers its JSON: the requester's HTTP client may inflate it.
            var answer = signed(response, authenticator: authenticator, method: "RESPONSE", path: syncPath)
            if SyncWire.acceptsGzip(request.headers[.acceptEncoding]) {
                answer.body = .init(byteBuffer: ByteBuffer(bytes: try SyncWire.compress(response)))
                answer.headers[.contentEncoding] = SyncWire.gzip
            }
            return answer
        }
        router.get(.init(stringLiteral: syncStatusPath)) { request, context in
            let peerSigned = authenticator.verify(
                method: "GET", path: syncStatusPath, timestamp: request.headers[HTTPField.Name(PeerAuthenticator.timestampHeader)!],
                signature: request.headers[HTTPField.Name(PeerAuthenticator.signatureHeader)!], body: Data())
            if !peerSigned {
                let principal = try await gateway.authenticate(authorization: request.headers[.authorization])
                try principal.require(.officer, to: "read the sync status")
            }
            return JSONResponse.make(try await gateway.syncStatus())
        }
    }

    static func signed(_ body: Data, authenticator: PeerAuthenticator, method: String, path: String) -> Response {
        var response = JSONResponse.make(data: body)
        let timestamp = Int64(Date().timeIntervalSince1970)
        response.headers[HTTPField.Name(PeerAuthenticator.timestampHeader)!] = String(timestamp)
        response.headers[HTTPField.Name(PeerAuthenticator.signatureHeader)!] = authenticator.sign(method: method, path: path, timestamp: timestamp, body: body)
        return response
    }
}
