import Crypto

/// The gateway's Ed25519 checkpoint-signing key.
///
/// Printing, interpolating or dumping it shows only the package fingerprint: key bytes leave
/// only through `rawRepresentation`, which the storage layer writes to a 0600 file.
package struct AuditSigningKey: Sendable {
    private let key: Curve25519.Signing.PrivateKey

    /// A fresh random key.
    package init() {
        key = Curve25519.Signing.PrivateKey()
    }

    /// From the 32-byte seed produced by `rawRepresentation`.
    package init(rawRepresentation: some Collection<UInt8>) throws(AuditLogError) {
        let bytes = Array(rawRepresentation)
        guard bytes.count == 32, let key = try? Curve25519.Signing.PrivateKey(rawRepresentation: bytes) else {
            throw .invalidKey("an Ed25519 private key is a 32-byte seed")
        }
        self.key = key
    }

    /// The 32-byte seed. Secret.
    package var rawRepresentation: [UInt8] { Array(key.rawRepresentation) }

    package var publicKey: AuditPublicKey {
        // A key derived from a valid private key is always valid.
        try! AuditPublicKey(rawRepresentation: Array(key.publicKey.rawRepresentation))
    }

    package func signature(for message: some Collection<UInt8>) -> [UInt8] {
        // Ed25519 signing cannot fail for an in-memory key.
        Array(try! key.signature(for: Array(message)))
    }

    /// Signs `text` as a C2SP signed note under `keyName`.
    package func signNote(text: String, keyName: String) throws(AuditLogError) -> SignedNote {
        let keyID = publicKey.keyID(name: keyName)
        let signature = try NoteSignature(keyName: keyName, keyID: keyID, signature: signature(for: Array(text.utf8)))
        return try SignedNote(text: text, signatures: [signature])
    }

    /// Signs a checkpoint body. The key name is conventionally the checkpoint's origin.
    package func signCheckpoint(_ checkpoint: TreeCheckpoint, keyName: String? = nil) throws(AuditLogError) -> SignedNote {
        try signNote(text: checkpoint.body, keyName: keyName ?? checkpoint.origin)
    }
}

extension AuditSigningKey: CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    package var description: String { "AuditSigningKey(public \(publicKey.fingerprint))" }
    package var debugDescription: String { description }
    package var customMirror: Mirror {
        Mirror(self, children: ["publicKeyFingerprint": publicKey.fingerprint], displayStyle: .struct)
    }
}
