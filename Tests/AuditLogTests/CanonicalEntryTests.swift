import AuditLog
import Foundation
import TestSupport
import Testing

@Suite("Canonical entry lines")
struct CanonicalEntryTests {
    private func text(_ entry: AuditEntry) -> String { String(decoding: entry.canonicalLine(), as: UTF8.self) }

    @Test func fixedFieldOrderAndNoWhitespace() throws {
        let entry = try AuditEntry(
            seq: 42, time: "2025-11-25T11:49:00.123Z", actorRole: "deployment", actorId: "ab12",
            action: "consent.granted", subject: "cd34",
            details: ["zeta": .count(-7), "alpha": .list(["x", "y"]), "Mid": .text("v"), "empty": .list([])])
        #expect(
            text(entry)
                == #"{"action":"consent.granted","actor":{"id":"ab12","role":"deployment"},"details":{"Mid":"v","alpha":["x","y"],"empty":[],"zeta":-7},"seq":42,"subject":"cd34","time":"2025-11-25T11:49:00.123Z"}"#
        )
    }

    @Test func subjectOmittedAndDetailsAlwaysPresent() throws {
        let entry = try AuditEntry(seq: 0, time: "2025-01-01T00:00:00.000Z", actorRole: "officer", actorId: "tok_1", action: "gateway.started")
        #expect(
            text(entry)
                == #"{"action":"gateway.started","actor":{"id":"tok_1","role":"officer"},"details":{},"seq":0,"time":"2025-01-01T00:00:00.000Z"}"#)
    }

    @Test func minimalEscaping() throws {
        let tricky = "q\" b\\ / \u{08}\u{09}\u{0A}\u{0C}\u{0D} \u{00}\u{1F}\u{7F} é 😀 \u{2028}"
        let entry = try AuditEntry(
            seq: 1, time: "2025-01-01T00:00:00.000Z", actorRole: "r", actorId: "i", action: "a",
            details: ["k": .text(tricky)])
        let line = text(entry)
        #expect(
            line.contains(
                #""k":"q\" b\\ / \b\t\n\f\r \u0000\u001f"#
                    + "\u{7F} é 😀 \u{2028}\"}"))
        #expect(!line.utf8.contains { $0 < 0x20 })
        #expect(try AuditEntry(line: entry.canonicalLine()) == entry)
    }

    @Test func roundTripOfManyEntries() throws {
        var generator = SeededGenerator.forTest("roundTripOfManyEntries")
        let alphabet: [Character] = ["a", "Z", "0", "\"", "\\", "/", "\n", "\u{01}", "\u{1F}", "é", "€", "😀", " ", "\u{7F}"]
        func randomString(_ nonEmpty: Bool) -> String {
            let length = Int.random(in: (nonEmpty ? 1 : 0)...12, using: &generator)
            return String((0..<length).map { _ in alphabet.randomElement(using: &generator)! })
        }
        for _ in 0..<300 {
            var details: [String: AuditValue] = [:]
            for _ in 0..<Int.random(in: 0...4, using: &generator) {
                let key = ["id", "count", "ids", "a.b", "A_b-9", "z"].randomElement(using: &generator)!
                switch Int.random(in: 0...2, using: &generator) {
                case 0: details[key] = .text(randomString(false))
                case 1: details[key] = .count(Int.random(in: Int.min...Int.max, using: &generator))
                default: details[key] = .list((0..<Int.random(in: 0...3, using: &generator)).map { _ in randomString(false) })
                }
            }
            let entry = try AuditEntry(
                seq: UInt64.random(in: 0...UInt64.max, using: &generator) >> UInt64.random(in: 0...63, using: &generator),
                time: AuditEntry.timestamp(Date(timeIntervalSince1970: Double.random(in: 0...4_000_000_000, using: &generator))),
                actorRole: randomString(true), actorId: randomString(true), action: randomString(true),
                subject: Bool.random(using: &generator) ? randomString(true) : nil, details: details)
            let line = entry.canonicalLine()
            let decoded = try AuditEntry(line: line)
            #expect(decoded == entry)
            #expect(decoded.canonicalLine() == line)
            let seqOnly = try line.withUnsafeBytes { raw throws(AuditLogError) in try AuditEntry.canonicalSeq(of: raw) }
            #expect(seqOnly == entry.seq)
        }
    }

    @Test func extremeIntegers() throws {
        let entry = try AuditEntry(
            seq: UInt64.max, time: "2025-01-01T00:00:00.000Z", actorRole: "r", actorId: "i", action: "a",
            details: ["min": .count(Int.min), "max": .count(Int.max), "zero": .count(0)])
        #expect(text(entry).contains(#""max":9223372036854775807,"min":-9223372036854775808,"zero":0},"seq":18446744073709551615"#))
        #expect(try AuditEntry(line: entry.canonicalLine()) == entry)
    }

    static let valid = #"{"action":"a","actor":{"id":"i","role":"r"},"details":{"k":"v","n":5},"seq":3,"time":"2025-01-01T00:00:00.000Z"}"#

    static let nonCanonical: [String] = [
        #"{"action":"a","actor":{"id":"i","role":"r"},"details":{"k":"v","n":5},"seq":3,"time":"2025-01-01T00:00:00.000Z"} "#,
        #"{ "action":"a","actor":{"id":"i","role":"r"},"details":{"k":"v","n":5},"seq":3,"time":"2025-01-01T00:00:00.000Z"}"#,
        #"{"actor":{"id":"i","role":"r"},"action":"a","details":{"k":"v","n":5},"seq":3,"time":"2025-01-01T00:00:00.000Z"}"#,
        #"{"action":"a","actor":{"role":"r","id":"i"},"details":{"k":"v","n":5},"seq":3,"time":"2025-01-01T00:00:00.000Z"}"#,
        #"{"action":"a","actor":{"id":"i","role":"r"},"details":{"n":5,"k":"v"},"seq":3,"time":"2025-01-01T00:00:00.000Z"}"#,
        #"{"action":"a","actor":{"id":"i","role":"r"},"details":{"k":"v","k":"v"},"seq":3,"time":"2025-01-01T00:00:00.000Z"}"#,
        #"{"action":"a","actor":{"id":"i","role":"r"},"details":{"k":"v","n":05},"seq":3,"time":"2025-01-01T00:00:00.000Z"}"#,
        #"{"action":"a","actor":{"id":"i","role":"r"},"details":{"k":"v","n":5.0},"seq":3,"time":"2025-01-01T00:00:00.000Z"}"#,
        #"{"action":"a","actor":{"id":"i","role":"r"},"details":{"k":"v","n":-0},"seq":3,"time":"2025-01-01T00:00:00.000Z"}"#,
        #"{"action":"a","actor":{"id":"i","role":"r"},"details":{"k":"v","n":5e0},"seq":3,"time":"2025-01-01T00:00:00.000Z"}"#,
        #"{"action":"a","actor":{"id":"i","role":"r"},"details":{"k":"v","n":9223372036854775808},"seq":3,"time":"2025-01-01T00:00:00.000Z"}"#,
        #"{"action":"a","actor":{"id":"i","role":"r"},"details":{"k":true},"seq":3,"time":"2025-01-01T00:00:00.000Z"}"#,
        #"{"action":"a","actor":{"id":"i","role":"r"},"details":{"k":null},"seq":3,"time":"2025-01-01T00:00:00.000Z"}"#,
        #"{"action":"a","actor":{"id":"i","role":"r"},"details":{"k":[1]},"seq":3,"time":"2025-01-01T00:00:00.000Z"}"#,
        #"{"action":"a","actor":{"id":"i","role":"r"},"details":{"k":{}},"seq":3,"time":"2025-01-01T00:00:00.000Z"}"#,
        #"{"action":"a","actor":{"id":"i","role":"r"},"details":{"bad key":"v"},"seq":3,"time":"2025-01-01T00:00:00.000Z"}"#,
        #"{"action":"a","actor":{"id":"i","role":"r"},"details":{"k":"\/"},"seq":3,"time":"2025-01-01T00:00:00.000Z"}"#,
        #"{"action":"a","actor":{"id":"i","role":"r"},"details":{"k":"\u0041"},"seq":3,"time":"2025-01-01T00:00:00.000Z"}"#,
        #"{"action":"a","actor":{"id":"i","role":"r"},"details":{"k":"\u000a"},"seq":3,"time":"2025-01-01T00:00:00.000Z"}"#,
        #"{"action":"a","actor":{"id":"i","role":"r"},"details":{"k":"\u001F"},"seq":3,"time":"2025-01-01T00:00:00.000Z"}"#,
        #"{"action":"a","actor":{"id":"i","role":"r"},"details":{"k":"\u00e9"},"seq":3,"time":"2025-01-01T00:00:00.000Z"}"#,
        #"{"action":"a","actor":{"id":"i","role":"r"},"details":{"k":"\ud83d\ude00"},"seq":3,"time":"2025-01-01T00:00:00.000Z"}"#,
        #"{"action":"a","actor":{"id":"i","role":"r"},"details":{"k":"v"},"seq":-3,"time":"2025-01-01T00:00:00.000Z"}"#,
        #"{"action":"a","actor":{"id":"i","role":"r"},"details":{"k":"v"},"seq":18446744073709551616,"time":"2025-01-01T00:00:00.000Z"}"#,
        #"{"action":"a","actor":{"id":"i","role":"r"},"details":{"k":"v"},"seq":"3","time":"2025-01-01T00:00:00.000Z"}"#,
        #"{"action":"a","actor":{"id":"i","role":"r"},"details":{"k":"v"},"seq":3,"subject":"","time":"2025-01-01T00:00:00.000Z"}"#,
        #"{"action":"a","actor":{"id":"i","role":"r"},"details":{"k":"v"},"seq":3,"subject":null,"time":"2025-01-01T00:00:00.000Z"}"#,
        #"{"action":"a","actor":{"id":"i","role":"r"},"details":{"k":"v"},"seq":3,"time":"2025-01-01T00:00:00Z"}"#,
        #"{"action":"a","actor":{"id":"i","role":"r"},"details":{"k":"v"},"seq":3,"time":"2025-01-01 00:00:00.000Z"}"#,
        #"{"action":"a","actor":{"id":"i","role":"r"},"details":{"k":"v"},"seq":3,"time":"2025-01-01T00:00:00.000+00:00"}"#,
        #"{"action":"a","actor":{"id":"i","role":"r"},"details":{"k":"v"},"seq":3,"time":"2025-01-01T00:00:00.000Z","extra":1}"#,
        #"{"action":"","actor":{"id":"i","role":"r"},"details":{},"seq":3,"time":"2025-01-01T00:00:00.000Z"}"#,
        #"{"action":"a","actor":{"id":"i","role":"r"},"seq":3,"time":"2025-01-01T00:00:00.000Z"}"#,
        #"{"action":"a","actor":{"id":"i","role":"r"},"details":{},"seq":3}"#,
        "{\"action\":\"a\tb\",\"actor\":{\"id\":\"i\",\"role\":\"r\"},\"details\":{},\"seq\":3,\"time\":\"2025-01-01T00:00:00.000Z\"}",
        #"{"action":"a","actor":{"id":"i","role":"r"},"details":{},"seq":3,"time":"2025-01-01T00:00:00.000Z"}"# + "\r",
    ]

    @Test func validBaseline() throws {
        let entry = try AuditEntry(line: Array(Self.valid.utf8))
        #expect(entry.seq == 3)
        #expect(entry.details == ["k": .text("v"), "n": .count(5)])
    }

    @Test(arguments: nonCanonical)
    func rejectsNonCanonical(_ line: String) {
        #expect(throws: AuditLogError.self) { try AuditEntry(line: Array(line.utf8)) }
        let bytes = Array(line.utf8)
        #expect(throws: AuditLogError.self) {
            try bytes.withUnsafeBytes { raw throws(AuditLogError) in try AuditEntry.canonicalSeq(of: raw) }
        }
    }

    @Test func rejectsInvalidUTF8() {
        let valid = Array(Self.valid.utf8)
        let position = valid.firstIndex(of: UInt8(ascii: "v"))!
        for bad: [UInt8] in [[0xC0, 0xAF], [0xED, 0xA0, 0x80], [0xF4, 0x90, 0x80, 0x80], [0xE2, 0x82], [0x80], [0xFF]] {
            var line = valid
            line.replaceSubrange(position...position, with: bad)
            #expect(throws: AuditLogError.self) { try AuditEntry(line: line) }
        }
    }

    /// The allocation-free scanner and the full decoder must accept exactly the same lines.
    @Test func scannerAgreesWithDecoderOnMutations() throws {
        var generator = SeededGenerator.forTest("scannerAgreesWithDecoderOnMutations")
        let base = TestLog.entry(4).canonicalLine()
        let interesting: [UInt8] = [
            0x00, 0x0A, 0x20, 0x22, 0x2C, 0x2D, 0x30, 0x35, 0x3A, 0x5B, 0x5C, 0x5D, 0x61, 0x75, 0x7B, 0x7D, 0x80, 0xC3, 0xE9, 0xFF,
        ]
        var accepted = 0
        for _ in 0..<5_000 {
            var line = base
            for _ in 0..<Int.random(in: 1...3, using: &generator) {
                let position = Int.random(in: 0..<line.count, using: &generator)
                switch Int.random(in: 0...2, using: &generator) {
                case 0: line[position] = interesting.randomElement(using: &generator)!
                case 1: line.remove(at: position)
                default: line.insert(interesting.randomElement(using: &generator)!, at: position)
                }
            }
            let full = try? AuditEntry(line: line)
            let scanned = line.withUnsafeBytes { raw in try? AuditEntry.canonicalSeq(of: raw) }
            #expect((full == nil) == (scanned == nil), "disagreement on \(String(decoding: line, as: UTF8.self))")
            if let full {
                accepted += 1
                #expect(full.canonicalLine() == line)
                #expect(scanned == full.seq)
            }
        }
        print("scannerAgreesWithDecoderOnMutations: \(accepted) mutated lines were still canonical")
    }

    @Test func invalidFieldsAreRefusedAtConstruction() {
        #expect(throws: AuditLogError.self) {
            try AuditEntry(seq: 0, time: "2025-01-01T00:00:00Z", actorRole: "r", actorId: "i", action: "a")
        }
        #expect(throws: AuditLogError.self) {
            try AuditEntry(seq: 0, time: "2025-01-01T00:00:00.000Z", actorRole: "", actorId: "i", action: "a")
        }
        #expect(throws: AuditLogError.self) {
            try AuditEntry(seq: 0, time: "2025-01-01T00:00:00.000Z", actorRole: "r", actorId: "i", action: "a", subject: "")
        }
        #expect(throws: AuditLogError.self) {
            try AuditEntry(
                seq: 0, time: "2025-01-01T00:00:00.000Z", actorRole: "r", actorId: "i", action: "a",
                details: ["no spaces": .count(1)])
        }
    }

    @Test func timestampFormatting() {
        #expect(AuditEntry.timestamp(Date(timeIntervalSince1970: 0)) == "1970-01-01T00:00:00.000Z")
        #expect(AuditEntry.timestamp(Date(timeIntervalSince1970: 1_764_071_340.1239)) == "2025-11-25T11:49:00.123Z")
        #expect(AuditEntry.timestamp(Date(timeIntervalSince1970: 951_782_400)) == "2000-02-29T00:00:00.000Z")
        #expect(AuditEntry.timestamp(Date(timeIntervalSince1970: -1.5)) == "1969-12-31T23:59:58.500Z")
    }
}
