import TestSupport
import Testing

@testable import Privacy

/// The span detectors' branch-free byte tests answer what the `==` chains they replaced did.
@Suite("Span detector mispredicts")
struct SpanDetectorMispredictTests {
    @Test("the byte-set table matches the comparison chains for all 256 bytes")
    func byteSets() {
        for value in 0...255 {
            let b = UInt8(value)
            let alnum = Bytes.isAlnum(b)
            #expect(SpanDetectorMasks.isKeyByte(b) == (alnum || b == 0x5f || b == 0x2d || b == 0x2e), "byte \(value)")
            #expect(SpanDetectorMasks.isDashedNameByte(b) == (alnum || b == 0x5f || b == 0x2d), "byte \(value)")
            #expect(SpanDetectorMasks.isGroupByte(b) == (alnum || b == 0x2e || b == 0x5f), "byte \(value)")
            #expect(SpanDetectorMasks.isConnectionKeyByte(b) == (alnum || b == 0x5f || b == 0x20), "byte \(value)")
            #expect(SpanDetectorMasks.isKeySeparator(b) == (b == 0x2d || b == 0x5f || b == 0x2e), "byte \(value)")
            #expect(SpanDetectorMasks.isKeyGap(b) == (b == 0x20 || b == 0x22 || b == 0x27), "byte \(value)")
            #expect(SpanDetectorMasks.isValueGap(b) == (b == 0x20 || b == 0x09), "byte \(value)")
        }
    }

    /// Exact starts of `flagsAndElements`: `-` before `-`, `p` or `u`; `/` before `u`; `<` before a letter.
    static func flagOrElement(_ bytes: UnsafeBufferPointer<UInt8>, _ index: Int) -> Bool {
        guard index + 1 < bytes.count else { return false }
        let b = bytes[index], next = bytes[index + 1], folded = next | 0x20
        return b == 0x2d && (next == 0x2d || folded == 0x70 || folded == 0x75) || b == 0x2f && folded == 0x75
            || b == 0x3c && Bytes.isLetter(next)
    }

    /// Exact starts of `quotedValues`: a quote after a space.
    static func quoteAfterSpace(_ bytes: UnsafeBufferPointer<UInt8>, _ index: Int) -> Bool {
        index > 0 && bytes[index - 1] == 0x20 && (bytes[index] == 0x22 || bytes[index] == 0x27)
    }

    /// Exact starts of `quotedPaths`: a quote before a drive letter and `:`, or before `\\`.
    static func quotedPath(_ bytes: UnsafeBufferPointer<UInt8>, _ index: Int) -> Bool {
        guard index + 2 < bytes.count, bytes[index] == 0x22 || bytes[index] == 0x27 else { return false }
        return Bytes.isLetter(bytes[index + 1]) && bytes[index + 2] == 0x3a || bytes[index + 1] == 0x5c && bytes[index + 2] == 0x5c
    }

    /// A caller's walk (search, test the byte found, step past it) reaches every exact start, and
    /// each search answers at or after where it starts.
    static func walk(
        _ bytes: UnsafeBufferPointer<UInt8>, _ search: (UnsafeBufferPointer<UInt8>, Int) -> Int,
        _ exact: (UnsafeBufferPointer<UInt8>, Int) -> Bool
    ) -> [Int] {
        var found: [Int] = []
        var index = 0
        while index < bytes.count {
            let next = search(bytes, index)
            #expect(next >= index)
            index = next
            guard index < bytes.count else { break }
            if exact(bytes, index) { found.append(index) }
            index += 1
        }
        return found
    }

    @Test("the pair and triple trigger searches reach every start the detectors act on")
    func pairTriggers() {
        let seed = SeededGenerator.seed(for: "SpanDetectorMispredictTests")
        var random = SeededGenerator(seed: seed)
        let pieces: [[UInt8]] =
            ([
                "-", "--", "-p", "-P", "-u", "-U", "/", "/u", "/user:", "<", "<a", "<Z", "<1", "\"", "'", " ", " \"", " '", "C:", "\\", "\\\\",
                "x", "p", "u", ":", "a", "0", "\n", "é", "\u{ff}",
            ] as [String]).map { Array($0.utf8) }
        for _ in 0..<4000 {
            var text: [UInt8] = []
            for _ in 0..<Int.random(in: 0...60, using: &random) { text += pieces[Int.random(in: 0..<pieces.count, using: &random)] }
            text.withUnsafeBufferPointer { bytes in
                let all = Array(0..<bytes.count)
                #expect(
                    Self.walk(bytes, { SpanDetectorTriggers.nextFlagOrElement($0, from: $1) }, Self.flagOrElement)
                        == all.filter { Self.flagOrElement(bytes, $0) }, "\(text)")
                #expect(
                    Self.walk(bytes, { SpanDetectorTriggers.nextQuoteAfterSpace($0, from: $1) }, Self.quoteAfterSpace)
                        == all.filter { Self.quoteAfterSpace(bytes, $0) }, "\(text)")
                #expect(
                    Self.walk(bytes, { SpanDetectorTriggers.nextQuotedPath($0, from: $1) }, Self.quotedPath)
                        == all.filter { Self.quotedPath(bytes, $0) }, "\(text)")
            }
        }
    }

    /// `followsCodeWord` as it read before its one-branch bucket test: a space, then the last two
    /// letters by a switch, then the word.
    static func followsCodeWordReference(_ bytes: UnsafeBufferPointer<UInt8>, _ start: Int) -> Bool {
        guard start >= 2, bytes[start - 1] == 0x20 else { return false }
        guard start >= 4 else { return false }
        switch UInt16(bytes[start - 3] | 0x20) << 8 | UInt16(bytes[start - 2] | 0x20) {
        case 0x6f72, 0x6e6f, 0x6465, 0x7573, 0x7465, 0x7367, 0x6974: break
        default: return false
        }
        var wordStart = start - 1
        while wordStart > 0, Bytes.isLetter(bytes[wordStart - 1]), start - wordStart < 12 { wordStart -= 1 }
        return wordStart < start - 1 && SpanDetectors.codeWords.contains(bytes, wordStart..<(start - 1))
    }

    @Test("the code-word test before a number answers as the switch it replaced")
    func codeWords() {
        let seed = SeededGenerator.seed(for: "SpanDetectorMispredictTests codeWords")
        var random = SeededGenerator(seed: seed)
        let pieces: [[UInt8]] =
            ([
                "error", "ERRNO", "Code", "status", "sqlstate", "msg", "exit", "or", "no", "de", "us", "te", "sg", "it", "xor", "undo", " ", "  ",
                "1", "42", "a", "Z", "\n", "_", "é", "\u{ff}", "\u{00}",
            ] as [String]).map { Array($0.utf8) }
        for _ in 0..<4000 {
            var text: [UInt8] = []
            for _ in 0..<Int.random(in: 0...12, using: &random) { text += pieces[Int.random(in: 0..<pieces.count, using: &random)] }
            text.withUnsafeBufferPointer { bytes in
                for start in 0..<bytes.count {
                    #expect(SpanDetectors.followsCodeWord(bytes, start) == Self.followsCodeWordReference(bytes, start), "\(text) at \(start)")
                }
            }
        }
        // Every byte pair before a space: the buckets hold every pair the switch lets through.
        for first in 0...255 {
            for second in 0...255 {
                let text: [UInt8] = [0x2e, UInt8(first), UInt8(second), 0x20, 0x31]
                text.withUnsafeBufferPointer { bytes in
                    #expect(SpanDetectors.followsCodeWord(bytes, 4) == Self.followsCodeWordReference(bytes, 4))
                }
            }
        }
    }
}
