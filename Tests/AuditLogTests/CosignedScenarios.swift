import AuditLog
import Foundation

/// The two-segment log of `SegmentedLog` with every checkpoint cosigned by one witness
/// (`gw-b`, C2SP `cosignature/v1`), and the cases both verifiers must judge alike when given
/// the witness's key (`--witness-key`, `--min-witnesses`).
struct CosignedScenario: Sendable, CustomStringConvertible {
    let name: String
    let export: [UInt8]
    let minWitnesses: Int
    let expected: String?

    var description: String { name }

    static let witness = try! AuditSigningKey(rawRepresentation: [UInt8](repeating: 5, count: 32))
    static let forger = try! AuditSigningKey(rawRepresentation: [UInt8](repeating: 6, count: 32))

    /// Adds a cosignature by `key` (claiming the witness's key id) to a checkpoint line.
    static func cosign(_ line: [UInt8], by key: AuditSigningKey) -> [UInt8] {
        let prefix = Array(AuditExportFormat.checkpointPrefix.utf8)
        guard line.starts(with: prefix), let data = Data(base64Encoded: String(decoding: line.dropFirst(prefix.count), as: UTF8.self)),
            let note = try? SignedNote(bytes: data), let checkpoint = try? TreeCheckpoint(body: note.text)
        else { return line }
        let cosignature = try! Cosignature(signing: checkpoint, witness: "gw-b", key: key, timestamp: 1_800_000_000)
        var signature = try! cosignature.noteSignature(key: witness.publicKey)
        signature = try! NoteSignature(
            keyName: "gw-b", keyID: Cosignature.keyID(name: "gw-b", key: witness.publicKey), signature: signature.signature)
        let cosigned = try! note.adding(signature)
        return Array((AuditExportFormat.checkpointPrefix + Data(cosigned.serialized.utf8).base64EncodedString()).utf8)
    }

    /// Adds a line under another name whose key id is the log key's under that name (what a
    /// 32-bit key id collision would give a peer): it is not the log's signature.
    /// With `witnessKey`, the key id is that witness key's instead.
    static func addColliding(_ line: [UInt8], witnessKey: AuditPublicKey? = nil) -> [UInt8] {
        let prefix = Array(AuditExportFormat.checkpointPrefix.utf8)
        guard line.starts(with: prefix), let data = Data(base64Encoded: String(decoding: line.dropFirst(prefix.count), as: UTF8.self)),
            let note = try? SignedNote(bytes: data), let checkpoint = try? TreeCheckpoint(body: note.text)
        else { return line }
        let key = checkpoint.origin == SegmentedLog.secondOrigin ? SegmentedLog.secondKey : SegmentedLog.firstKey
        let keyID = witnessKey.map { Cosignature.keyID(name: "gw-z", key: $0) } ?? key.publicKey.keyID(name: "gw-z")
        let colliding = try! NoteSignature(keyName: "gw-z", keyID: keyID, signature: [UInt8](repeating: 3, count: 72))
        let added = try! note.adding(colliding)
        return Array((AuditExportFormat.checkpointPrefix + Data(added.serialized.utf8).base64EncodedString()).utf8)
    }

    static let all: [CosignedScenario] = {
        let lines = SegmentedLog.kept.exportLines
        let cosigned = lines.map { cosign($0, by: witness) }
        var forged = cosigned
        forged[16] = cosign(lines[16], by: forger)
        let colliding = cosigned.map { addColliding($0) }
        return [
            CosignedScenario(name: "cosigned, one witness required", export: TestLog.join(cosigned), minWitnesses: 1, expected: nil),
            CosignedScenario(name: "not cosigned, none required", export: TestLog.join(lines), minWitnesses: 0, expected: nil),
            CosignedScenario(
                name: "a line under another name with the log key's id is ignored", export: TestLog.join(colliding), minWitnesses: 1,
                expected: nil),
            CosignedScenario(
                name: "a forged cosignature", export: TestLog.join(forged), minWitnesses: 0,
                expected: "FAIL cosignature-bad-signature line=17"),
            CosignedScenario(
                name: "not cosigned, one witness required", export: TestLog.join(lines), minWitnesses: 1, expected: "FAIL cosignatures-missing"),
        ]
    }()
}
