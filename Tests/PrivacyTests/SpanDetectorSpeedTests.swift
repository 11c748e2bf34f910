import TestSupport
import Testing

@testable import Privacy

/// The span detectors' trigger searches are written out over sixteen byte lanes
/// (`SpanDetectorTriggers`, issue 14): each must stop where the closure-taking
/// `BytePairWords.next` with the same test stops, for every byte in every lane and on random
/// texts (the seed is printed).
@Suite("Span detector speed")
struct SpanDetectorSpeedTests {
    /// Texts of trigger bytes and their neighbours, up to a few dozen bytes long.
    static func texts(_ label: String, count: Int) -> [[UInt8]] {
        var random = SeededGenerator.forTest(label)
        let pieces: [[UInt8]] =
            ([
                "0", "9", "/", ":", ";", "+", "(", ")", "=", "-", "<", "\"", "'", "*", "a", "at ", "file ", "Z", " ", ".", "_", "@", "[", "`", "{",
                "\n",
                "é", "\u{00}",
                "\u{7f}", "\u{80}", "\u{b0}", "\u{ba}", "\u{a8}", "\u{bd}", "\u{ff}", "password", "2024-01-15", "+33 6 12",
            ] as [String]).map { Array($0.utf8) }
        return (0..<count).map { _ in
            var text: [UInt8] = []
            for _ in 0..<random.below(40) { text += pieces[random.below(pieces.count)] }
            return text
        }
    }

    /// Every byte value in every lane (then random bytes): the lane tests flag exactly the bytes
    /// the byte tests name.
    @Test func laneTestsAreTheByteTests() {
        var random = SeededGenerator.forTest("SpanDetectorSpeedTests.laneTests")
        for round in 0..<4096 {
            let bytes: [UInt8] = (0..<16).map { lane in
                round < 256 ? UInt8((round + lane * 17) & 0xff) : UInt8(truncatingIfNeeded: random.next())
            }
            bytes.withUnsafeBufferPointer { buffer in
                let digitOrSign = SpanDetectorTriggers.nextDigitPlusOrParen(buffer, from: 0)
                let expected = buffer.firstIndex { Bytes.isDigit($0) || $0 == 0x2b || $0 == 0x28 } ?? 16
                #expect(digitOrSign == expected, "\(bytes)")
                let run = SpanDetectorTriggers.groupRunEnd(buffer, from: 0)
                #expect(run == (buffer.firstIndex { !SpanDetectors.isGroupByte($0) } ?? 16), "\(bytes)")
                let mark = SpanDetectorTriggers.previousPairMark(buffer, before: 16)
                #expect(mark == (buffer.lastIndex { $0 == 0x3d || $0 == 0x3b || $0 == 0x0a } ?? -1), "\(bytes)")
                let separator = SpanDetectorTriggers.next(buffer, from: 0, 0x2d, 0x2f, 0x3c)
                #expect(separator == (buffer.firstIndex { $0 == 0x2d || $0 == 0x2f || $0 == 0x3c } ?? 16), "\(bytes)")
            }
        }
    }

    /// From every start of random texts, the searches stop where `BytePairWords.next` stops.
    @Test func searchesStopWhereThePairSearchStops() {
        for text in Self.texts("SpanDetectorSpeedTests.searches", count: 20_000) {
            text.withUnsafeBufferPointer { bytes in
                for from in 0...bytes.count {
                    let digits = BytePairWords.next(
                        bytes, from: from, { BytePairWords.digits($0) | BytePairWords.equal($0, 0x2b) | BytePairWords.equal($0, 0x28) },
                        word: { ByteWords.inRange($0, 0x30, 0x39) | ByteWords.equal($0, 0x2b) | ByteWords.equal($0, 0x28) })
                    #expect(SpanDetectorTriggers.nextDigitPlusOrParen(bytes, from: from) == digits, "\(text) from \(from)")
                    let run = ByteWords.runEnd(
                        bytes, from: from, { ByteWords.alnums($0) | ByteWords.equal($0, 0x2e) | ByteWords.equal($0, 0x5f) },
                        byte: SpanDetectors.isGroupByte)
                    #expect(SpanDetectorTriggers.groupRunEnd(bytes, from: from) == run, "\(text) from \(from)")
                    var mark = from - 1
                    while mark >= 0, bytes[mark] != 0x3d, bytes[mark] != 0x3b, bytes[mark] != 0x0a { mark -= 1 }
                    #expect(SpanDetectorTriggers.previousPairMark(bytes, before: from) == mark, "\(text) before \(from)")
                    let triples: [(UInt8, UInt8, UInt8)] = [(0x2d, 0x2f, 0x3c), (0x3d, 0x3a, 0x3a), (0x22, 0x27, 0x27)]
                    for (a, b, c) in triples {
                        let pairs = BytePairWords.next(
                            bytes, from: from, { BytePairWords.equal($0, a) | BytePairWords.equal($0, b) | BytePairWords.equal($0, c) },
                            word: { ByteWords.equal($0, a) | ByteWords.equal($0, b) | ByteWords.equal($0, c) })
                        #expect(SpanDetectorTriggers.next(bytes, from: from, a, b, c) == pairs, "\(text) from \(from)")
                    }
                }
            }
        }
    }

    /// `isPlaceholder` reads the bytes between the brackets eight at a time: every byte value at
    /// every inner position of brackets of every width up to twenty answers what the byte test does.
    @Test func placeholderWordsAreTheByteTest() {
        for value in 0...255 {
            for width in 1...20 {
                for position in 0..<width {
                    var text: [UInt8] = [0x5b] + Array(repeating: 0x41, count: width) + [0x5d]
                    text[1 + position] = UInt8(value)
                    let expected = Bytes.isUpper(UInt8(value)) || value == 0x5f
                    text.withUnsafeBufferPointer { bytes in
                        #expect(SpanDetectors.isPlaceholder(bytes, 0..<bytes.count) == expected, "\(text)")
                        // Quoted, and with bytes after it (the word reads then reach past the range).
                        let quoted: [UInt8] = [0x22] + text + [0x22, 0x41, 0x5f, 0x7a]
                        quoted.withUnsafeBufferPointer { more in
                            #expect(SpanDetectors.isPlaceholder(more, 0..<(quoted.count - 3)) == expected, "\(quoted)")
                        }
                    }
                }
            }
        }
    }

    /// `isSecretKey` finds "password" and "secret" eight bytes at a time: on random keys it
    /// answers what the byte-at-a-time search answers (`secretKeyByBytes`).
    @Test func secretKeyWordsAreTheByteSearch() {
        var random = SeededGenerator.forTest("SpanDetectorSpeedTests.secretKeys")
        let pieces: [[UInt8]] =
            ([
                "password", "Password", "PASSWORD", "passw", "secret", "SECRET", "secre", "token", "apikey", "ApiKey", "key", "Key", "_",
                "-", ".", "db", "p", "s", "P", "S", "x", "pwd", "auth", "sort", "signing", "client", "id", "session", "1", "é",
            ] as [String]).map { Array($0.utf8) }
        for _ in 0..<100_000 {
            var text: [UInt8] = []
            for _ in 0..<random.below(7) { text += pieces[random.below(pieces.count)] }
            text.withUnsafeBufferPointer { bytes in
                let lower = random.below(bytes.count + 1)
                let upper = lower + random.below(bytes.count - lower + 1)
                #expect(
                    SpanDetectors.isSecretKey(bytes, lower..<upper) == Self.secretKeyByBytes(bytes, lower..<upper),
                    "\(text) \(lower)..<\(upper)")
            }
        }
    }

    /// `isSecretKey` as it read before: "password" or "secret" searched a byte at a time.
    static func secretKeyByBytes(_ bytes: UnsafeBufferPointer<UInt8>, _ key: Range<Int>) -> Bool {
        var start = key.lowerBound, end = key.upperBound
        func separator(_ b: UInt8) -> Bool { b == 0x2d || b == 0x5f || b == 0x2e }
        while start < end, separator(bytes[start]) { start += 1 }
        while end > start, separator(bytes[end - 1]) { end -= 1 }
        guard end - start >= 2 else { return false }
        if SpanDetectors.secretKeySet.contains(bytes, start..<end) { return true }
        var last = end
        while last > start, !separator(bytes[last - 1]) { last -= 1 }
        if last > start, SpanDetectors.secretKeySet.contains(bytes, last..<end) { return true }
        if end - start >= 6 {
            for position in start...(end - 6) {
                let lead = bytes[position] | 0x20
                if lead == 0x70, position + 8 <= end, Bytes.matches(bytes, at: position, lowercase: "password") { return true }
                if lead == 0x73, position + 6 <= end, Bytes.matches(bytes, at: position, lowercase: "secret") { return true }
            }
        }
        for literal: StaticString in ["token", "apikey"] where end - start >= literal.utf8CodeUnitCount {
            if Bytes.matches(bytes, at: end - literal.utf8CodeUnitCount, lowercase: literal) { return true }
        }
        guard end - start >= 5, Bytes.matches(bytes, at: end - 3, lowercase: "key") else { return false }
        let joint = bytes[end - 4]
        guard joint == 0x5f || joint == 0x2d || joint == 0x2e || (Bytes.isLower(joint) && bytes[end - 3] == 0x4b) else { return false }
        var wordEnd = end - 3
        if !Bytes.isAlnum(joint) { wordEnd -= 1 }
        var wordStart = wordEnd
        while wordStart > start, Bytes.isLetter(bytes[wordStart - 1]),
            !(Bytes.isUpper(bytes[wordStart]) && Bytes.isLower(bytes[wordStart - 1]) && wordStart < wordEnd)
        {
            wordStart -= 1
        }
        return wordEnd > wordStart && !SpanDetectors.schemaKeyWords.contains(bytes, wordStart..<wordEnd)
    }

    /// `openingParenCharge` is what `phone` charges at a `(` it answers for, finding nothing.
    @Test func openingParenChargeIsWhatThePhoneCharges() {
        var random = SeededGenerator.forTest("SpanDetectorSpeedTests.openingParen")
        let pieces: [[UInt8]] =
            (["(", "((", ")", " ", "error ", "code ", "exit", "1", "12", "x", "ext", "#", ":", "a", "I", "+", "-", ".", "/", "\n"] as [String])
            .map { Array($0.utf8) }
        for _ in 0..<50_000 {
            var text: [UInt8] = []
            for _ in 0..<random.below(8) { text += pieces[random.below(pieces.count)] }
            text.withUnsafeBufferPointer { bytes in
                for start in bytes.indices where bytes[start] == 0x28 {
                    guard let charge = SpanDetectors.openingParenCharge(bytes, at: start) else { continue }
                    var budget = ScanBudget.unlimited
                    #expect(SpanDetectors.phone(bytes, at: start, budget: &budget) == nil, "\(text) at \(start)")
                    #expect(budget.steps == charge, "\(text) at \(start)")
                }
            }
        }
    }
}
