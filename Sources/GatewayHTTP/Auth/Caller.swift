package import Gateway

/// Who is calling, as the HTTP edge authenticated them.
package enum Caller: Sendable {
    /// A bearer token (deployment, officer or auditor).
    case token(Principal)
    /// A gateway of the network: signed with the network key, and for sync with its own
    /// identity key too.
    case peer(PeerCredentials)
}

/// What a peer's request head proved.
package struct PeerCredentials: Sendable {
    /// The gateway that signed with its identity key; nil where only the network key is
    /// checked (`GET /api/v1/sync/status`).
    package var sender: PeerSender?
    /// The SHA-256 of the body that the signatures cover (sync).
    package var contentSHA256: String?
}
