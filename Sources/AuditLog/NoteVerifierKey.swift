import Foundation

/// The signed-note verifier key text `<name>+<8 hex key id>+<base64(0x01 || public key)>`,
/// the form Go's `golang.org/x/mod/sumdb/note` and witnesses accept.
package struct NoteVerifierKey: Sendable, Hashable, CustomStringConvertible {
    package let name: String
    package let publicKey: AuditPublicKey

    package init(name: String, publicKey: AuditPublicKey) throws(AuditLogError) {
        guard NoteText.isValidKeyName(name) else { throw .invalidKey("invalid key name") }
        self.name = name
        self.publicKey = publicKey
    }

    package init(text: String) throws(AuditLogError) {
        let parts = text.split(separator: "+", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[1].utf8.count == 8, let id = UInt32(parts[1], radix: 16),
            parts[1] == parts[1].lowercased(),
            let key = NoteText.decodeBase64(parts[2]), key.count == 33, key[0] == 0x01
        else { throw .invalidKey("verifier key must be name+hex key id+base64 key") }
        try self.init(name: String(parts[0]), publicKey: try AuditPublicKey(rawRepresentation: key[1...]))
        guard keyID == id else { throw .invalidKey("key id does not match name and key") }
    }

    package var keyID: UInt32 { publicKey.keyID(name: name) }

    package var text: String {
        name + "+" + NoteText.hex8(keyID) + "+" + NoteText.encodeBase64([0x01] + publicKey.rawRepresentation)
    }

    package var description: String { text }

    /// Like `AuditPublicKey.verify(note:)`, but only lines with this exact name and id count.
    package func verify(note: SignedNote) -> NoteVerification {
        let message = Array(note.text.utf8)
        var verified = false
        for signature in note.signatures where signature.keyName == name && signature.keyID == keyID {
            guard publicKey.isValidSignature(signature.signature, for: message) else { return .badSignature }
            verified = true
        }
        return verified ? .verified : .unknownKey
    }
}
