import TestSupport
import Testing

@testable import Privacy

/// The gate's entry points read and write text without copies of their own: each shortcut is
/// checked against the plain reading it replaces.
@Suite("Gate entry points: in-place text, stack output, empty matchers")
struct VerificationSpeedTests {
    static let alphabet = Array("  aZ09.-_[]:=@/é€😀\n".unicodeScalars)

    static func randomText(_ generator: inout SeededGenerator, maxLength: Int) -> String {
        var text = String.UnicodeScalarView()
        for _ in 0..<Int.random(in: 0...maxLength, using: &generator) { text.append(alphabet.randomElement(using: &generator)!) }
        return String(text)
    }

    @Test("a text's bytes read in place are its UTF-8, small, large or not ASCII")
    func bytesInPlace() {
        let seed = SeededGenerator.seed(for: "VerificationSpeedTests bytes")
        var generator = SeededGenerator(seed: seed)
        for _ in 0..<500 {
            let text = Self.randomText(&generator, maxLength: 60)
            // A substring's copy and a concatenation: other ways a caller's string is built.
            for candidate in [text, String(text.dropFirst()), text + "x"] {
                let read = UTF8Access.withBytes(of: candidate) { Array($0) }
                #expect(read == Array(candidate.utf8), "seed \(seed)")
            }
        }
    }

    @Test("a sink that starts in the caller's storage holds what an array holds, through every growth")
    func sinkInCallerStorage() {
        let seed = SeededGenerator.seed(for: "VerificationSpeedTests sink")
        var generator = SeededGenerator(seed: seed)
        for _ in 0..<200 {
            let room = Int.random(in: 0...40, using: &generator)
            withUnsafeTemporaryAllocation(of: UInt8.self, capacity: room) { storage in
                var expected: [UInt8] = []
                var sink = ByteSink(startingIn: storage)
                defer { sink.free() }
                for _ in 0..<Int.random(in: 0...12, using: &generator) {
                    let piece = (0..<Int.random(in: 0...30, using: &generator)).map { _ in UInt8.random(in: 0x20...0x7e, using: &generator) }
                    if Bool.random(using: &generator) {
                        for byte in piece { sink.append(byte) }
                    } else {
                        sink.append(contentsOf: piece)
                    }
                    expected += piece
                }
                #expect(sink.count == expected.count, "seed \(seed)")
                #expect(sink.string == String(decoding: expected, as: UTF8.self), "seed \(seed)")
                expected.withUnsafeBufferPointer { #expect(sink.bytesEqual($0), "seed \(seed)") }
                let other = expected + [0x41]
                other.withUnsafeBufferPointer { #expect(!sink.bytesEqual($0), "seed \(seed)") }
                if !expected.isEmpty {
                    var changed = expected
                    changed[changed.count - 1] ^= 1
                    changed.withUnsafeBufferPointer { #expect(!sink.bytesEqual($0), "seed \(seed)") }
                }
            }
        }
    }

    @Test("the anonymizer's output is a String with the bytes it wrote, returned as is when nothing changed")
    func anonymizedStrings() {
        let anonymizer = Anonymizer(policy: testPolicy)
        let seed = SeededGenerator.seed(for: "VerificationSpeedTests anonymizer")
        var generator = SeededGenerator(seed: seed)
        for _ in 0..<300 {
            let text = Self.randomText(&generator, maxLength: 80)
            let once = anonymizer.anonymize(text)
            // The same text twice gives the same bytes; a clean output passes through unchanged.
            #expect(Array(anonymizer.anonymize(text).utf8) == Array(once.utf8), "seed \(seed)")
            #expect(String(decoding: Array(once.utf8), as: UTF8.self) == once, "seed \(seed)")
        }
        for clean in ["ok", "", "the cutover finished"] { #expect(anonymizer.anonymize(clean) == clean) }
    }

    @Test("a matcher without terms (or with terms of no letter or digit) is empty, finds nothing and charges nothing")
    func emptyMatchers() {
        for terms in [[], ["--", " "], [""]] as [[String]] {
            let matcher = SensitiveTermMatcher(terms: terms)
            #expect(matcher.isEmpty)
            var budget = ScanBudget.unlimited
            #expect(matcher.spans(in: "acme corp --", budget: &budget).isEmpty)
            #expect(budget.steps == 0)
        }
        let matcher = SensitiveTermMatcher(terms: ["--", "Acme Corp"])
        #expect(!matcher.isEmpty)
        #expect(matcher.spans(in: "x ACME-CORP y").map(\.range) == [2..<11])
    }

    @Test("the name check finds nothing in a text without a capital, and keeps no word there")
    func nameCheckWithoutCapitals() {
        let check = NameCheck(vocabulary: testPolicy.freeText.vocabulary)
        let lower = Array(" abcmarkjohn'.-,:\n09éàü".utf8)
        let seed = SeededGenerator.seed(for: "VerificationSpeedTests name check")
        var generator = SeededGenerator(seed: seed)
        for _ in 0..<500 {
            let text = (0..<Int.random(in: 0...120, using: &generator)).map { _ in lower.randomElement(using: &generator)! }
            text.withUnsafeBufferPointer { bytes in
                var words: [NameCheck.Word] = []
                NameCheck.words(bytes) { words.append($0) }
                #expect(words.isEmpty, "seed \(seed)")
                var found: [DetectedSpan] = []
                check.violations(bytes, into: &found)
                #expect(found.isEmpty, "seed \(seed)")
            }
        }
    }
}
