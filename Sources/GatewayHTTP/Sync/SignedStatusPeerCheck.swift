import Foundation
import Gateway
import HTTPTypes
import Hummingbird

/// Peer authentication of `GET /api/v1/sync/status`: the network-key signature over the
/// empty body. An unsigned (or badly signed) request falls through to the bearer token.
struct SignedStatusPeerCheck: PeerCheck {
    let authenticator: PeerAuthenticator
    /// The network's status path, which the signature covers.
    var path = PatternGateRoutes.syncStatusPath

    func authenticate(_ request: Request, gateway: PatternGateway) async throws -> PeerCheckOutcome {
        let signed = authenticator.verify(
            method: "GET", path: path, timestamp: request.headers[SyncIntake.timestampField],
            signature: request.headers[SyncIntake.signatureField], body: Data())
        return signed ? .admitted(request, PeerCredentials(sender: nil, contentSHA256: nil)) : .unsigned
    }
}
