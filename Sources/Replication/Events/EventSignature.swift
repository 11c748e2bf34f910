import Crypto
import Foundation
import PatternCore

/// A gateway's own Ed25519 identity key. It signs every event the gateway originates, and
/// its sync requests, so a peer that holds only the shared network key cannot speak for
/// another gateway. Printing it shows only the public key.
package struct GatewaySigningKey: Sendable {
    private let key: Curve25519.Signing.PrivateKey

    package init() {
        key = Curve25519.Signing.PrivateKey()
    }

    /// From the 32-byte seed of `rawRepresentation`; nil for anything else.
    package init?(rawRepresentation: some Collection<UInt8>) {
        let bytes = Array(rawRepresentation)
        guard bytes.count == 32, let key = try? Curve25519.Signing.PrivateKey(rawRepresentation: bytes) else { return nil }
        self.key = key
    }

    /// The 32-byte seed. Secret.
    package var rawRepresentation: [UInt8] { Array(key.rawRepresentation) }

    /// The public key as 64 lowercase hex digits: what peers pin.
    package var publicKeyHex: String { Hex.encode(key.publicKey.rawRepresentation) }

    /// Hex signature over `message`.
    package func signatureHex(for message: [UInt8]) -> String {
        // Ed25519 signing of an in-memory key cannot fail.
        Hex.encode(try! key.signature(for: message))
    }

    /// The signature an event made here carries.
    package func sign(_ id: EventID, contentHash: String) -> String {
        signatureHex(for: EventSignature.message(id: id, contentHash: contentHash))
    }
}

extension GatewaySigningKey: CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    package var description: String { "GatewaySigningKey(public \(publicKeyHex))" }
    package var debugDescription: String { description }
    package var customMirror: Mirror { Mirror(self, children: ["publicKey": publicKeyHex], displayStyle: .struct) }
}

/// A pinned public identity key, parsed once and reused for every signature of its gateway.
package struct GatewayPublicKey: Sendable, Hashable {
    package let hex: String
    private let key: Curve25519.Signing.PublicKey

    /// From 64 lowercase hex digits; nil for anything else.
    package init?(hex: String) {
        guard Hex.isLowercaseHex(hex, length: 64), let bytes = Hex.decode(hex),
            let key = try? Curve25519.Signing.PublicKey(rawRepresentation: bytes)
        else { return nil }
        self.hex = hex
        self.key = key
    }

    package func isValidSignature(_ signatureHex: String, for message: [UInt8]) -> Bool {
        guard signatureHex.utf8.count == 128, let signature = Hex.decode(signatureHex) else { return false }
        return key.isValidSignature(signature, for: message)
    }

    package func verifies(_ signatureHex: String?, of id: EventID, contentHash: String) -> Bool {
        guard let signatureHex else { return false }
        return isValidSignature(signatureHex, for: EventSignature.message(id: id, contentHash: contentHash))
    }

    package static func == (lhs: Self, rhs: Self) -> Bool { lhs.hex == rhs.hex }
    package func hash(into hasher: inout Hasher) { hasher.combine(hex) }
}

/// What an event signature covers: the event's identity and its content hash (which covers
/// kind, clock, causal context and payload). A stub keeps its signature, so a receiver can
/// tell a stub the origin really made from one a relayer invented.
package enum EventSignature {
    package static func message(id: EventID, contentHash: String) -> [UInt8] {
        Array("pg-event-sig-v1\n\(id.origin)\n\(id.seq)\n\(contentHash)".utf8)
    }
}
