import AuditLog
import Foundation

/// A two-segment log with a key hand-over, as the gateway writes it, in two exports: both
/// segments kept, and the first one retired (the second then records the retirement).
///
/// Kept export lines: 1 header, 2 `segment 2026`, 3–5 seq 0–2, 6 checkpoint 3, 7–8 seq 3–4,
/// 9 seq 5 (hand-over), 10 checkpoint 6, 11 `segment 2026.2`, 12 seq 0 (opening), 13–16 seq 1–4,
/// 17 checkpoint 5.
/// Retired export lines: 1 header, 2 `retired 2026 …`, 3 `segment 2026.2`, 4 seq 0 (opening),
/// 5–8 seq 1–4, 9 seq 5 (`audit.segment.retired`), 10 checkpoint 6.
struct SegmentedLog {
    static let firstKey = ExportScenario.key
    static let secondKey = try! AuditSigningKey(rawRepresentation: [UInt8](repeating: 11, count: 32))
    static let firstOrigin = "gw-a/2026"
    static let secondOrigin = "gw-a/2026.2"

    let exportLines: [[UInt8]]
    /// Every signed note by segment name and size.
    let notes: [String: [UInt64: SignedNote]]
    let retired: RetiredSegment

    static let kept = SegmentedLog(retireFirst: false, recordRetirement: false)
    static let retiredFirst = SegmentedLog(retireFirst: true, recordRetirement: true)
    static let retiredUnrecorded = SegmentedLog(retireFirst: true, recordRetirement: false)

    static func entry(seq: UInt64, index: Int) -> AuditEntry {
        let base = TestLog.entry(index)
        return try! AuditEntry(
            seq: seq, time: base.time, actorRole: base.actorRole, actorId: base.actorId, action: base.action, subject: base.subject,
            details: base.details)
    }

    static func chainEntry(seq: UInt64, index: Int, action: String, details: [String: AuditValue]) -> AuditEntry {
        try! AuditEntry(
            seq: seq, time: TestLog.entry(index).time, actorRole: "system", actorId: "gateway", action: action, details: details)
    }

    init(retireFirst: Bool, recordRetirement: Bool) {
        // Segment 2026: five entries, then the hand-over to 2026.2 and its new key.
        let handOver = try! SegmentHandOver(next: "2026.2", nextOrigin: Self.secondOrigin, nextKey: Self.secondKey.publicKey)
        var first = (0..<5).map { Self.entry(seq: UInt64($0), index: $0) }
        first.append(Self.chainEntry(seq: 5, index: 5, action: SegmentHandOver.action, details: handOver.details))
        let firstLines = first.map { $0.canonicalLine() }
        var notes: [String: [UInt64: SignedNote]] = [:]
        var frontier = MerkleFrontier()
        for (index, line) in firstLines.enumerated() {
            line.withUnsafeBytes { frontier.append(leaf: $0) }
            if index == 2 || index == 5 {
                notes["2026", default: [:]][frontier.size] = try! Self.firstKey.signCheckpoint(
                    TreeCheckpoint(origin: Self.firstOrigin, size: frontier.size, rootHash: frontier.root))
            }
        }
        let final = notes["2026"]![6]!
        let proof = try! MerkleTree.inclusionProof(index: 5, size: 6, leafHashes: firstLines.map { MerkleTree.leafHash($0) })
        retired = try! RetiredSegment(
            name: "2026", origin: Self.firstOrigin, entries: 6, finalCheckpoint: final, handOverLine: firstLines[5], proof: proof.hashes)
        // Segment 2026.2: the opening entry, four entries, maybe the retirement record.
        let opening = SegmentOpening(segment: "2026.2", previous: "2026", previousCheckpoint: final)
        var second = [Self.chainEntry(seq: 0, index: 6, action: SegmentOpening.action, details: opening.details)]
        second += (1..<5).map { Self.entry(seq: UInt64($0), index: 6 + $0) }
        if recordRetirement { second.append(Self.chainEntry(seq: 5, index: 11, action: RetiredSegment.action, details: retired.details)) }
        let secondLines = second.map { $0.canonicalLine() }
        var secondFrontier = MerkleFrontier()
        for line in secondLines { line.withUnsafeBytes { secondFrontier.append(leaf: $0) } }
        let last = try! Self.secondKey.signCheckpoint(
            TreeCheckpoint(origin: Self.secondOrigin, size: secondFrontier.size, rootHash: secondFrontier.root))
        notes["2026.2", default: [:]][secondFrontier.size] = last

        var writer = AuditExportWriter(segmented: true)
        var export: [UInt8] = []
        if retireFirst {
            export += try! writer.append(retired: retired)
        } else {
            export += try! writer.beginSegment(name: "2026", origin: Self.firstOrigin)
            for (index, line) in firstLines.enumerated() {
                export += try! writer.append(entryLine: line)
                if let note = notes["2026"]![UInt64(index + 1)] { export += try! writer.append(checkpoint: note) }
            }
        }
        export += try! writer.beginSegment(name: "2026.2", origin: Self.secondOrigin)
        for line in secondLines { export += try! writer.append(entryLine: line) }
        export += try! writer.append(checkpoint: last)
        export += try! writer.finish()
        exportLines = export.split(separator: 0x0A, omittingEmptySubsequences: false).dropLast().map(Array.init)
        self.notes = notes
    }

    var export: [UInt8] { TestLog.join(exportLines) }

    static let all: [ExportScenario] = {
        var scenarios: [ExportScenario] = []
        func add(_ name: String, _ lines: [[UInt8]], saved: [[UInt8]] = [], _ expected: String?) {
            scenarios.append(ExportScenario(name: "segmented: " + name, export: TestLog.join(lines), saved: saved, expected: expected))
        }
        let lines = kept.exportLines
        add("clean", lines, nil)
        add(
            "clean with saved checkpoints of both segments",
            lines, saved: [Array(kept.notes["2026"]![3]!.serialized.utf8), Array(kept.notes["2026.2"]![5]!.serialized.utf8)], nil)
        add("first segment retired, clean", retiredFirst.exportLines, nil)
        add(
            "first segment retired, its final checkpoint saved", retiredFirst.exportLines,
            saved: [Array(kept.notes["2026"]![6]!.serialized.utf8)], nil)
        let altered = Array(String(decoding: lines[4], as: UTF8.self).replacingOccurrences(of: "deployment", with: "deploymenx").utf8)
        add("an entry of the first segment changed", ExportScenario.replacing(lines, at: 5, with: altered), "FAIL checkpoint-root-mismatch line=6")
        var noHandOver = lines
        noHandOver.remove(at: 8)
        add("hand-over entry dropped", noHandOver, "FAIL checkpoint-misplaced line=9")
        var noTail = lines
        noTail.removeSubrange(6..<10)
        add("hand-over and the entries before it dropped", noTail, "FAIL segment-not-closed line=7")
        let wrongKey = try! firstKey.signCheckpoint(TreeCheckpoint(body: kept.notes["2026.2"]![5]!.text))
        add(
            "second segment signed by the first key", ExportScenario.replacing(lines, at: 17, with: ExportScenario.checkpointLine(wrongKey)),
            "FAIL checkpoint-unknown-key line=17")
        add("successor segment cut", Array(lines.prefix(10)), "FAIL segment-chain-broken")
        var noRetired = retiredFirst.exportLines
        noRetired.remove(at: 1)
        add("retired segment dropped", noRetired, "FAIL segment-chain-broken line=3 seq=0")
        var badProof = retiredFirst.exportLines
        let other = MerkleTree.leafHash(Array("other".utf8)).base64
        let fields = String(decoding: badProof[1], as: UTF8.self).split(separator: " ").map(String.init)
        badProof[1] = Array(
            (fields.dropLast() + [other + "," + fields.last!.split(separator: ",").dropFirst().joined(separator: ",")])
                .joined(separator: " ").utf8)
        add("retired segment's proof altered", badProof, "FAIL retired-segment-invalid line=2")
        add("retirement not recorded", retiredUnrecorded.exportLines, "FAIL retired-not-recorded")
        return scenarios
    }()
}
