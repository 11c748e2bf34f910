import Gateway
import Hummingbird

/// How a group authenticates peer gateways, from the request head (and at most a bounded
/// prefix of the body, where the route says so).
protocol PeerCheck: Sendable {
    func authenticate(_ request: Request, gateway: PatternGateway) async throws -> PeerCheckOutcome
}

enum PeerCheckOutcome: Sendable {
    /// A peer of the network; `request` is the request to hand on (its body may have been
    /// buffered to check a signature over it).
    case admitted(Request, PeerCredentials)
    /// Refused with this answer; the handler does not run.
    case refused(Response)
    /// Not a peer-signed request: the group's token roles decide.
    case unsigned
}
