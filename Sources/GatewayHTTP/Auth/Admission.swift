import Gateway

/// Who a route group admits: bearer tokens of some roles, peers, or both.
struct Admission: Sendable {
    /// The token roles admitted.
    var roles: Set<Role>
    /// What the route does, for the 403 message: "this token's role may not <action>".
    var action: String
    /// How peers authenticate on this group; nil where peers are not admitted.
    var peers: (any PeerCheck)?

    /// Bearer tokens of `roles`.
    static func tokens(_ roles: Role..., to action: String) -> Admission {
        Admission(roles: Set(roles), action: action, peers: nil)
    }

    /// Peers passing `check`; and, when a request is not peer-signed, tokens of `roles`.
    static func peers(_ check: some PeerCheck, orTokens roles: Role..., to action: String) -> Admission {
        Admission(roles: Set(roles), action: action, peers: check)
    }
}
