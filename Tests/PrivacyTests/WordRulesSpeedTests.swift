import TestSupport
import Testing

@testable import Privacy

/// The anonymizer's word rules read a core of up to sixteen bytes in one or two loads and look
/// it up in the lexicon from those loads (`WordRules.WordScan`). Each test checks the fast path
/// against the byte-at-a-time one it replaces, on random words placed anywhere in buffers of
/// every size (the loads near a buffer's end read the eight bytes that end the word).
@Suite("Word rules fast paths")
struct WordRulesSpeedTests {
    let vocabulary = testPolicy.freeText.vocabulary

    /// Words the lists have (names, vocabulary words, technical terms), so that lookups hit.
    static let listed = [
        "mark", "baker", "anna", "nagy", "west", "europe", "replication", "cutover", "reported", "seconds", "during",
        "listener", "contact", "access", "snapshot", "completed", "throughput", "deployment", "rollout", "crashloopbackoff",
        "o'brien", "jean-luc", "validated", "records", "retries", "longer", "cassandra", "spanner", "central", "cloud",
    ]

    /// A random word: a listed one in random case (sometimes with a letter changed or bytes
    /// added), or bytes drawn from letters, joiners, digits, glue, punctuation and UTF-8.
    static func word(_ random: inout SeededGenerator) -> [UInt8] {
        if random.below(2) == 0 {
            var bytes = Array(listed[random.below(listed.count)].utf8).map { random.below(3) == 0 && Bytes.isLower($0) ? $0 & ~0x20 : $0 }
            switch random.below(6) {
            case 0: bytes[random.below(bytes.count)] = UInt8(0x61 + random.below(26))
            case 1: bytes.append(Array("s.,:\"'-)]".utf8)[random.below(9)])
            case 2: bytes.insert(Array("(\"'[<".utf8)[random.below(5)], at: 0)
            default: break
            }
            return bytes
        }
        let alphabet = Array("abcdeklmnorstzABCDEKMNRSTZ'-0123456789.,:;=\"<>{}[]_/@%$#é".utf8)
        return (0..<(1 + random.below(20))).map { _ in alphabet[random.below(alphabet.count)] }
    }

    @Test("WordScan gives the core's lists, case, glue and letters as the byte loops do")
    func wordScan() {
        var random = SeededGenerator.forTest("WordRulesSpeedTests.wordScan")
        for _ in 0..<20_000 {
            var text: [UInt8] = []
            for _ in 0..<(1 + random.below(4)) {
                if !text.isEmpty { text.append(0x20) }
                text += Self.word(&random)
            }
            // Any prefix: the last word then ends at the buffer's end.
            text = Array(text.prefix(1 + random.below(text.count)))
            text.withUnsafeBufferPointer { bytes in
                Self.forEachWordScan(bytes, vocabulary) { index, scan in
                    let core = scan.core
                    let letters = WordRules.NameInfo.Letters(bytes, core)
                    let info = WordRules.NameInfo(bytes, core, letters, vocabulary)
                    let context = "\(String(decoding: text, as: UTF8.self)) @\(index)"
                    #expect(scan.info.looked == info.looked, "\(context)")
                    #expect(scan.info.capitalized == info.capitalized, "\(context)")
                    #expect(scan.info.allCaps == info.allCaps, "\(context)")
                    #expect(scan.info.known == info.known, "\(context)")
                    #expect(scan.info.technical == info.technical, "\(context)")
                    #expect(scan.info.given == info.given, "\(context)")
                    #expect(scan.info.surname == info.surname, "\(context)")
                    let glue = core.filter { WordRules.isGlue(bytes[$0]) }
                    #expect(scan.firstGlue == (glue.first ?? -1), "\(context)")
                    #expect(scan.lastGlue == (glue.last ?? -1), "\(context)")
                    if scan.noLetters {
                        #expect(!core.contains { Bytes.isLetter(bytes[$0]) || bytes[$0] >= 0x80 }, "\(context)")
                    }
                }
            }
        }
    }

    /// `WordScan` at every word of `bytes` (a word starts after a space), as the word rules walk
    /// them: `body` gets each word's start and its scan.
    static func forEachWordScan(
        _ bytes: UnsafeBufferPointer<UInt8>, _ vocabulary: FreeTextVocabulary, _ body: (Int, WordRules.WordScan) -> Void
    ) {
        var index = 0
        while index < bytes.count {
            if Bytes.isSpace(bytes[index]) {
                index += 1
                continue
            }
            let scan = WordRules.WordScan(bytes, from: index, limit: bytes.count, vocabulary)
            body(index, scan)
            index = scan.end + 1
        }
    }

    @Test("glueMask flags exactly the bytes isGlue takes, in every position of a load")
    func glueMask() {
        for b in 0..<256 {
            for position in 0..<8 {
                let shift = UInt64(position) * 8
                let mask = WordRules.WordScan.glueMask(UInt64(b) << shift)
                // The other bytes are zero, which is no glue.
                #expect(mask == (WordRules.isGlue(UInt8(b)) ? 0x80 << shift : 0), "byte \(b) at \(position)")
            }
        }
    }

    @Test("the lexicon's lookups from lowercased loads are its lookups from bytes")
    func lexiconChunks() {
        var random = SeededGenerator.forTest("WordRulesSpeedTests.lexiconChunks")
        let lexicon = vocabulary.lexicon
        for _ in 0..<20_000 {
            let word = Self.word(&random).map { Bytes.lower($0) }.filter { Bytes.isLetter($0) || $0 == 0x27 || $0 == 0x2d }
            guard !word.isEmpty, word.count <= 16 else { continue }
            var c0: UInt64 = 0, c1: UInt64 = 0
            for (offset, b) in word.enumerated() {
                if offset < 8 { c0 |= UInt64(b) << (UInt64(offset) * 8) } else { c1 |= UInt64(b) << (UInt64(offset - 8) * 8) }
            }
            let expected = word.withUnsafeBufferPointer { lexicon.flags($0, 0..<$0.count) }
            let fast =
                word.count <= 8
                ? lexicon.flags(loweredChunk: c0, length: word.count) : lexicon.flags(loweredChunks: c0, c1, length: word.count)
            #expect(fast == expected, "\(String(decoding: word, as: UTF8.self))")
        }
    }
}
