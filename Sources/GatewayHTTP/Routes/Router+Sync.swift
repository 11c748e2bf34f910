import Foundation
import Gateway
import HTTPTypes
import Hummingbird
import NIOCore

extension PatternGateRoutes {
    static let syncPath = "/api/v1/sync"
    static let syncStatusPath = "/api/v1/sync/status"

    /// Peer routes: authenticated by the peer-auth HMAC, not by bearer tokens. Responses are
    /// signed the same way, so a client knows it talks to a gateway of its network. A sync
    /// request is authenticated from its head before its body is read (see `SyncIntake`);
    /// at most `admission.limit` are taken in at once.
    static func addSyncRoutes(to router: Router<BasicRequestContext>, gateway: PatternGateway, admission: SyncAdmission? = nil) {
        let authenticator = PeerAuthenticator(keyRing: gateway.keyRing)
        let admission = admission ?? SyncAdmission(limit: gateway.policy.sync.maxConcurrentRequests)
        router.post(.init(stringLiteral: syncPath)) { request, context in
            let timestamp = request.headers[SyncIntake.timestampField]
            let signature = request.headers[SyncIntake.signatureField]
            let claimedSHA256 = request.headers[SyncIntake.contentSHA256Field]
            let declaredLength = request.headers[.contentLength].flatMap { Int($0) }
            guard PeerAuthenticator.isFresh(timestamp: timestamp), signature != nil else {
                return SyncIntake.refusal(SyncIntake.unauthenticated, close: true)
            }
            var body: Data? = nil
            let sender: PeerSender
            if let claimedSHA256 {
                // The signature covers the claimed hash: checked before any body byte is read.
                guard authenticator.verify(method: "POST", path: syncPath, timestamp: timestamp, signature: signature, contentSHA256: claimedSHA256)
                else { return SyncIntake.refusal(SyncIntake.unauthenticated, close: true) }
                if let declaredLength, declaredLength > SyncIntake.maximumBodyBytes { return SyncIntake.refusal(SyncIntake.tooLarge, close: true) }
                // The sender's identity, from the head too: which gateway signed this request.
                do { sender = try await authenticateSender(request, gateway: gateway, contentSHA256: claimedSHA256) } catch let error as GatewayError {
                    return SyncIntake.refusal(error, close: true)
                }
            } else {
                // A sender without the hash header (an older gateway): at most 16 KiB is read
                // before the signature over it is checked.
                if let declaredLength, declaredLength > SyncIntake.maximumUnauthenticatedBytes {
                    return SyncIntake.refusal(SyncIntake.unhashedTooLarge, close: true)
                }
                guard let read = try await SyncIntake.read(request.body, limit: SyncIntake.maximumUnauthenticatedBytes, declaredLength: declaredLength)
                else { return SyncIntake.refusal(SyncIntake.unhashedTooLarge, close: true) }
                guard authenticator.verify(method: "POST", path: syncPath, timestamp: timestamp, signature: signature, contentSHA256: read.sha256)
                else { return SyncIntake.refusal(SyncIntake.unauthenticated, close: false) }
                do { sender = try await authenticateSender(request, gateway: gateway, contentSHA256: read.sha256) } catch let error as GatewayError {
                    return SyncIntake.refusal(error, close: false)
                }
                body = read.data
            }
            guard admission.tryEnter() else { return SyncIntake.busyResponse() }
            defer { admission.leave() }
            if body == nil, let claimedSHA256 {
                guard let read = try await SyncIntake.read(request.body, limit: SyncIntake.maximumBodyBytes, declaredLength: declaredLength)
                else { return SyncIntake.refusal(SyncIntake.tooLarge, close: true) }
                guard read.sha256 == claimedSHA256 else { return SyncIntake.refusal(SyncIntake.hashMismatch, close: false) }
                body = read.data
            }
            // Authenticated: only now is anything inflated (at most 64 MiB) or decoded.
            let json = try SyncWire.unpack(body ?? Data(), contentEncoding: request.headers[.contentEncoding])
            body = nil
            let sync: SyncRequest
            do { sync = try SyncCoding.decodeRequest(json) } catch { sync = try RequestDecoding.decode(SyncRequest.self, from: json) }
            if await gateway.syncBook.isHalted(sync.from) {
                throw GatewayError(.conflict, code: "sequence_conflict", message: "sync with this peer is halted after a sequence conflict")
            }
            let response = try SyncCoding.encode(try await gateway.handleSync(sync, sender: sender))
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

    static let gatewayField = HTTPField.Name(PeerAuthenticator.gatewayHeader)!
    static let identityKeyField = HTTPField.Name(PeerAuthenticator.identityKeyHeader)!
    static let identitySignatureField = HTTPField.Name(PeerAuthenticator.identitySignatureHeader)!

    /// The gateway that signed a sync request with its identity key (headers only; the
    /// network-key HMAC over the same message is checked first).
    static func authenticateSender(_ request: Request, gateway: PatternGateway, contentSHA256: String) async throws -> PeerSender {
        let timestamp = Int64(request.headers[SyncIntake.timestampField] ?? "") ?? 0
        return try await gateway.authenticatePeer(
            gateway: request.headers[gatewayField], keyHex: request.headers[identityKeyField],
            signatureHex: request.headers[identitySignatureField],
            message: PeerAuthenticator.message(method: "POST", path: syncPath, timestamp: timestamp, contentSHA256: contentSHA256), inbound: true)
    }

    static func signed(_ body: Data, authenticator: PeerAuthenticator, method: String, path: String) -> Response {
        var response = JSONResponse.make(data: body)
        let timestamp = Int64(Date().timeIntervalSince1970)
        response.headers[HTTPField.Name(PeerAuthenticator.timestampHeader)!] = String(timestamp)
        response.headers[HTTPField.Name(PeerAuthenticator.signatureHeader)!] = authenticator.sign(method: method, path: path, timestamp: timestamp, body: body)
        return response
    }
}
