package import Privacy
package import Replication

/// Where one request acts: the global network or one private network this gateway hosts,
/// with that network's keys and the caller's pseudonym and this gateway's origin in it.
package struct NetworkScope: Sendable {
    package var network: ReplicaNetwork
    /// The network's subkeys: contribution ids, request digests and pseudonyms are keyed
    /// per network, so nothing derived in one network can be matched in another.
    package var keyRing: KeyRing
    /// This gateway's origin in the network (`<gateway>@<network>` in a private one).
    package var origin: String

    /// The pseudonym of a deployment in this network, from its global pseudonym.
    ///
    /// The gateway holds no raw deployment id after the token was made (it is turned into the
    /// global pseudonym at once), so a private network's pseudonym is keyed over the global
    /// one: `hex(HMAC(private pseudonym subkey, global pseudonym))`. It is as stable and as
    /// unguessable, differs in every network, and cannot be computed without that network's key.
    package func pseudonym(global: String) -> String {
        network == .global ? global : keyRing.pseudonym(deploymentId: global)
    }

    /// The private network's name, or nil.
    package var privateName: String? { network.privateName }
}
