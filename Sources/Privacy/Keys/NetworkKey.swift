package import Crypto
package import ErrorCodes
package import Foundation
import PatternCore

/// Why a network key cannot be used. Never carries key material.
package struct KeyError: Error, Sendable, Equatable, CustomStringConvertible {
    package var code: ErrorCode
    package var reason: String
    package var description: String { "\(code): \(reason)" }

    package init(code: ErrorCode, reason: String) {
        self.code = code
        self.reason = reason
    }
}

/// The 32-byte secret every gateway of one network shares. Wrapped so it never prints.
package struct NetworkKey: Sendable, CustomStringConvertible, CustomDebugStringConvertible {
    package static let byteCount = 32
    fileprivate let bytes: SymmetricKey

    package init(bytes: some ContiguousBytes) throws(KeyError) {
        let key = SymmetricKey(data: bytes)
        guard key.bitCount == Self.byteCount * 8 else {
            throw KeyError(code: .networkKeyInvalid, reason: "a network key is exactly 32 bytes")
        }
        self.bytes = key
    }

    /// A fresh random key.
    package static func generate() -> NetworkKey {
        // Force: a freshly generated 256-bit key always has the right size.
        try! NetworkKey(bytes: SymmetricKey(size: .bits256).withUnsafeBytes { Data($0) })
    }

    /// The key file's content: 64 hex digits and a newline.
    package var fileContents: String {
        bytes.withUnsafeBytes { Hex.encode($0) } + "\n"
    }

    /// Parses a key file: 64 hex digits, surrounding whitespace ignored.
    package init(fileContents: String) throws(KeyError) {
        let text = fileContents.trimmingCharacters(in: .whitespacesAndNewlines)
        guard text.utf8.count == 64, let bytes = Hex.decode(text) else {
            throw KeyError(code: .networkKeyInvalid, reason: "the key file must hold 64 hex digits")
        }
        try self.init(bytes: bytes)
    }

    package var description: String { "NetworkKey(redacted)" }
    package var debugDescription: String { description }
}

/// The subkeys of a network key, each for one use (HKDF-SHA256 with distinct labels).
package struct KeyRing: Sendable, CustomStringConvertible {
    package enum Label: String, Sendable, CaseIterable {
        case pseudonym
        case contributionId = "contribution-id"
        case peerAuth = "peer-auth"
        case fingerprint
    }

    private let pseudonymKey: SymmetricKey
    private let contributionKey: SymmetricKey
    package let peerAuthKey: SymmetricKey
    /// Identifies the network key without revealing it; stored in the data dir and checked at start.
    package let fingerprint: String

    private static let salt = Array("patterngate-network-key-v1".utf8)

    package init(networkKey: NetworkKey) {
        func derive(_ label: Label) -> SymmetricKey {
            HKDF<SHA256>.deriveKey(
                inputKeyMaterial: networkKey.bytes, salt: Self.salt, info: Array(label.rawValue.utf8), outputByteCount: 32)
        }
        pseudonymKey = derive(.pseudonym)
        contributionKey = derive(.contributionId)
        peerAuthKey = derive(.peerAuth)
        fingerprint = String(derive(.fingerprint).withUnsafeBytes { Hex.encode($0) }.prefix(32))
    }

    /// `hex(HMAC(pseudonym subkey, deploymentId))`: stable, unguessable without the key.
    package func pseudonym(deploymentId: String) -> String {
        Hex.encode(HMAC<SHA256>.authenticationCode(for: Array(deploymentId.utf8), using: pseudonymKey))
    }

    /// `hex(HMAC(contribution-id subkey, pseudonym ‖ 0x00 ‖ migrationId))`.
    ///
    /// Keyed on the pseudonym rather than the raw deployment id, which the gateway no longer
    /// holds after the token was made; the pseudonym is itself a keyed function of that id.
    package func contributionId(pseudonym: String, migrationId: String) -> String {
        var message = Array(pseudonym.utf8)
        message.append(0)
        message.append(contentsOf: migrationId.utf8)
        return Hex.encode(HMAC<SHA256>.authenticationCode(for: message, using: contributionKey))
    }

    /// A keyed digest of a canonical request body: tells a retry from a different body
    /// without storing anything that could be brute-forced back to the body.
    package func requestDigest(canonicalBody: Data) -> String {
        var message = Array("request\u{0}".utf8)
        message.append(contentsOf: canonicalBody)
        return Hex.encode(HMAC<SHA256>.authenticationCode(for: message, using: contributionKey))
    }

    package var description: String { "KeyRing(fingerprint: \(fingerprint))" }
}
