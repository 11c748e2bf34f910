import Crypto
import Foundation

/// The Ed25519 key that verifies a gateway's checkpoints. Auditors get it out of band
/// (`audit-public.pem`), so it round-trips through PEM SubjectPublicKeyInfo for `openssl`.
package struct AuditPublicKey: Sendable, Hashable {
    /// The 32 raw key bytes.
    package let rawRepresentation: [UInt8]

    /// DER of SubjectPublicKeyInfo for Ed25519, before the 32 key bytes (RFC 8410).
    static let spkiPrefix: [UInt8] = [0x30, 0x2a, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x03, 0x21, 0x00]

    package init(rawRepresentation: some Collection<UInt8>) throws(AuditLogError) {
        let bytes = Array(rawRepresentation)
        guard bytes.count == 32, (try? Curve25519.Signing.PublicKey(rawRepresentation: bytes)) != nil else {
            throw .invalidKey("an Ed25519 public key is 32 bytes")
        }
        self.rawRepresentation = bytes
    }

    package init(pem: String) throws(AuditLogError) {
        let lines = pem.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }
            .filter { !$0.isEmpty }
        guard let begin = lines.firstIndex(of: "-----BEGIN PUBLIC KEY-----"),
            let end = lines.firstIndex(of: "-----END PUBLIC KEY-----"), begin < end,
            let der = Data(base64Encoded: lines[(begin + 1)..<end].joined())
        else { throw .invalidKey("not a PEM public key") }
        try self.init(derRepresentation: der)
    }

    package init(derRepresentation der: some Collection<UInt8>) throws(AuditLogError) {
        let bytes = Array(der)
        guard bytes.count == Self.spkiPrefix.count + 32, bytes.starts(with: Self.spkiPrefix) else {
            throw .invalidKey("not an Ed25519 SubjectPublicKeyInfo")
        }
        try self.init(rawRepresentation: bytes[Self.spkiPrefix.count...])
    }

    package var derRepresentation: [UInt8] { Self.spkiPrefix + rawRepresentation }

    /// `-----BEGIN PUBLIC KEY-----` text, as `openssl pkey -pubout` writes it.
    package var pem: String {
        "-----BEGIN PUBLIC KEY-----\n" + Data(derRepresentation).base64EncodedString()
            + "\n-----END PUBLIC KEY-----\n"
    }

    /// `SHA256:<hex of SHA-256 over the DER>`, the same as
    /// `openssl pkey -pubin -in audit-public.pem -outform DER | sha256sum`, to compare out of band.
    package var fingerprint: String {
        "SHA256:" + MerkleHash(digest: SHA256.hash(data: derRepresentation)).hex
    }

    /// C2SP signed-note key id for this key under `name`: SHA-256(name || 0x0A || type || key)[:4],
    /// `type` 0x01 for note signatures, 0x04 for `cosignature/v1`.
    package func keyID(name: String, type: UInt8 = 0x01) -> UInt32 {
        let digest = SHA256.hash(data: Array(name.utf8) + [0x0A, type] + rawRepresentation)
        return digest.prefix(4).reduce(UInt32(0)) { $0 << 8 | UInt32($1) }
    }

    package func isValidSignature(_ signature: some Collection<UInt8>, for message: some Collection<UInt8>) -> Bool {
        guard let key = try? Curve25519.Signing.PublicKey(rawRepresentation: rawRepresentation) else { return false }
        let signature = Array(signature)
        guard signature.count == 64 else { return false }
        return key.isValidSignature(signature, for: Array(message))
    }

    /// Checks the note's signature lines that claim this key. The key id depends on the key name,
    /// so a line claims this key when its id equals `keyID(name: line's name)`; other lines
    /// (e.g. peers' cosignatures) are ignored. Any claiming line that fails is a bad signature.
    /// With `name`, only lines under that key name can claim the key.
    package func verify(note: SignedNote, name: String? = nil) -> NoteVerification {
        let message = Array(note.text.utf8)
        var verified = false
        for signature in note.signatures where (name == nil || signature.keyName == name) && signature.keyID == keyID(name: signature.keyName) {
            guard isValidSignature(signature.signature, for: message) else { return .badSignature }
            verified = true
        }
        return verified ? .verified : .unknownKey
    }

    /// Parses a serialized signed note holding a checkpoint and verifies it with this key.
    package func openCheckpoint(_ note: some Collection<UInt8>) -> CheckpointVerification {
        let parsed: SignedNote
        let checkpoint: TreeCheckpoint
        do throws(AuditLogError) {
            parsed = try SignedNote(bytes: note)
            checkpoint = try TreeCheckpoint(body: parsed.text)
        } catch {
            return .malformed(error)
        }
        // Only lines under the checkpoint's origin (the log's key name) can claim the log key: a
        // cosignature line under another name whose 32-bit key id happens to match is not one.
        switch verify(note: parsed, name: checkpoint.origin) {
        case .verified: return .verified(checkpoint, parsed)
        case .unknownKey: return .unknownKey
        case .badSignature: return .badSignature
        }
    }
}

/// Outcome of checking a note's signatures against one key.
package enum NoteVerification: Sendable, Hashable {
    case verified
    /// No signature line claims the key.
    case unknownKey
    /// A line claims the key but its signature does not verify.
    case badSignature
}

/// Outcome of opening a signed checkpoint: verdicts, not errors, because each is an answer an
/// auditor needs to see.
package enum CheckpointVerification: Sendable, Hashable {
    case verified(TreeCheckpoint, SignedNote)
    case malformed(AuditLogError)
    case unknownKey
    case badSignature
}
