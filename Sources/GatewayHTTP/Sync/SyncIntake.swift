import ErrorCodes
import Foundation
import Gateway
import HTTPTypes
import Hummingbird
import NIOCore

/// How `POST /api/v1/sync` takes a request in, so that nobody without the network key can
/// make a gateway hold more than 16 KiB for a request, and a peer at most 64 MiB per admitted
/// request. In order (1 to 3 in `SyncPeerCheck`, the route group's authentication seam;
/// 4 to 6 in the handler):
///
/// 1. the timestamp is fresh and a signature is present;
/// 2. with `X-PatternGate-Content-SHA256`: the signature is checked over that hash before any
///    body byte is read; without it (gateways before this header): the body may be at most
///    16 KiB, is read, and the signature is checked over it;
/// 3. a declared `Content-Length` over the limit is refused (413) unread;
/// 4. a slot of `SyncAdmission` is taken (or 429 `busy` with `Retry-After`);
/// 5. the body streams in, hashed as it comes, refused past 64 MiB (413) and refused if its
///    hash is not the signed one (401);
/// 6. then `SyncWire.unpack` inflates at most 64 MiB.
///
/// Refusals of a request whose body was not read say `Connection: close`, so the client
/// stops sending; the server reads nothing more for it than NIO's bounded read-ahead.
enum SyncIntake {
    /// The most a sync body may be on the wire.
    static let maximumBodyBytes = SyncWire.maximumWireBytes
    /// The most read before the sender is authenticated (only without the content hash header).
    static let maximumUnauthenticatedBytes = 16 * 1024
    /// What a `busy` answer asks the sender to wait, in seconds.
    static let retryAfterSeconds = 1

    static let timestampField = HTTPField.Name(PeerAuthenticator.timestampHeader)!
    static let signatureField = HTTPField.Name(PeerAuthenticator.signatureHeader)!
    static let contentSHA256Field = HTTPField.Name(PeerAuthenticator.contentSHA256Header)!

    static let unauthenticated = GatewayError(
        .unauthenticated, code: .peerUnauthenticated, message: "sync requests must be signed with the network's peer key")
    static let unhashedTooLarge = GatewayError(
        .unauthenticated, code: .peerUnauthenticated,
        message: "sync bodies over \(maximumUnauthenticatedBytes) bytes must carry \(PeerAuthenticator.contentSHA256Header)")
    static let hashMismatch = GatewayError(
        .unauthenticated, code: .peerUnauthenticated, message: "the sync body does not match its signed hash")
    static let tooLarge = GatewayError.payloadTooLarge("a sync body may be at most \(maximumBodyBytes) bytes")
    static let busy = GatewayError(
        .unavailable, code: .busy, message: "this gateway is taking in as many sync requests as it allows; retry after Retry-After seconds")

    /// Reads `body`, hashing it as it comes; nil once it exceeds `limit` bytes (the rest is not read).
    static func read(_ body: RequestBody, limit: Int, declaredLength: Int?) async throws -> (data: Data, sha256: String)? {
        var data = Data()
        if let declaredLength { data.reserveCapacity(min(max(declaredLength, 0), limit)) }
        var digest = PeerAuthenticator.BodyDigest()
        for try await chunk in body {
            guard chunk.readableBytes <= limit - data.count else { return nil }
            chunk.withUnsafeReadableBytes { bytes in
                guard let base = bytes.baseAddress, !bytes.isEmpty else { return }
                digest.update(bytes)
                data.append(base.assumingMemoryBound(to: UInt8.self), count: bytes.count)
            }
        }
        return (data, digest.finalize())
    }

    /// The error answer for `error`; `close` when the request's body was left unread.
    static func refusal(_ error: GatewayError, status: HTTPResponse.Status? = nil, close: Bool) -> Response {
        var response = ErrorMiddleware<GatewayRequestContext>.response(for: error)
        if let status { response.status = status }
        if close { response.headers[.connection] = "close" }
        return response
    }

    static func busyResponse() -> Response {
        var response = refusal(busy, status: .tooManyRequests, close: true)
        response.headers[.retryAfter] = String(retryAfterSeconds)
        return response
    }
}
