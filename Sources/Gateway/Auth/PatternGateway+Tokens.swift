import Foundation
import Replication
import Storage
import Synchronization

extension PatternGateway {
    /// Publishes tokens made and revoked on this data dir (by `token create` / `token revoke`,
    /// which run offline) as events, so they hold on every gateway of the network.
    @discardableResult
    package func publishTokens() async throws -> Int {
        var made = try await database.publishTokens(origin: identity.gatewayId, stamp: { [self] in self.tick() })
        // Then, inside each hosted private network, the memberships of the tokens made here.
        made += try await database.publishMemberships(
            networks: Dictionary(uniqueKeysWithValues: hostedNetworks.map { ($0, ReplicaNetwork.named($0).origin(gateway: identity.gatewayId)) }),
            stamp: { [self] in self.tick() })
        if made > 0 { localCommits.withLock { $0 &+= 1 } }
        return made
    }
}
