import AuditLog
import Foundation

/// Clean and tampered exports of one 12-entry log (checkpoints after 4, 8 and 12 entries),
/// shared by the Swift verifier tests and the cross-check against `audit/verify.py`.
///
/// Export lines: 1 header, 2–5 seq 0–3, 6 checkpoint 4, 7–10 seq 4–7, 11 checkpoint 8,
/// 12–15 seq 8–11, 16 checkpoint 12.
struct ExportScenario: Sendable, CustomStringConvertible {
    let name: String
    let export: [UInt8]
    let saved: [[UInt8]]
    /// nil for a clean log; else the expected `FAIL ...` prefix (everything before ": ").
    let expected: String?

    var description: String { name }

    static let key = try! AuditSigningKey(rawRepresentation: [UInt8](repeating: 7, count: 32))
    static let otherKey = try! AuditSigningKey(rawRepresentation: [UInt8](repeating: 9, count: 32))
    static let log = TestLog(count: 12, checkpointEvery: 4, key: key)

    static func replacing(_ lines: [[UInt8]], at line: Int, with new: [UInt8]) -> [[UInt8]] {
        var copy = lines
        copy[line - 1] = new
        return copy
    }

    static func checkpointLine(_ note: SignedNote) -> [UInt8] {
        Array((AuditExportFormat.checkpointPrefix + Data(note.serialized.utf8).base64EncodedString()).utf8)
    }

    /// The entry line of seq 5 (export line 8) with its action changed but still canonical.
    static var alteredAction: [UInt8] {
        let text = String(decoding: log.lines[5], as: UTF8.self)
        return Array(text.replacingOccurrences(of: "\"consent.granted\"", with: "\"consent.grantee\"").utf8)
    }

    static let all: [ExportScenario] = {
        let lines = log.exportLines
        var scenarios: [ExportScenario] = []
        func add(_ name: String, _ exportLines: [[UInt8]], saved: [[UInt8]] = [], _ expected: String?) {
            scenarios.append(ExportScenario(name: name, export: TestLog.join(exportLines), saved: saved, expected: expected))
        }
        add("clean", lines, nil)
        add("clean with saved checkpoints", lines, saved: [log.savedNote(size: 12), log.savedNote(size: 4)], nil)
        add("value changed in seq 5", replacing(lines, at: 8, with: alteredAction), "FAIL checkpoint-root-mismatch line=11")
        var brokenQuote = lines[7]
        brokenQuote[brokenQuote.firstIndex(of: UInt8(ascii: ":"))!] = UInt8(ascii: ";")
        add("syntax broken in seq 5", replacing(lines, at: 8, with: brokenQuote), "FAIL entry-not-canonical line=8 seq=5")
        var deleted = lines
        deleted.remove(at: 7)
        add("seq 5 deleted", deleted, "FAIL entry-seq-mismatch line=8 seq=5")
        var reordered = lines
        reordered.swapAt(7, 8)
        add("seq 5 and 6 swapped", reordered, "FAIL entry-seq-mismatch line=8 seq=5")
        add(
            "cut behind a saved checkpoint", Array(lines.prefix(11)), saved: [log.savedNote(size: 12)],
            "FAIL saved-checkpoint-beyond-log saved-checkpoint=1")
        let forged = TestLog(count: 12, checkpointEvery: 4, key: key) { index, entry in
            index == 2
                ? try! AuditEntry(
                    seq: 2, time: entry.time, actorRole: entry.actorRole, actorId: "someone-else",
                    action: entry.action, subject: entry.subject, details: entry.details) : entry
        }
        add(
            "rewritten and re-signed before a saved checkpoint", forged.exportLines, saved: [log.savedNote(size: 4)],
            "FAIL saved-checkpoint-mismatch line=5 seq=3 saved-checkpoint=1")
        let foreign = try! otherKey.signCheckpoint(try! TreeCheckpoint(body: log.notes[8]!.text))
        add(
            "checkpoint signed by another key", replacing(lines, at: 11, with: checkpointLine(foreign)),
            "FAIL checkpoint-unknown-key line=11")
        let original = log.notes[4]!
        var badSignature = original.signatures[0].signature
        badSignature[10] ^= 0x40
        let badNote = try! SignedNote(
            text: original.text,
            signatures: [
                NoteSignature(keyName: original.signatures[0].keyName, keyID: original.signatures[0].keyID, signature: badSignature)
            ])
        add(
            "checkpoint with a bad signature", replacing(lines, at: 6, with: checkpointLine(badNote)),
            "FAIL checkpoint-bad-signature line=6")
        add(
            "saved checkpoint signed by another key", lines, saved: [Array(foreign.serialized.utf8)],
            "FAIL saved-checkpoint-unknown-key saved-checkpoint=1")
        add(
            "saved checkpoint malformed", lines, saved: [Array("not a note\n".utf8)],
            "FAIL saved-checkpoint-malformed saved-checkpoint=1")
        add("last checkpoint removed", Array(lines.prefix(15)), "FAIL tail-not-checkpointed line=12 seq=8")
        add("bad header", replacing(lines, at: 1, with: Array("patterngate-audit-export v3".utf8)), "FAIL bad-header line=1")
        var movedCheckpoint = lines
        let first = movedCheckpoint.remove(at: 5)
        movedCheckpoint.insert(first, at: 10)
        add("checkpoint moved after a later one", movedCheckpoint, "FAIL checkpoint-size-decreased line=11")
        var early = lines
        early.swapAt(9, 10)
        add("checkpoint placed early", early, "FAIL checkpoint-misplaced line=10")
        var blank = lines
        blank.insert([], at: 3)
        add("blank line inserted", blank, "FAIL malformed-line line=4")
        add("no checkpoint at all", [lines[0]], "FAIL no-checkpoint")
        scenarios.append(
            ExportScenario(
                name: "last newline missing", export: Array(log.export.dropLast()), saved: [],
                expected: "FAIL truncated-line line=16"))
        scenarios.append(ExportScenario(name: "empty file", export: [], saved: [], expected: "FAIL bad-header line=1"))
        return scenarios
    }()

    /// The verdict line up to the message, which may be worded differently by each verifier.
    static func prefix(_ summary: String) -> String {
        summary.hasPrefix("OK") ? summary : String(summary.split(separator: ":", maxSplits: 1)[0])
    }
}
