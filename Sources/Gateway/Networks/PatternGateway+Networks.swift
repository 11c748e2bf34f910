import ErrorCodes
import PatternCore
import Privacy
package import Replication
import Storage

extension PatternGateway {
    /// The private networks this gateway hosts, by name.
    package var hostedNetworks: [String] { privateKeyRings.keys.sorted() }

    /// The global network's scope.
    package var globalScope: NetworkScope {
        NetworkScope(network: .global, keyRing: keyRing, origin: identity.gatewayId)
    }

    /// The scope of a hosted network; nil when this gateway does not host it.
    package func scope(of network: ReplicaNetwork) -> NetworkScope? {
        switch network {
        case .global: globalScope
        case .named(let name):
            privateKeyRings[name].map { NetworkScope(network: network, keyRing: $0, origin: network.origin(gateway: identity.gatewayId)) }
        }
    }

    /// The network a deployment asks to act in (`network` in a body or query; omitted or
    /// `global` is the global network). A private network needs a plan with private networks
    /// (403 `plan_required`), a token of that organization and a gateway that hosts it (404
    /// `unknown_network` otherwise, the same answer whether the network exists elsewhere or
    /// not, so no organization's network can be probed for).
    func scope(for principal: Principal, network name: String?) throws(GatewayError) -> NetworkScope {
        let network = try Self.requestedNetwork(name)
        guard network != .global else { return globalScope }
        try require(principal, .privateNetworks)
        guard principal.organization == network.privateName, let scope = scope(of: network) else { throw GatewayError.unknownNetwork }
        return scope
    }

    /// The scope of a network an officer names: omitted or `global`, or one hosted here.
    func hostedScope(_ network: String?) throws(GatewayError) -> NetworkScope {
        guard let scope = scope(of: try Self.requestedNetwork(network)) else { throw GatewayError.unknownNetwork }
        return scope
    }

    /// A network as a client names it (`network` in a body or query): 400 `invalid_field`
    /// unless omitted, `global` or a well-formed private network name.
    static func requestedNetwork(_ name: String?) throws(GatewayError) -> ReplicaNetwork {
        guard let network = ReplicaNetwork(name: name) else {
            throw GatewayError.invalidField("network", "must be global or a private network's name (1–32 of a-z, 0-9 and '-')")
        }
        return network
    }

    /// The private networks whose patterns `principal` may see here: its organization's, when
    /// its plan has private networks and this gateway hosts it. Officers see every hosted one.
    func visiblePrivateNetworks(for principal: Principal) -> Set<String> {
        switch principal.role {
        case .officer: return Set(privateKeyRings.keys)
        case .auditor: return []
        case .deployment:
            guard let organization = principal.organization, privateKeyRings[organization] != nil, allows(principal, .privateNetworks)
            else { return [] }
            return [organization]
        }
    }

    /// The sync bookkeeping of one network (a network not hosted here has an empty book).
    package func syncBook(for network: ReplicaNetwork) -> SyncBook {
        switch network {
        case .global: syncBook
        case .named(let name): privateSyncBooks[name] ?? SyncBook()
        }
    }

    /// Every scope this gateway acts in: the global network's, then each hosted one's.
    package var allScopes: [NetworkScope] {
        [globalScope] + hostedNetworks.compactMap { scope(of: .named($0)) }
    }
}
