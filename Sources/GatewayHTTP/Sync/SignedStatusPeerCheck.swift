import Foundation
import Gateway
import HTTPTypes
import Hummingbird

/// Peer authentication of `GET /api/v1/sync/status`: the network-key signature over the
/// empty body. An unsigned (or badly signed) request falls through to the bearer token.
struct SignedStatusPeerCheck: PeerCheck {
    /// The request's network: its authenticator and the path the signature covers.
    let resolve: @Sendable (Request) -> ResolvedNetwork

    func authenticate(_ request: Request, gateway: PatternGateway) async throws -> PeerCheckOutcome {
        let (_, authenticator, path) = resolve(request)
        let signed = authenticator.verify(
            method: "GET", path: path, timestamp: request.headers[SyncIntake.timestampField],
            signature: request.headers[SyncIntake.signatureField], body: Data())
        return signed ? .admitted(request, PeerCredentials(sender: nil, contentSHA256: nil)) : .unsigned
    }
}
