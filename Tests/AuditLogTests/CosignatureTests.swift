import AuditLog
import Foundation
import TestSupport
import Testing

@Suite("C2SP tlog-cosignature cosignature/v1")
struct CosignatureTests {
    static let logKey = ExportScenario.key
    static let witnessKey = try! AuditSigningKey(rawRepresentation: [UInt8](repeating: 3, count: 32))

    /// The example of C2SP tlog-cosignature: the witness line decodes to its key id, the
    /// timestamp of the spec's `time 1679315147` line and a 64-byte signature.
    @Test func specExampleLineDecodes() throws {
        let note = try SignedNote(
            parsing: """
                example.com/behind-the-sofa
                20852163
                CsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=

                — example.com/behind-the-sofa Az3grlgtzPICa5OS8npVmf1Myq/5IZniMp+ZJurmRDeOoRDe4URYN7u5/Zhcyv2q1gGzGku9nTo+zyWE+xeMcTOAYQ8=
                — witness.example.com/w1 jWbPPwAAAABkGFDLEZMHwSRaJNiIDoe9DYn/zXcrtPHeolMI5OWXEhZCB9dlrDJsX3b2oyin1nPZqhf5nNo0xUe+mbIUBkBIfZ+qnA==

                """)
        let line = try #require(note.signatures.last)
        #expect(line.keyName == "witness.example.com/w1" && line.keyID == 0x8d66_cf3f)
        #expect(line.signature.count == 72)
        #expect(line.signature[0..<8].reduce(UInt64(0)) { $0 << 8 | UInt64($1) } == 1_679_315_147)
        // The spec's signed message for that timestamp.
        let body = try TreeCheckpoint(body: note.text).body
        #expect(
            String(decoding: Cosignature.message(checkpointBody: body, timestamp: 1_679_315_147), as: UTF8.self)
                == "cosignature/v1\ntime 1679315147\nexample.com/behind-the-sofa\n20852163\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n")
    }

    @Test func signVerifyAndForge() throws {
        let checkpoint = try TreeCheckpoint(origin: "gw-a/2026", size: 12, rootHash: MerkleTree.emptyRoot)
        let signed = try Self.logKey.signCheckpoint(checkpoint)
        let cosignature = try Cosignature(signing: checkpoint, witness: "gw-b", key: Self.witnessKey, timestamp: 1_800_000_000)
        let note = try signed.adding(try cosignature.noteSignature(key: Self.witnessKey.publicKey))
        let reparsed = try SignedNote(parsing: note.serialized)
        #expect(Cosignature.verify(note: reparsed, witness: "gw-b", key: Self.witnessKey.publicKey) == .verified)
        // The log's own signature still verifies: the cosignature is just another line.
        #expect(Self.logKey.publicKey.verify(note: reparsed) == .verified)
        #expect(Cosignature.verify(note: signed, witness: "gw-b", key: Self.witnessKey.publicKey) == .unknownKey)
        #expect(Cosignature.verify(note: reparsed, witness: "gw-c", key: Self.witnessKey.publicKey) == .unknownKey)
        // A forged cosignature: right name and key id, another signer.
        let forger = try AuditSigningKey(rawRepresentation: [UInt8](repeating: 4, count: 32))
        let forged = try Cosignature(signing: checkpoint, witness: "gw-b", key: forger, timestamp: 1_800_000_000)
        let forgedLine = try NoteSignature(
            keyName: "gw-b", keyID: Cosignature.keyID(name: "gw-b", key: Self.witnessKey.publicKey),
            signature: withUnsafeBytes(of: UInt64(1_800_000_000).bigEndian) { Array($0) } + forged.signature)
        #expect(Cosignature.verify(note: try signed.adding(forgedLine), witness: "gw-b", key: Self.witnessKey.publicKey) == .badSignature)
        // Another timestamp than the signed one fails too.
        var moved = try cosignature.noteSignature(key: Self.witnessKey.publicKey).signature
        moved[7] ^= 1
        let movedLine = try NoteSignature(keyName: "gw-b", keyID: Cosignature.keyID(name: "gw-b", key: Self.witnessKey.publicKey), signature: moved)
        #expect(Cosignature.verify(note: try signed.adding(movedLine), witness: "gw-b", key: Self.witnessKey.publicKey) == .badSignature)
        // The note-verifier key id (type 0x01) differs from the cosigner's (type 0x04).
        #expect(Cosignature.keyID(name: "gw-b", key: Self.witnessKey.publicKey) != Self.witnessKey.publicKey.keyID(name: "gw-b"))
    }

    @Test func verifierKeyRoundTrip() throws {
        let text = Cosignature.verifierKey(name: "gw-b", key: Self.witnessKey.publicKey)
        #expect(text.hasPrefix("gw-b+") && text.split(separator: "+").count == 3)
        let parsed = try #require(Cosignature.parseVerifierKey(text))
        #expect(parsed.name == "gw-b" && parsed.key == Self.witnessKey.publicKey)
        #expect(Cosignature.parseVerifierKey(text.replacingOccurrences(of: "gw-b+", with: "gw-c+")) == nil)
        let noteKey = try NoteVerifierKey(name: "gw-b", publicKey: Self.witnessKey.publicKey).text
        #expect(Cosignature.parseVerifierKey(noteKey) == nil)
    }

    /// openssl verifies a cosignature over the message the spec defines.
    @Test func opensslVerifiesACosignature() throws {
        let directory = try makeTemporaryDirectory("cosignature-tests")
        defer { try? FileManager.default.removeItem(at: directory) }
        let checkpoint = try TreeCheckpoint(origin: "gw-a/2026", size: 3, rootHash: MerkleTree.emptyRoot)
        let cosignature = try Cosignature(signing: checkpoint, witness: "gw-b", key: Self.witnessKey, timestamp: 1_679_315_147)
        let keyPath = directory.appendingPathComponent("witness.pem")
        try Self.witnessKey.publicKey.pem.write(to: keyPath, atomically: true, encoding: .utf8)
        let message = directory.appendingPathComponent("message")
        try Data(("cosignature/v1\ntime 1679315147\n" + checkpoint.body).utf8).write(to: message)
        let signature = directory.appendingPathComponent("sig")
        try Data(cosignature.signature).write(to: signature)
        let verified = try PythonVerifierTests.run(
            "openssl", ["pkeyutl", "-verify", "-pubin", "-inkey", keyPath.path, "-rawin", "-in", message.path, "-sigfile", signature.path])
        #expect(verified.status == 0, "\(verified.stdout) \(verified.stderr)")
    }
}
