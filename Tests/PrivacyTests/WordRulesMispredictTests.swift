import TestSupport
import Testing

@testable import Privacy

/// The word rules and the lexicon work some tests out from masks instead of branches (the
/// branches mispredict on varied text). Each test checks the mask against the byte-level
/// rule it replaces, on random words placed anywhere in buffers of every size.
@Suite("Word rules without data-dependent branches")
struct WordRulesMispredictTests {
    let vocabulary = testPolicy.freeText.vocabulary

    @Test("WordScan.startsRule is startsRule of the word the scan gives")
    func startsRule() {
        var random = SeededGenerator.forTest("WordRulesMispredictTests.startsRule")
        for _ in 0..<20_000 {
            var text: [UInt8] = []
            for _ in 0..<(1 + random.below(4)) {
                if !text.isEmpty { text.append(0x20) }
                // Initials (`J.`, `M`) and one-byte words too.
                if random.below(4) == 0 {
                    text += [Array("JMaz.-\"".utf8)[random.below(7)]] + (random.below(2) == 0 ? [0x2e] : [])
                } else {
                    text += WordRulesSpeedTests.word(&random)
                }
            }
            text = Array(text.prefix(1 + random.below(text.count)))
            text.withUnsafeBufferPointer { bytes in
                WordRulesSpeedTests.forEachWordScan(bytes, vocabulary) { index, scan in
                    var word = WordRules.Word(range: index..<scan.end, core: scan.core, info: scan.info)
                    word.firstGlue = scan.firstGlue
                    word.lastGlue = scan.lastGlue
                    #expect(
                        scan.startsRule == WordRules.startsRule(bytes, word), "\(String(decoding: text, as: UTF8.self)) @\(index)")
                }
            }
        }
    }

    @Test("isTrimmed's table is the trimming loops' test for all 256 bytes")
    func trimmedTable() {
        for b in 0..<256 {
            let byte = UInt8(b)
            #expect(WordRules.WordScan.isTrimmed(byte) == (!Bytes.isAlnum(byte) && byte < 0x80), "byte \(b)")
        }
    }

    @Test("allowsClass's table is allows' byte tests for all 256 bytes")
    func allowsTable() {
        for b in 0..<256 {
            let byte = UInt8(b)
            let expected: UInt8 = byte >= 0x80 ? 2 : Bytes.isLetter(byte) ? 1 : Bytes.isPasswordSymbol(byte) ? 4 : 0
            #expect(WordRules.allowsClass(byte) == expected, "byte \(b)")
        }
    }

    @Test("the lexicon's masked one-chunk lookup answers as a set of lowercased words")
    func lexiconMembership() {
        var random = SeededGenerator.forTest("WordRulesMispredictTests.lexiconMembership")
        let listed = WordRulesSpeedTests.listed + ["a", "to", "by", "mr", "dr", "lead"]
        let set = ByteWordSet(listed)
        let lowered = Set(listed)
        for _ in 0..<20_000 {
            // A listed word in random case, sometimes cut or lengthened, at a random place in a
            // buffer of random size (so that the eight bytes from its start are not always there).
            var word = Array(listed[random.below(listed.count)].utf8).map { random.below(3) == 0 && Bytes.isLower($0) ? $0 & ~0x20 : $0 }
            switch random.below(4) {
            case 0: word = Array(word.prefix(1 + random.below(word.count)))
            case 1: word.append(UInt8(0x61 + random.below(26)))
            default: break
            }
            let before = (0..<random.below(12)).map { _ in UInt8(0x61 + random.below(26)) }
            let after = (0..<random.below(12)).map { _ in UInt8(0x61 + random.below(26)) }
            let text = before + word + after
            let expected = lowered.contains(String(decoding: word.map(Bytes.lower), as: UTF8.self))
            text.withUnsafeBufferPointer { bytes in
                #expect(
                    set.contains(bytes, before.count..<(before.count + word.count)) == expected,
                    "\(String(decoding: text, as: UTF8.self)) [\(before.count)..<\(before.count + word.count)]")
            }
        }
    }
}
