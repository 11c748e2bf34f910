import TestSupport
import Testing

@testable import Privacy

/// `PieceSplit`, the masks where `AllowList.accepts` cuts a token into pieces, against the
/// reading a byte at a time it replaced.
@Suite("Piece splits eight bytes at a time")
struct PieceSplitMispredictTests {
    static let tokenBytes = Array("abcxyzABCXYZ0189.-_".utf8)

    @Test("a load past the buffer's end reads zeros there, for every length and start")
    func loadMatchesBytes() {
        for length in 1...20 {
            let bytes = (0..<length).map { UInt8(0x30 + $0) }
            bytes.withUnsafeBufferPointer { buffer in
                for index in 0..<length {
                    var expected: UInt64 = 0
                    for position in index..<min(index + 8, length) { expected |= UInt64(buffer[position]) << UInt64(8 * (position - index)) }
                    #expect(PieceSplit.load(buffer, index) == expected, "length \(length) index \(index)")
                }
            }
        }
    }

    @Test("events, separators and camel humps are the byte-at-a-time cuts, on random tokens")
    func wordsMatchByteReading() {
        let seed = SeededGenerator.seed(for: "PieceSplitMispredictTests")
        var generator = SeededGenerator(seed: seed)
        func isDigit(_ b: UInt8) -> Bool { b >= 0x30 && b <= 0x39 }
        func isLower(_ b: UInt8) -> Bool { b >= 0x61 && b <= 0x7a }
        func isUpper(_ b: UInt8) -> Bool { b >= 0x41 && b <= 0x5a }
        func isSeparator(_ b: UInt8) -> Bool { b == 0x2e || b == 0x2d || b == 0x5f }
        for _ in 0..<20000 {
            // A token of 1–40 bytes, with 0–9 bytes of anything before and after it (short buffers too).
            let token = (0..<Int.random(in: 1...40, using: &generator)).map { _ in Self.tokenBytes.randomElement(using: &generator)! }
            let before = (0..<Int.random(in: 0...9, using: &generator)).map { _ in UInt8.random(in: 0...255, using: &generator) }
            let after = (0..<Int.random(in: 0...9, using: &generator)).map { _ in UInt8.random(in: 0...255, using: &generator) }
            let text = before + token + after
            text.withUnsafeBufferPointer { bytes in
                let range = before.count..<(before.count + token.count)
                var carry = PieceSplit.Carry()
                var wordStart = range.lowerBound
                while wordStart < range.upperBound {
                    let word = PieceSplit.word(bytes, range, at: wordStart, carry: &carry)
                    for offset in 0..<8 {
                        let index = wordStart + offset
                        let bit = UInt64(0x80) << UInt64(8 * offset)
                        guard index < range.upperBound else {
                            #expect(word.events & bit == 0, "seed \(seed): event past the token")
                            continue
                        }
                        let current = bytes[index]
                        let separator = isSeparator(current)
                        // After a separator and at the token's start no piece ends.
                        let inPiece = index > range.lowerBound && !isSeparator(bytes[index - 1])
                        let previous = inPiece ? bytes[index - 1] : 0
                        let acronymEnd =
                            isUpper(previous) && isUpper(current) && index + 1 < range.upperBound && isLower(bytes[index + 1])
                        let split =
                            inPiece && (isDigit(previous) != isDigit(current) || isLower(previous) && isUpper(current) || acronymEnd)
                        #expect(
                            (word.events & bit != 0) == (separator || split), "seed \(seed): \(token) at \(offset + wordStart - range.lowerBound)")
                        #expect((word.separators & bit != 0) == separator, "seed \(seed)")
                        if split { #expect((word.camels & bit != 0) == (isLower(previous) && isUpper(current)), "seed \(seed)") }
                    }
                    wordStart += 8
                }
            }
        }
    }

    @Test("the token pass's letter step flags each byte that is no ASCII letter, for every byte in every place")
    func notLettersMatchesBytes() {
        let seed = SeededGenerator.seed(for: "PieceSplitMispredictTests letters")
        var generator = SeededGenerator(seed: seed)
        for value in 0...255 {
            for place in 0..<8 {
                // The byte among random neighbours: no carry may cross from one byte to the next.
                var bytes = (0..<8).map { _ in UInt8.random(in: 0...255, using: &generator) }
                bytes[place] = UInt8(value)
                var word: UInt64 = 0
                for (offset, b) in bytes.enumerated() { word |= UInt64(b) << UInt64(8 * offset) }
                let flags = TokenPass.notLetters(word)
                for (offset, b) in bytes.enumerated() {
                    let flagged = flags & (UInt64(0x80) << UInt64(8 * offset)) != 0
                    #expect(flagged == !Bytes.isLetter(b), "seed \(seed): byte \(b) at \(offset)")
                }
                #expect(flags & ~(ByteWords.ones &* 0x80) == 0, "seed \(seed)")
            }
        }
    }

    @Test("the name check's backward searches, eight bytes at a time, end where a byte at a time ends")
    func backwardSearchesMatchBytes() {
        let seed = SeededGenerator.seed(for: "PieceSplitMispredictTests backward")
        var generator = SeededGenerator(seed: seed)
        let alphabet = Array("abzAZ  .'-09".utf8) + [0x40, 0x5b, 0x60, 0x7b, 0xc3, 0xe1]
        for _ in 0..<3000 {
            let text = (0..<Int.random(in: 0...40, using: &generator)).map { _ in alphabet.randomElement(using: &generator)! }
            text.withUnsafeBufferPointer { bytes in
                for end in 0...bytes.count {
                    var lastLetter = end
                    while lastLetter > 0, !Bytes.isLetter(bytes[lastLetter - 1]) { lastLetter -= 1 }
                    #expect(NameCheck.lastLetterEnd(bytes, before: end) == lastLetter, "seed \(seed): \(text) before \(end)")
                    var runStart = end
                    while runStart > 0, Bytes.isLetter(bytes[runStart - 1]) { runStart -= 1 }
                    #expect(NameCheck.letterRunStart(bytes, before: end) == runStart, "seed \(seed): \(text) before \(end)")
                }
            }
        }
    }
}
