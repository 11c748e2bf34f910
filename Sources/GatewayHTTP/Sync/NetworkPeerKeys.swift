import Gateway
import Hummingbird
import Privacy
import Replication

/// What a peer request is checked against: its network (nil when not hosted here), that
/// network's peer authenticator, and the path its signatures cover.
typealias ResolvedNetwork = (network: ReplicaNetwork?, authenticator: PeerAuthenticator, path: String)

/// The peer authenticators of the private networks this gateway hosts, by name, and one over
/// a random key for every other name: a request naming a network not hosted here goes
/// through the same checks and fails them as a bad signature does.
struct NetworkPeerKeys: Sendable {
    let hosted: [String: PeerAuthenticator]
    let unknown = PeerAuthenticator(keyRing: KeyRing(networkKey: NetworkKey.generate()))

    init(gateway: PatternGateway) {
        var hosted: [String: PeerAuthenticator] = [:]
        for scope in gateway.allScopes { if let name = scope.privateName { hosted[name] = PeerAuthenticator(keyRing: scope.keyRing) } }
        self.hosted = hosted
    }

    /// The network a `/api/v1/networks/{network}/…` request names, from its path.
    func resolve(_ request: Request) -> ResolvedNetwork {
        let path = request.uri.path
        let prefix = "/api/v1/networks/"
        let rest = path.hasPrefix(prefix) ? path.dropFirst(prefix.count) : ""
        let name = String(rest.prefix { $0 != "/" })
        if ReplicaNetwork.isName(name), let authenticator = hosted[name] { return (.named(name), authenticator, path) }
        // Not hosted (or not a name): checked against a key nobody holds; nothing is served.
        return (nil, unknown, path)
    }
}
