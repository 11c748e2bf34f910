import Foundation
import Gateway
import Hummingbird

/// Peer authentication of `POST /api/v1/sync`, steps 1 to 3 of `SyncIntake`: the
/// timestamp, the network-key signature over the claimed body hash and the sender's
/// identity signature, all from the head, before any body byte is read. A sender without
/// the hash header has at most 16 KiB read and the signature checked over it; that body is
/// handed on buffered. Refusals of an unread body say `Connection: close`.
struct SyncPeerCheck: PeerCheck {
    /// The request's network: its authenticator and the path the signatures cover.
    let resolve: @Sendable (Request) -> ResolvedNetwork

    func authenticate(_ request: Request, gateway: PatternGateway) async throws -> PeerCheckOutcome {
        let (_, authenticator, path) = resolve(request)
        let timestamp = request.headers[SyncIntake.timestampField]
        let signature = request.headers[SyncIntake.signatureField]
        let declaredLength = request.headers[.contentLength].flatMap { Int($0) }
        guard PeerAuthenticator.isFresh(timestamp: timestamp), signature != nil else {
            return .refused(SyncIntake.refusal(SyncIntake.unauthenticated, close: true))
        }
        if let claimedSHA256 = request.headers[SyncIntake.contentSHA256Field] {
            // The signature covers the claimed hash: checked before any body byte is read.
            guard authenticator.verify(method: "POST", path: path, timestamp: timestamp, signature: signature, contentSHA256: claimedSHA256)
            else { return .refused(SyncIntake.refusal(SyncIntake.unauthenticated, close: true)) }
            if let declaredLength, declaredLength > SyncIntake.maximumBodyBytes {
                return .refused(SyncIntake.refusal(SyncIntake.tooLarge, close: true))
            }
            // The sender's identity, from the head too: which gateway signed this request.
            do {
                let sender = try await PatternGateRoutes.authenticateSender(request, gateway: gateway, contentSHA256: claimedSHA256, path: path)
                return .admitted(request, PeerCredentials(sender: sender, contentSHA256: claimedSHA256))
            } catch let error as GatewayError {
                return .refused(SyncIntake.refusal(error, close: true))
            }
        }
        // A sender without the hash header (an older gateway): at most 16 KiB is read
        // before the signature over it is checked.
        if let declaredLength, declaredLength > SyncIntake.maximumUnauthenticatedBytes {
            return .refused(SyncIntake.refusal(SyncIntake.unhashedTooLarge, close: true))
        }
        guard let read = try await SyncIntake.read(request.body, limit: SyncIntake.maximumUnauthenticatedBytes, declaredLength: declaredLength)
        else { return .refused(SyncIntake.refusal(SyncIntake.unhashedTooLarge, close: true)) }
        guard authenticator.verify(method: "POST", path: path, timestamp: timestamp, signature: signature, contentSHA256: read.sha256)
        else { return .refused(SyncIntake.refusal(SyncIntake.unauthenticated, close: false)) }
        do {
            let sender = try await PatternGateRoutes.authenticateSender(request, gateway: gateway, contentSHA256: read.sha256, path: path)
            var buffered = request
            buffered.body = RequestBody(buffer: ByteBuffer(bytes: read.data))
            return .admitted(buffered, PeerCredentials(sender: sender, contentSHA256: read.sha256))
        } catch let error as GatewayError {
            return .refused(SyncIntake.refusal(error, close: false))
        }
    }
}
