import AuditLog
import ErrorCodes
import Foundation
import Testing

/// Signed notes and checkpoints. The PeterNeumann key and note are the published vectors of
/// Go's reference implementation, golang.org/x/mod/sumdb/note (note_test.go: TestNewVerifier,
/// TestSign, TestOpen), copied verbatim.
@Suite("Signed notes, checkpoints and keys")
struct SignedNoteTests {
    static let peterVerifierKey = "PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW"
    static let peterSignerKey = "PRIVATE+KEY+PeterNeumann+c74f20a3+AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz"
    static let enochVerifierKey = "EnochRoot+af0cfe78+ATtqJ7zOtqQtYqOo0CpvDXNlMhV3HeJDpjrASKGLWdop"
    static let text =
        "If you think cryptography is the answer to your problem,\n"
        + "then you don't know what your problem is.\n"
    static let peterSig = "— PeterNeumann x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=\n"
    static let enochSig = "— EnochRoot rwz+eBzmZa0SO3NbfRGzPCpDckykFXSdeX+MNtCOXm2/5n2tiOHp+vAF1aGrQ5ovTG01oOTGwnWLox33WWd1RvMc+QQ=\n"

    static var peterSigningKey: AuditSigningKey {
        // PRIVATE+KEY+<name>+<id>+<base64(0x01 || seed)>; the base64 itself may contain "+".
        let encoded = peterSignerKey.split(separator: "+", omittingEmptySubsequences: false).dropFirst(4).joined(separator: "+")
        let seed = Data(base64Encoded: encoded)!
        return try! AuditSigningKey(rawRepresentation: seed.dropFirst())  // drop the 0x01 algorithm byte
    }

    @Test func verifierKeyTextAndKeyIDMatchReference() throws {
        let verifier = try NoteVerifierKey(text: Self.peterVerifierKey)
        #expect(verifier.name == "PeterNeumann")
        #expect(verifier.keyID == 0xc74f_20a3)
        #expect(verifier.text == Self.peterVerifierKey)
        #expect(Self.peterSigningKey.publicKey == verifier.publicKey)
        let enoch = try NoteVerifierKey(text: Self.enochVerifierKey)
        #expect(enoch.keyID == 0xaf0c_fe78)
        // Manglings from TestNewVerifier.
        for bad in [
            "PeterNeumann+cc469956+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TWBADKEY==",
            "PeterNeumann+173116ae+ZRpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW",
            "PeterNeumann+c74f20a4+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW",
            "PeterNeumann+c74f20a3",
            "Peter Neumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW",
        ] {
            #expect(throws: AuditLogError.self) { try NoteVerifierKey(text: bad) }
        }
    }

    @Test func publishedNoteVerifies() throws {
        let note = try SignedNote(parsing: Self.text + "\n" + Self.peterSig)
        #expect(note.text == Self.text)
        #expect(note.signatures.count == 1)
        #expect(note.signatures[0].keyName == "PeterNeumann")
        #expect(note.signatures[0].keyID == 0xc74f_20a3)
        #expect(note.serialized == Self.text + "\n" + Self.peterSig)
        let verifier = try NoteVerifierKey(text: Self.peterVerifierKey)
        #expect(verifier.verify(note: note) == .verified)
        #expect(verifier.publicKey.verify(note: note) == .verified)
        let tampered = try SignedNote(parsing: Self.text.replacingOccurrences(of: "cryptography", with: "cryptographY") + "\n" + Self.peterSig)
        #expect(verifier.publicKey.verify(note: tampered) == .badSignature)
    }

    @Test func otherKeysSignaturesAreIgnoredButNeeded() throws {
        let peter = try NoteVerifierKey(text: Self.peterVerifierKey)
        let enoch = try NoteVerifierKey(text: Self.enochVerifierKey)
        let both = try SignedNote(parsing: Self.text + "\n" + Self.peterSig + Self.enochSig)
        #expect(peter.publicKey.verify(note: both) == .verified)
        #expect(enoch.publicKey.verify(note: both) == .verified)
        let onlyEnoch = try SignedNote(parsing: Self.text + "\n" + Self.enochSig)
        #expect(peter.publicKey.verify(note: onlyEnoch) == .unknownKey)
        #expect(peter.verify(note: onlyEnoch) == .unknownKey)
        // TestOpen's "invalid signature": bytes inserted into the signature.
        let sig = Self.peterSig
        let broken = String(sig.prefix(60)) + "ABCD" + String(sig.dropFirst(60))
        let invalid = try SignedNote(parsing: Self.text + "\n" + broken)
        #expect(peter.publicKey.verify(note: invalid) == .badSignature)
    }

    /// Ed25519 is deterministic (RFC 8032), so signing the published text with the published
    /// key must reproduce the published note byte for byte. (Apple's CryptoKit randomizes
    /// Ed25519 signatures, so this exact-bytes check only runs where BoringSSL signs.)
    @Test func signingReproducesPublishedNote() throws {
        let note = try Self.peterSigningKey.signNote(text: Self.text, keyName: "PeterNeumann")
        #if !canImport(CryptoKit)
            #expect(note.serialized == Self.text + "\n" + Self.peterSig)
        #endif
        #expect(try NoteVerifierKey(text: Self.peterVerifierKey).verify(note: note) == .verified)
    }

    @Test(arguments: [
        text,
        text + "\n",
        text + "\n" + String(peterSig.dropLast()),
        "\u{01}" + text + "\n" + peterSig,
        text + "\n" + "— Bad Name x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=",
        text + "\n" + peterSig + "Unexpected line.\n",
        text + "\n" + String(repeating: peterSig, count: 101),
        text + "\n" + "- PeterNeumann x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=\n",
        text + "\n" + "— PeterNeumann x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM\n",
    ])
    func malformedNotes(_ note: String) {
        // From TestOpen's badMsgs, plus an ASCII hyphen and unpadded base64.
        #expect(throws: AuditLogError.self) { try SignedNote(parsing: note) }
    }

    @Test func invalidUTF8NoteIsMalformed() {
        #expect(throws: AuditLogError.self) { try SignedNote(bytes: [0xFF] + Array((Self.text + "\n" + Self.peterSig).utf8)) }
    }

    @Test func checkpointBodyFormat() throws {
        let root = MerkleHash(hex: "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328")!
        let checkpoint = try TreeCheckpoint(origin: "example.com/log", size: 8, rootHash: root)
        #expect(checkpoint.body == "example.com/log\n8\nXcnaeacGWamtVZy3Ad7ZoqudgjqtL0lgz+Nw7/RgQyg=\n")
        #expect(try TreeCheckpoint(body: checkpoint.body) == checkpoint)
        let withExtension = try TreeCheckpoint(body: checkpoint.body + "ext line\n")
        #expect(withExtension.extensionLines == ["ext line"])
        for bad in [
            "example.com/log\n8\nXcnaeacGWamtVZy3Ad7ZoqudgjqtL0lgz+Nw7/RgQyg=",
            "example.com/log\n08\nXcnaeacGWamtVZy3Ad7ZoqudgjqtL0lgz+Nw7/RgQyg=\n",
            "example.com/log\n-8\nXcnaeacGWamtVZy3Ad7ZoqudgjqtL0lgz+Nw7/RgQyg=\n",
            "example.com/log\n18446744073709551616\nXcnaeacGWamtVZy3Ad7ZoqudgjqtL0lgz+Nw7/RgQyg=\n",
            "example.com/log\n8\nXcnaeacGWamtVZy3Ad7ZoqudgjqtL0lgz+Nw7/RgQy=\n",
            "example.com/log\n8\nXcnaeacGWamtVZy3Ad7ZoqudgjqtL0lgz+Nw7/RgQyh=\n",
            "\n8\nXcnaeacGWamtVZy3Ad7ZoqudgjqtL0lgz+Nw7/RgQyg=\n",
            "example.com/log\n8\n",
            "example.com/log\n8\nXcnaeacGWamtVZy3Ad7ZoqudgjqtL0lgz+Nw7/RgQyg=\n\n",
        ] {
            #expect(throws: AuditLogError.self, "\(bad)") { try TreeCheckpoint(body: bad) }
        }
    }

    @Test func signedCheckpointOpensOnlyWithItsKey() throws {
        let key = AuditSigningKey()
        let other = AuditSigningKey()
        let checkpoint = try TreeCheckpoint(origin: "patterngate.test/a", size: 3, rootHash: MerkleTree.emptyRoot)
        let note = try key.signCheckpoint(checkpoint)
        let bytes = Array(note.serialized.utf8)
        #expect(note.serialized.hasPrefix(checkpoint.body + "\n— patterngate.test/a "))
        #expect(key.publicKey.openCheckpoint(bytes) == .verified(checkpoint, note))
        #expect(other.publicKey.openCheckpoint(bytes) == .unknownKey)
        // A line that claims the key (right name and id) with another key's signature.
        let forged = try SignedNote(
            text: note.text,
            signatures: [
                NoteSignature(
                    keyName: "patterngate.test/a", keyID: key.publicKey.keyID(name: "patterngate.test/a"),
                    signature: other.signature(for: Array(note.text.utf8)))
            ])
        #expect(key.publicKey.openCheckpoint(Array(forged.serialized.utf8)) == .badSignature)
        guard case .malformed(let error) = key.publicKey.openCheckpoint(Array("garbage\n".utf8)) else {
            Issue.record("garbage should be malformed")
            return
        }
        #expect(error.code == "malformed-note")
    }

    @Test func publicKeyPEMRoundTrip() throws {
        let key = Self.peterSigningKey.publicKey
        let pem = key.pem
        #expect(pem == "-----BEGIN PUBLIC KEY-----\nMCowBQYDK2VwAyEAGlzZBxQ8OExB6DDFvOEqqIF+xWSaqr8sMTiLNbLXRNY=\n-----END PUBLIC KEY-----\n")
        #expect(try AuditPublicKey(pem: pem) == key)
        #expect(try AuditPublicKey(pem: "\r\n" + pem.replacingOccurrences(of: "\n", with: "\r\n")) == key)
        #expect(Array(key.derRepresentation.prefix(12)) == hexBytes("302a300506032b6570032100"))
        #expect(key.fingerprint.hasPrefix("SHA256:") && key.fingerprint.count == 71)
        #expect(throws: AuditLogError.self) { try AuditPublicKey(pem: "-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----\n") }
        #expect(throws: AuditLogError.self) { try AuditPublicKey(rawRepresentation: [UInt8](repeating: 1, count: 31)) }
    }

    @Test func signingKeyNeverPrintsKeyBytes() throws {
        let key = AuditSigningKey()
        let raw = key.rawRepresentation
        #expect(raw.count == 32)
        #expect(try AuditSigningKey(rawRepresentation: raw).publicKey == key.publicKey)
        var dumped = ""
        dump(key, to: &dumped)
        let renderings = [String(describing: key), String(reflecting: key), "\(key)", dumped]
        let secretForms = [
            Data(raw).base64EncodedString(), raw.map { String(format: "%02x", $0) }.joined(),
            raw.map(String.init).joined(separator: ", "),
        ]
        for rendering in renderings {
            #expect(rendering.contains(key.publicKey.fingerprint))
            for secret in secretForms { #expect(!rendering.contains(secret)) }
        }
        #expect(throws: AuditLogError.self) { try AuditSigningKey(rawRepresentation: [1, 2, 3]) }
    }
}
