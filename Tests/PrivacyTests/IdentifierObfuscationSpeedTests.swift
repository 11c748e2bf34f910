import TestSupport
import Testing

@testable import Privacy

/// The identifier and obfuscation passes' word reads (issue 14): each read of fewer than sixteen
/// bytes and each lane mask must give what the byte-at-a-time reading gives, on random bytes
/// (the seed is printed).
@Suite("Identifier and obfuscation speed")
struct IdentifierObfuscationSpeedTests {
    /// `BytePairWords.loadShort` holds a short text's bytes in order, zeros after its end.
    @Test func shortLoadsHoldTheText() {
        var random = SeededGenerator.forTest("shortLoadsHoldTheText")
        for _ in 0..<2_000 {
            for count in 1..<16 {
                let text = random.bytes(count)
                text.withUnsafeBufferPointer { bytes in
                    let pair = BytePairWords.loadShort(bytes)
                    for lane in 0..<16 {
                        let byte = UInt8(truncatingIfNeeded: pair[lane / 8] >> UInt64(8 * (lane % 8)))
                        #expect(byte == (lane < count ? text[lane] : 0), "\(text) lane \(lane)")
                    }
                }
            }
        }
    }

    /// `BytePairWords.lanes(from:to:)` flags exactly the lanes `from..<to`.
    @Test func laneMasksFlagTheirLanes() {
        for from in 0..<16 {
            for to in (from + 1)...16 {
                let (low, high) = BytePairWords.lanes(from: from, to: to)
                for lane in 0..<16 {
                    let flag = ((lane < 8 ? low : high) >> UInt64(8 * (lane % 8))) & 0xff
                    #expect(flag == ((from..<to).contains(lane) ? 0x80 : 0), "\(from)..<\(to) lane \(lane)")
                }
            }
        }
    }

    /// `IdentifierScan.lettersEnd` ends where `ByteWords.runEnd` with the letters test ends, from
    /// every start of random texts of letters and a few other bytes, of every length up to 40.
    @Test func lettersEndIsTheRunEnd() {
        var random = SeededGenerator.forTest("lettersEndIsTheRunEnd")
        let alphabet = Array("abcxyzABCXYZ@[`{ 0.-_\u{80}".utf8)
        for _ in 0..<3_000 {
            let text = (0..<random.below(41)).map { _ in
                random.below(4) == 0 ? alphabet[random.below(alphabet.count)] : UInt8(0x61 + random.below(26))
            }
            text.withUnsafeBufferPointer { bytes in
                for start in bytes.indices {
                    let expected = ByteWords.runEnd(bytes, from: start, ByteWords.letters, byte: Bytes.isLetter)
                    #expect(IdentifierScan.lettersEnd(bytes, from: start) == expected, "\(text) from \(start)")
                }
            }
        }
    }

    /// At a marker's opener or `h`/`H` before every byte (after a word, a space or nothing, and
    /// at the text's end), `ObfuscationScan.scan` finds and charges what the byte walk does.
    @Test func markedBytesBeforeEveryByteAreTheByteWalk() {
        let befores: [[UInt8]] = [[], Array("ab".utf8), Array("ab ".utf8), Array("x [at] ".utf8)]
        let afters: [[UInt8]] = [[], Array("t]".utf8), Array("ot) example.com".utf8), Array("xp://a.b c".utf8), Array(" 6a 6f".utf8)]
        for marked in Array("([{hH".utf8) {
            for next in 0...255 {
                for before in befores {
                    for after in afters {
                        let text = before + [marked, UInt8(next)] + after
                        text.withUnsafeBufferPointer { bytes in
                            var spans: [DetectedSpan] = [], expected: [DetectedSpan] = []
                            var budget = ScanBudget.unlimited, expectedBudget = ScanBudget.unlimited
                            ObfuscationScan.scan(bytes, into: &spans, budget: &budget)
                            SpanDetectorSkipTests.obfuscationByteWalk(bytes, into: &expected, budget: &expectedBudget)
                            #expect(spans == expected, "\(text)")
                            #expect(budget.steps == expectedBudget.steps, "\(text)")
                        }
                    }
                }
            }
            // The marked byte last.
            for before in befores {
                let text = before + [marked]
                text.withUnsafeBufferPointer { bytes in
                    var spans: [DetectedSpan] = [], expected: [DetectedSpan] = []
                    var budget = ScanBudget.unlimited, expectedBudget = ScanBudget.unlimited
                    ObfuscationScan.scan(bytes, into: &spans, budget: &budget)
                    SpanDetectorSkipTests.obfuscationByteWalk(bytes, into: &expected, budget: &expectedBudget)
                    #expect(spans == expected && budget.steps == expectedBudget.steps, "\(text)")
                }
            }
        }
    }

    /// Where `ObfuscationScan.shortNoHexText` answers at two hex digits (every pair, before every
    /// byte and a few continuations), `hexText` answers no and charges the same.
    @Test func shortHexAnswersAreHexText() {
        let digits = Array("0123456789abcdefABCDEF".utf8)
        let afters: [[UInt8]] = [[], Array("6f".utf8), Array(" 6a 6f 68".utf8), Array(":6a:6f:68:6e".utf8), Array("6a6f686e".utf8)]
        for first in digits {
            for second in digits {
                for third in 0...255 {
                    for after in afters {
                        let text = [first, second, UInt8(third)] + after
                        text.withUnsafeBufferPointer { bytes in
                            guard let charge = ObfuscationScan.shortNoHexText(bytes, at: 0) else { return }
                            var budget = ScanBudget.unlimited
                            #expect(ObfuscationScan.hexText(bytes, at: 0, budget: &budget) == nil, "\(text)")
                            #expect(budget.steps == charge, "\(text)")
                        }
                    }
                }
            }
        }
    }

    /// Where `ObfuscationScan.secondPairNoHexText` answers at four hex digits (every first pair,
    /// every second pair, before a few bytes), `hexText` answers no and charges the same.
    @Test func secondPairAnswersAreHexText() {
        let digits = Array("0123456789abcdefABCDEF".utf8)
        let afters: [[UInt8]] = [[], Array(" ".utf8), Array("6f".utf8), Array("g".utf8), Array(":6a".utf8)]
        for a in digits {
            for b in digits {
                for c in digits {
                    for d in digits {
                        for after in afters {
                            let text = [a, b, c, d] + after
                            text.withUnsafeBufferPointer { bytes in
                                guard let charge = ObfuscationScan.secondPairNoHexText(bytes, at: 0) else { return }
                                var budget = ScanBudget.unlimited
                                #expect(ObfuscationScan.hexText(bytes, at: 0, budget: &budget) == nil, "\(text)")
                                #expect(budget.steps == charge, "\(text)")
                            }
                        }
                    }
                }
            }
        }
    }

    /// The Aadhaar and German tax id checks, read from constant tables and a packed count, answer
    /// as the array-based checks they replaced, on random twelve- and eleven-digit numbers.
    @Test func checksWithoutArraysAnswerAsBefore() {
        var random = SeededGenerator.forTest("checksWithoutArraysAnswerAsBefore")
        func aadhaar(_ c: UnsafeBufferPointer<UInt8>) -> Bool {
            guard c.count == 12, c.allSatisfy(Bytes.isDigit), c[0] >= 0x32 else { return false }
            var check = 0
            for (position, i) in (0..<12).reversed().enumerated() {
                check = IdentifierChecks.verhoeffMultiply[check][IdentifierChecks.verhoeffPermute[position % 8][Int(c[i]) - 0x30]]
            }
            return check == 0
        }
        func taxId(_ c: UnsafeBufferPointer<UInt8>) -> Bool {
            guard c.count == 11, c.allSatisfy(Bytes.isDigit), c[0] != 0x30 else { return false }
            var counts = [Int](repeating: 0, count: 10)
            for i in 0..<10 { counts[Int(c[i]) - 0x30] += 1 }
            let repeated = counts.filter { $0 >= 2 }
            guard repeated.count == 1, repeated[0] <= 3 else { return false }
            var product = 10
            for i in 0..<10 {
                var sum = (Int(c[i]) - 0x30 + product) % 10
                if sum == 0 { sum = 10 }
                product = (2 * sum) % 11
            }
            return (11 - product) % 10 == Int(c[10]) - 0x30
        }
        var passed = (aadhaar: 0, taxId: 0)
        for _ in 0..<200_000 {
            // Few distinct digits half the time, so that the tax id's repeat rule passes often.
            let alphabet = random.below(2) == 0 ? 10 : 4
            let number = (0..<12).map { _ in UInt8(0x30 + random.below(alphabet)) }
            number.withUnsafeBufferPointer { c in
                #expect(IdentifierChecks.inAadhaar(c) == aadhaar(c), "\(number)")
                let eleven = UnsafeBufferPointer(rebasing: c[0..<11])
                #expect(IdentifierChecks.deTaxId(eleven) == taxId(eleven), "\(number)")
                if aadhaar(c) { passed.aadhaar += 1 }
                if taxId(eleven) { passed.taxId += 1 }
            }
        }
        #expect(passed.aadhaar > 0 && passed.taxId > 0)
    }
}
