import ErrorCodes
import Foundation
import PatternCore
import Replication
import Storage
import Synchronization

/// Who speaks for which gateway. The network key authenticates the sync channel; each
/// gateway's own Ed25519 identity key authenticates the author of every event and the sender
/// of every sync message. Keys are pinned on first sight (presented directly by the gateway,
/// or relayed in a peer's key directory) and never replaced: a different key for a pinned
/// gateway is refused, audited and shown in the sync status.
extension PatternGateway {
    /// At start: pins this gateway's own key, signs its own events stored before signatures
    /// existed, drops stubs of kinds that must never lose their payload (so peers resend
    /// them), and loads the pinned keys.
    func preparePeerTrust() async throws {
        let own = try await database.pin([identity.gatewayId: identityKey.publicKeyHex], source: .own, via: identity.gatewayId)
        if own[identity.gatewayId] == .conflict {
            throw GatewayError(
                .conflict, code: .identityKeyMismatch,
                message: "this data dir pinned another identity key for its own gateway id; restore identity.key")
        }
        _ = try await database.signOwnUnsignedEvents(origin: identity.gatewayId)
        _ = try await database.dropNonContributionStubs()
        try await reloadPeerKeys()
    }

    func reloadPeerKeys() async throws {
        let stored = try await database.pinnedKeys()
        let parsed = stored.compactMapValues { GatewayPublicKey(hex: $0) }
        peerKeys.withLock { $0 = parsed }
    }

    /// The key directory this gateway sends with every sync message: every pinned key.
    package func keyDirectory() -> [String: String] {
        peerKeys.withLock { $0.mapValues(\.hex) }
    }

    /// Pins the keys a peer relayed (its key directory) where none is pinned yet.
    package func learnKeys(_ directory: [String: String]?, via peer: String) async throws {
        guard let directory, !directory.isEmpty else { return }
        let known = peerKeys.withLock { $0 }
        let fresh = directory.filter { known[$0.key]?.hex != $0.value }
        guard !fresh.isEmpty else { return }
        guard fresh.count <= WireBounds.maximumOrigins else {
            throw GatewayError(
                .invalidInput, code: .invalidSyncMessage, message: "a key directory may name at most \(WireBounds.maximumOrigins) gateways")
        }
        _ = try await database.pin(fresh, source: .relayed, via: peer)
        try await reloadPeerKeys()
    }

    /// Authenticates the sender of a sync message: `gateway` presented `keyHex` and signed
    /// `message` with it. Pins the key on first contact; refuses (403 `identity_key_mismatch`,
    /// audited, shown in the sync status) a key other than the one pinned for that id.
    ///
    /// `inbound`: the sender connected to this gateway. A configured peer id (`--peer
    /// ID=URL`) that is not pinned yet is then not pinned from the inbound contact: its key is
    /// learnt only by dialing it, so nobody can claim it first. Such a sender is answered
    /// (`pinned: false`) but nothing it sends is stored until this gateway has dialed it.
    package func authenticatePeer(
        gateway: String?, keyHex: String?, signatureHex: String?, message: [UInt8], inbound: Bool = false
    ) async throws -> PeerSender {
        guard let gateway, WireBounds.isGatewayId(gateway), let keyHex, let key = GatewayPublicKey(hex: keyHex), let signatureHex,
            key.isValidSignature(signatureHex, for: message)
        else {
            throw GatewayError(
                .unauthenticated, code: .peerIdentityUnauthenticated, message: "sync messages must be signed with the sending gateway's identity key")
        }
        guard gateway != identity.gatewayId || key.hex == identityKey.publicKeyHex else {
            throw GatewayError(.forbidden, code: .identityKeyMismatch, message: "another gateway presented this gateway's id")
        }
        let pinned = peerKeys.withLock { $0[gateway] }
        if pinned == key { return PeerSender(id: gateway, pinned: true) }
        if inbound, pinned == nil, configuration.configuredPeerIds.contains(gateway) { return PeerSender(id: gateway, pinned: false) }
        let outcome = try await database.pin([gateway: key.hex], source: .direct, via: gateway)
        if outcome[gateway] == .conflict {
            await syncBook.failed(peer: gateway, reason: "identity_key_mismatch")
            throw GatewayError(
                .forbidden, code: .identityKeyMismatch,
                message: "this gateway id is pinned to another identity key; the refusal is audited and shown in the sync status")
        }
        try await reloadPeerKeys()
        return PeerSender(id: gateway, pinned: true)
    }

    /// Signs a sync message (request or answer) with this gateway's identity key.
    package func signPeerMessage(_ message: [UInt8]) -> String {
        identityKey.signatureHex(for: message)
    }

    /// Why an event is not its origin's, or nil when its origin's pinned key signed it. An
    /// event whose origin is `vouchedBy`, the gateway whose identity signature over the whole
    /// message was checked, is its origin's already: its own signature is not verified again
    /// (Ed25519 verification was 4–5 s of a 50,000-event resync). If that signature is bad,
    /// only relays of that origin's own events fail.
    /// An event of another network than the exchange's (`network`) is `wrong_network`: a
    /// private network's events travel only in its own, authenticated by its own key. A
    /// gateway signs its events in every network with its one identity key.
    static func untrusted(
        _ incoming: SyncEvent, keys: [String: GatewayPublicKey], vouchedBy: String? = nil, network: ReplicaNetwork = .global
    ) -> String? {
        guard incoming.isWithinBounds else { return "out_of_bounds" }
        guard network.contains(origin: incoming.origin) else { return "wrong_network" }
        guard let signature = incoming.signature else { return "signature_missing" }
        let gateway = ReplicaNetwork.gateway(ofOrigin: incoming.origin)
        guard let key = keys[gateway] else { return "unknown_origin_key" }
        if gateway == vouchedBy { return nil }
        return key.verifies(signature, of: incoming.id, contentHash: incoming.contentHash) ? nil : "signature_invalid"
    }
}

/// The authenticated sender of a sync message: the gateway id whose identity key signed it,
/// and whether that key is the one pinned here (false only for a configured peer this
/// gateway has not dialed yet: it is answered, but nothing it sends is stored).
package struct PeerSender: Sendable, Hashable {
    package var id: String
    package var pinned: Bool

    package init(id: String, pinned: Bool) {
        self.id = id
        self.pinned = pinned
    }
}
