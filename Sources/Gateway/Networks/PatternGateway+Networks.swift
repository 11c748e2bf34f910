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
    /// (403 `plan_required`; not for `rights` actions, consent and erasure, which a plan
    /// never takes away), a token of that organization that the network itself vouched for,
    /// and a gateway that hosts it (404 `unknown_network` otherwise, the same answer whether
    /// the network exists elsewhere or not, so no organization's network can be probed for).
    func scope(for principal: Principal, network name: String?, rights: Bool = false) throws(GatewayError) -> NetworkScope {
        let network = try Self.requestedNetwork(name)
        guard network != .global else { return globalScope }
        if !rights { try require(principal, .privateNetworks) }
        guard let name = network.privateName, principal.organization == name, principal.networks.contains(name), let scope = scope(of: network)
        else { throw GatewayError.unknownNetwork }
        return scope
    }

    /// The scope of a network an officer names: omitted or `global`, or one hosted here that
    /// vouched for the officer's token (`network.member`): an officer token minted by a
    /// gateway that does not host the network opens nothing in it.
    func hostedScope(_ network: String?, for principal: Principal) throws(GatewayError) -> NetworkScope {
        let requested = try Self.requestedNetwork(network)
        guard let scope = scope(of: requested), requested.privateName.map(principal.networks.contains) ?? true else {
            throw GatewayError.unknownNetwork
        }
        return scope
    }

    /// The gateway itself acting as an officer (overdue checks, duplicate erasures, export's
    /// erasure states): every hosted network is its own.
    var systemOfficer: Principal {
        Principal(role: .officer, tokenId: "system", pseudonym: nil, networks: Set(hostedNetworks))
    }

    /// The hosted private networks `principal` may act in for a data subject's rights
    /// (erasure, export): an officer's vouched-for networks, a deployment's organization
    /// when vouched for, whatever its plan now.
    func rightsNetworks(for principal: Principal) -> [String] {
        let vouched = principal.networks.filter { privateKeyRings[$0] != nil }
        switch principal.role {
        case .officer: return vouched.sorted()
        case .auditor: return []
        case .deployment: return principal.organization.map { vouched.contains($0) ? [$0] : [] } ?? []
        }
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
    /// the network vouched for the token, its plan has private networks and this gateway
    /// hosts it; an officer's vouched-for hosted networks.
    func visiblePrivateNetworks(for principal: Principal) -> Set<String> {
        switch principal.role {
        case .officer: return Set(rightsNetworks(for: principal))
        case .auditor: return []
        case .deployment: return allows(principal, .privateNetworks) ? Set(rightsNetworks(for: principal)) : []
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
