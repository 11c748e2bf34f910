import AuditLog
import Foundation

func hexBytes(_ hex: String) -> [UInt8] {
    var bytes: [UInt8] = []
    var index = hex.startIndex
    while index < hex.endIndex {
        let next = hex.index(index, offsetBy: 2)
        bytes.append(UInt8(hex[index..<next], radix: 16)!)
        index = next
    }
    return bytes
}

func merkleHash(_ hex: String) -> MerkleHash { MerkleHash(hex: hex)! }

/// A small signed log and its export, built the way the gateway will: entries, a frontier,
/// and a checkpoint every `checkpointEvery` entries plus one at the end.
struct TestLog {
    static let origin = "patterngate.test/gateway-a"

    let key: AuditSigningKey
    var lines: [[UInt8]] = []
    /// Signed checkpoint notes by tree size.
    var notes: [UInt64: SignedNote] = [:]
    /// Export lines without newlines, header first.
    var exportLines: [[UInt8]] = []

    init(
        count: Int, checkpointEvery: Int, key: AuditSigningKey = AuditSigningKey(),
        alter: (Int, AuditEntry) -> AuditEntry = { $1 }
    ) {
        self.key = key
        var frontier = MerkleFrontier()
        var writer = AuditExportWriter()
        var export: [UInt8] = []
        for index in 0..<count {
            let entry = alter(index, TestLog.entry(index))
            let line = entry.canonicalLine()
            lines.append(line)
            line.withUnsafeBytes { frontier.append(leaf: $0) }
            export += try! writer.append(entryLine: line)
            if (index + 1) % checkpointEvery == 0 || index + 1 == count {
                let note = TestLog.sign(frontier, key: key)
                notes[frontier.size] = note
                export += try! writer.append(checkpoint: note)
            }
        }
        if count == 0 {
            let note = TestLog.sign(frontier, key: key)
            notes[0] = note
            export += try! writer.append(checkpoint: note)
        }
        export += try! writer.finish()
        exportLines = export.split(separator: 0x0A, omittingEmptySubsequences: false).dropLast().map(Array.init)
    }

    static func sign(_ frontier: MerkleFrontier, key: AuditSigningKey) -> SignedNote {
        let checkpoint = try! TreeCheckpoint(origin: origin, size: frontier.size, rootHash: frontier.root)
        return try! key.signCheckpoint(checkpoint)
    }

    static func entry(_ index: Int) -> AuditEntry {
        let actions = ["contribution.accepted", "consent.granted", "erasure.requested", "search.performed"]
        let pseudonym = String(repeating: String(index % 16, radix: 16), count: 64)
        return try! AuditEntry(
            seq: UInt64(index),
            time: AuditEntry.timestamp(Date(timeIntervalSince1970: 1_764_072_000 + Double(index) * 1.25)),
            actorRole: index % 5 == 0 ? "officer" : "deployment",
            actorId: index % 5 == 0 ? "tok_\(index)" : pseudonym,
            action: actions[index % actions.count],
            subject: index % 2 == 0 ? pseudonym : nil,
            details: index % 3 == 0 ? [:] : ["count": .count(index), "ids": .list(["c\(index)", "d\(index)"]), "kind": "note é \"q\""])
    }

    /// 1-based export line number of the entry with `seq`, and of the checkpoint of `size`.
    func line(ofSeq seq: Int) -> Int {
        exportLines.firstIndex(of: lines[seq])! + 1
    }

    func line(ofCheckpointSize size: UInt64) -> Int {
        let encoded = Array(
            (AuditExportFormat.checkpointPrefix
                + Data(notes[size]!.serialized.utf8).base64EncodedString()).utf8)
        return exportLines.firstIndex(of: encoded)! + 1
    }

    static func join(_ lines: [[UInt8]]) -> [UInt8] {
        lines.flatMap { $0 + [0x0A] }
    }

    var export: [UInt8] { TestLog.join(exportLines) }

    func savedNote(size: UInt64) -> [UInt8] { Array(notes[size]!.serialized.utf8) }
}
