import Foundation
import TestSupport
import Testing

@testable import Privacy

/// The detector passes' shortcuts (issue 14): each answers, and charges, what the reading it
/// stands for answers and charges, on random texts of digits, letters and the bytes the readers
/// stop at (the seed is printed).
@Suite("Detector pass shortcuts")
struct DetectorPassShortcutTests {
    /// Texts that exercise the readers: digits, hex and other letters, and their separators.
    static func texts(seed: UInt64, count: Int) -> [[UInt8]] {
        print("DetectorPassShortcutTests seed \(seed)")
        var random = SeededGenerator(seed: seed)
        let alphabet = Array("0123456789012345678901234567890123456789abcdefxEXAMPLESTQ  \t-./()#:,+%x\\_@\n".utf8)
        return (0..<count).map { _ in
            (0..<Int.random(in: 1...40, using: &random)).map { _ in alphabet.randomElement(using: &random)! }
        }
    }

    @Test func shortNumberChargeIsWhatTheThreeReadersCharge() {
        for text in Self.texts(seed: UInt64.random(in: 0...UInt64.max), count: 20_000) {
            Self.expectShortNumberChargeIsWhatTheReadersCharge(text)
        }
    }

    /// At every digit of `text` where `shortNumberCharge` answers, the card, account id and phone
    /// readers all find nothing and charge exactly that answer (also used by `SpanDetectorSkipTests`).
    static func expectShortNumberChargeIsWhatTheReadersCharge(_ text: [UInt8]) {
        text.withUnsafeBufferPointer { bytes in
            for start in bytes.indices where Bytes.isDigit(bytes[start]) {
                guard let charge = SpanDetectors.shortNumberCharge(bytes, at: start) else { continue }
                var budget = ScanBudget.unlimited
                let card = SpanDetectors.card(bytes, at: start, budget: &budget)
                let accountId = SpanDetectors.dashedAccountId(bytes, at: start, budget: &budget)
                let phone = SpanDetectors.phone(bytes, at: start, budget: &budget)
                #expect(card == nil && accountId == nil && phone == nil, "\(text) at \(start)")
                #expect(budget.steps == charge, "\(text) at \(start)")
            }
        }
    }

    @Test func shortHexChargeIsWhatHexTextCharges() {
        for text in Self.texts(seed: UInt64.random(in: 0...UInt64.max), count: 20_000) {
            text.withUnsafeBufferPointer { bytes in
                // The walk asks `shortNoHexText` at a hex digit (it asks `decimalNoHexText` at two digits and a hex digit).
                for start in bytes.indices where Bytes.isHex(bytes[start]) {
                    guard let charge = ObfuscationScan.shortNoHexText(bytes, at: start) else { continue }
                    var budget = ScanBudget.unlimited
                    #expect(ObfuscationScan.hexText(bytes, at: start, budget: &budget) == nil, "\(text) at \(start)")
                    #expect(budget.steps == charge, "\(text) at \(start)")
                }
            }
        }
    }

    @Test func shortRunsChargeWhatEvaluateCharges() {
        for text in Self.texts(seed: UInt64.random(in: 0...UInt64.max), count: 20_000) {
            text.withUnsafeBufferPointer { bytes in
                withUnsafeTemporaryAllocation(of: IdentifierScan.Piece.self, capacity: IdentifierScan.maxPieces) { storage in
                    withUnsafeTemporaryAllocation(of: UInt8.self, capacity: IdentifierScan.maxWindow) { scratch in
                        scratch.initialize(repeating: 0)
                        var pieces = IdentifierScan.PieceList(storage: storage)
                        for start in bytes.indices where Bytes.isAlnum(bytes[start]) {
                            _ = IdentifierScan.readRun(bytes, from: start, into: &pieces)
                            let run = pieces.view
                            let digits = run.reduce(0) { $0 + $1.digits }, length = run.reduce(0) { $0 + $1.range.count }
                            guard digits > 0, digits < 6, length < IdentifierFamily.lengths.lowerBound,
                                run[0].digits > 0 || !IdentifierScan.technicalPrefix(bytes, run[0])
                            else { continue }
                            var spans: [DetectedSpan] = []
                            var budget = ScanBudget.unlimited
                            IdentifierScan.evaluate(bytes, run, scratch: scratch, into: &spans, budget: &budget)
                            #expect(spans.isEmpty, "\(text) at \(start)")
                            #expect(budget.steps == IdentifierScan.evaluateCharge(run), "\(text) at \(start)")
                        }
                    }
                }
            }
        }
    }

    /// No family but the fiscal code's accepts a window with fewer than `fewestDigits` digits.
    @Test func familiesNeedTheirFewestDigits() {
        var random = SeededGenerator.forTest("familiesNeedTheirFewestDigits")
        let letters = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZ".utf8), digits = Array("0123456789".utf8)
        for family in IdentifierFamily.table where family.kind != .itFiscalCode {
            let lengths = family.groupings.isEmpty ? Array(8...11) : family.groupings.map { $0.reduce(0, +) }
            for length in lengths {
                for _ in 0..<2_000 {
                    var window = (0..<length).map { _ in letters.randomElement(using: &random)! }
                    for _ in 0..<Int.random(in: 0..<IdentifierFamily.fewestDigits, using: &random) {
                        window[Int.random(in: 0..<length, using: &random)] = digits.randomElement(using: &random)!
                    }
                    #expect(!window.withUnsafeBufferPointer { family.check($0) }, "\(family.kind) \(window)")
                }
            }
        }
        #expect(IdentifierFamily.byLength[IdentifierFamily.lettersForDigitsLength].allSatisfy { IdentifierFamily.table[$0].kind == .itFiscalCode })
    }

    /// The last-letter test of `followsCodeWord` keeps every code word and its answers.
    @Test func codeWordTestAgreesWithTheLookup() {
        var words = ["error", "ERRNO", "Code", "status", "sqlstate", "msg", "exit", "exceeded", "port", "after", "TTL", "in", "x"]
        var random = SeededGenerator.forTest("codeWordTestAgreesWithTheLookup")
        let alphabet = Array("abcdegmorstxERST1_".utf8)
        for _ in 0..<5_000 {
            words.append(
                String(decoding: (0..<Int.random(in: 1...13, using: &random)).map { _ in alphabet.randomElement(using: &random)! }, as: UTF8.self))
        }
        for word in words {
            let text = Array("(\(word) 1234".utf8)
            text.withUnsafeBufferPointer { bytes in
                let start = bytes.count - 4
                var wordStart = start - 1
                while wordStart > 0, Bytes.isLetter(bytes[wordStart - 1]), start - wordStart < 12 { wordStart -= 1 }
                let expected = wordStart < start - 1 && SpanDetectors.codeWords.contains(bytes, wordStart..<(start - 1))
                #expect(SpanDetectors.followsCodeWord(bytes, start) == expected, "\(word)")
            }
        }
    }
}
