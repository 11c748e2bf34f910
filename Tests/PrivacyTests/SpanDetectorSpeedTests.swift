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
                "0", "9", "/", ":", "+", "(", ")", "=", "-", "<", "\"", "'", "*", "a", "at ", "file ", "Z", " ", "\n", "é", "\u{00}",
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
}
