import TestSupport
import Testing

@testable import Privacy

/// The byte-level span detectors read sixteen or eight bytes at a time and answer most positions
/// from a table (issue 14): each must find the spans, and charge the steps, of the byte-at-a-time
/// reading it replaced, on random texts (the seed is printed).
@Suite("Span detector skips")
struct SpanDetectorSkipTests {
    /// Texts of the bytes the readers stop at: hex digits, markers, escapes, words, separators.
    static func texts(_ label: String, count: Int) -> [[UInt8]] {
        var random = SeededGenerator.forTest(label)
        let pieces: [[UInt8]] =
            ([
                "0", "7", "42", "6a", "6f", "0x", "\\x", "%", "A", "AT ", " DOT ", "h", "hxxp", "hxxps://a.b", "H", "[", "(", "{", "[.]",
                "(dot)", "[at]", "{.}", "(@)", "]", ")", "}", " ", "  ", "\t", "\n", ".", ":", "-", ",", "_", "@", "a", "b", "c", "e", "f",
                "g", "x", "X", "z", "Q", "john", "example", "com", "203", "113", "é", "\u{00}", "\u{7f}", "+", "/", "#",
            ] as [String]).map { Array($0.utf8) }
        return (0..<count).map { _ in
            var text: [UInt8] = []
            for _ in 0..<random.below(60) { text += pieces[random.below(pieces.count)] }
            return text
        }
    }

    @Test func obfuscationRolesAreTheByteTests() {
        for value in 0...255 {
            let b = UInt8(value)
            let role = ObfuscationScan.role(b)
            #expect((role & ObfuscationScan.Role.hexDigit != 0) == Bytes.isHex(b), "\(value)")
            #expect((role & ObfuscationScan.Role.marked != 0) == ObfuscationScan.mayStartMarked(b), "\(value)")
            #expect((role & ObfuscationScan.Role.escape != 0) == (b == 0x5c || b == 0x25), "\(value)")
        }
    }

    @Test func pairMasksAreTheByteTests() {
        var random = SeededGenerator.forTest("pairMasksAreTheByteTests")
        for round in 0..<4096 {
            // Every byte value in every lane, then random bytes.
            let bytes: [UInt8] = (0..<16).map { lane in round < 256 ? UInt8((round + lane * 17) & 0xff) : UInt8(truncatingIfNeeded: random.next()) }
            bytes.withUnsafeBufferPointer { buffer in
                let (alnums, openers) = BytePairWords.alnumsAndOpeners(BytePairWords.load(buffer, 0))
                for lane in 0..<16 {
                    let word = lane < 8 ? (alnums[0], openers[0]) : (alnums[1], openers[1])
                    let shift = UInt64((lane & 7) * 8)
                    let b = buffer[lane]
                    #expect((word.0 >> shift) & 0xff == (Bytes.isAlnum(b) ? 0x80 : 0), "\(bytes) lane \(lane)")
                    #expect((word.1 >> shift) & 0xff == (b == 0x28 || b == 0x5b || b == 0x7b ? 0x80 : 0), "\(bytes) lane \(lane)")
                    let words = BytePairWords.load(buffer, 0)
                    let digits = BytePairWords.digits(words), plus = BytePairWords.equal(words, 0x2b)
                    #expect(((lane < 8 ? digits[0] : digits[1]) >> shift) & 0xff == (Bytes.isDigit(b) ? 0x80 : 0), "\(bytes) lane \(lane)")
                    #expect(((lane < 8 ? plus[0] : plus[1]) >> shift) & 0xff == (b == 0x2b ? 0x80 : 0), "\(bytes) lane \(lane)")
                }
            }
        }
    }

    /// `BytePairWords.next` stops where `ByteWords.next` stops (sixteen bytes a step, then eight).
    @Test func pairSearchIsTheWordSearch() {
        for text in Self.texts("pairSearchIsTheWordSearch", count: 20_000) {
            text.withUnsafeBufferPointer { bytes in
                for from in 0...bytes.count {
                    let pairs = BytePairWords.next(
                        bytes, from: from, { BytePairWords.digits($0) | BytePairWords.equal($0, 0x28) },
                        word: { ByteWords.inRange($0, 0x30, 0x39) | ByteWords.equal($0, 0x28) })
                    let words = ByteWords.next(bytes, from: from) { ByteWords.inRange($0, 0x30, 0x39) | ByteWords.equal($0, 0x28) }
                    #expect(pairs == words, "\(text) from \(from)")
                }
            }
        }
    }

    /// The IBAN length table answers what the country dictionary answers, for every byte pair.
    @Test func ibanLengthTableIsTheDictionary() {
        for first in 0...255 {
            for second in 0...255 {
                let a = UInt8(first), b = UInt8(second)
                let expected =
                    Bytes.isLetter(a) && Bytes.isLetter(b)
                    ? Validators.ibanLengths[String(decoding: [a & 0xdf, b & 0xdf], as: UTF8.self)] : nil
                #expect(Validators.ibanLength(a, b) == expected, "\(first) \(second)")
            }
        }
    }

    /// `shortNumberCharge` over dashed numbers (dates, ranges) is what the card, account id and
    /// phone readers charge, all three finding nothing.
    @Test func dashedShortNumbersChargeWhatTheReadersCharge() {
        var random = SeededGenerator.forTest("dashedShortNumbersChargeWhatTheReadersCharge")
        let pieces: [[UInt8]] =
            (["2024", "01", "7", "15", "-", "-", "--", "T", " ", " a", " e", "x", "#", ".", ")", ") ", ")-", "(", "/", ":", "a", "\t", "\n"]
            as [String]).map { Array($0.utf8) }
        for _ in 0..<20_000 {
            var text: [UInt8] = []
            for _ in 0..<random.below(12) { text += pieces[random.below(pieces.count)] }
            DetectorPassShortcutTests.expectShortNumberChargeIsWhatTheReadersCharge(text)
        }
    }

    @Test func obfuscationScanIsTheByteWalk() {
        for text in Self.texts("obfuscationScanIsTheByteWalk", count: 30_000) {
            text.withUnsafeBufferPointer { bytes in
                var spans: [DetectedSpan] = [], expected: [DetectedSpan] = []
                var budget = ScanBudget.unlimited, expectedBudget = ScanBudget.unlimited
                ObfuscationScan.scan(bytes, into: &spans, budget: &budget)
                Self.obfuscationByteWalk(bytes, into: &expected, budget: &expectedBudget)
                #expect(spans == expected, "\(text)")
                #expect(budget.steps == expectedBudget.steps, "\(text)")
            }
        }
    }

    /// `ObfuscationScan.scan` as it read before (one position at a time, words passed over).
    static func obfuscationByteWalk(_ bytes: UnsafeBufferPointer<UInt8>, into spans: inout [DetectedSpan], budget: inout ScanBudget) {
        typealias Scan = ObfuscationScan
        budget.charge(bytes.count)
        var index = 0
        var lastEnd = 0
        var afterWord = false
        while index < bytes.count {
            let b = bytes[index]
            if Scan.mayStartMarked(b) {
                if b == 0x5b || b == 0x28 || b == 0x7b, let marker = Scan.marker(bytes, at: index) {
                    let span = Scan.defanged(bytes, marker: index, length: marker.length, notBefore: lastEnd, budget: &budget)
                    if let span {
                        spans.append(span)
                        lastEnd = span.range.upperBound
                        index = span.range.upperBound
                        afterWord = Bytes.isAlnum(bytes[index - 1])
                        continue
                    }
                    index += marker.length
                    afterWord = false
                    continue
                }
                if b == 0x41, index > 0, bytes[index - 1] == 0x20, let span = Scan.spelledEmail(bytes, at: index, notBefore: lastEnd, budget: &budget)
                {
                    spans.append(span)
                    lastEnd = span.range.upperBound
                    index = span.range.upperBound
                    afterWord = Bytes.isAlnum(bytes[index - 1])
                    continue
                }
                if (b | 0x20) == 0x68, index + 1 < bytes.count, (bytes[index + 1] | 0x20) == 0x78, Bytes.matches(bytes, at: index, lowercase: "hxxp"),
                    index == 0 || !Bytes.isAlnum(bytes[index - 1])
                {
                    var end = index
                    while end < bytes.count, !Bytes.isSpace(bytes[end]), bytes[end] != 0x22, bytes[end] != 0x27 { end += 1 }
                    budget.charge(end - index)
                    spans.append(DetectedSpan(index..<end, .url))
                    index = end
                    lastEnd = end
                    afterWord = Bytes.isAlnum(bytes[index - 1])
                    continue
                }
            }
            if !afterWord {
                if !Bytes.isHex(b), b != 0x5c, b != 0x25 {
                    if index + 1 < bytes.count { budget.charge(1) }
                } else if Bytes.isHex(b), let charge = Scan.shortNoHexText(bytes, at: index) {
                    budget.charge(charge)
                } else if let end = Scan.hexText(bytes, at: index, budget: &budget) {
                    spans.append(DetectedSpan(index..<end, .encodedText))
                    index = end
                    lastEnd = end
                    afterWord = Bytes.isAlnum(bytes[index - 1])
                    continue
                }
            }
            index += 1
            afterWord = false
            if Bytes.isAlnum(b) {
                while index < bytes.count, Bytes.isAlnum(bytes[index]) { index += 1 }
                if index < bytes.count, bytes[index] != 0x5b, bytes[index] != 0x28, bytes[index] != 0x7b { index += 1 } else { afterWord = true }
            }
        }
    }
}
