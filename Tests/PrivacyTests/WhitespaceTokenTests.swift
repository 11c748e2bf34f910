import TestSupport
import Testing

@testable import Privacy

/// The whitespace cut's notes (`WhitespaceToken`) and the tables the token passes answer from
/// instead of reading a token's bytes: each checked against the slow reading it replaces.
@Suite("Whitespace tokens and their shapes")
struct WhitespaceTokenTests {
    /// Bytes that make tokens interesting to the cut and the passes, and any byte now and then.
    static let alphabet = Array("  \t\naAzZmM09.,;:<>=\"'()[]{}-_/\\@+%!?`plcPLC".utf8) + [0xc3, 0xa9, 0x80, 0xff]

    static func randomText(_ generator: inout SeededGenerator) -> [UInt8] {
        (0..<Int.random(in: 0...120, using: &generator)).map { _ in
            Int.random(in: 0..<10, using: &generator) == 0
                ? UInt8.random(in: 0...255, using: &generator) : alphabet.randomElement(using: &generator)!
        }
    }

    @Test("the cut's flags are Bytes' space and core-cut classes, for every byte")
    func flagsMatchBytes() {
        for value in 0...255 {
            let b = UInt8(value)
            let shape = ByteShape(rawValue: ByteShape.table[value])
            #expect(shape.has(.space) == Bytes.isSpace(b), "byte \(value)")
            #expect(shape.has(.coreCut) == AddressScan.isCoreCut(b), "byte \(value)")
        }
    }

    @Test("each token is a whitespace-free run with its shape, core and first '<'")
    func tokensMatchSlowReading() {
        let seed = SeededGenerator.seed(for: "WhitespaceTokenTests")
        var generator = SeededGenerator(seed: seed)
        for _ in 0..<2000 {
            let text = Self.randomText(&generator)
            text.withUnsafeBufferPointer { bytes in
                var expected: [Range<Int>] = []
                var index = 0
                while index < bytes.count {
                    if Bytes.isSpace(bytes[index]) { index += 1; continue }
                    var end = index
                    while end < bytes.count, !Bytes.isSpace(bytes[end]) { end += 1 }
                    expected.append(index..<end)
                    index = end
                }
                WhitespaceToken.withTokens(bytes) { tokens in
                    #expect(tokens.map(\.raw) == expected, "seed \(seed)")
                    for token in tokens {
                        #expect(token.shape == ByteShape(bytes, token.raw), "seed \(seed)")
                        #expect(token.core == AddressScan.core(bytes, token.raw), "seed \(seed)")
                        #expect(token.open(in: bytes) == (token.raw.first { bytes[$0] == 0x3c } ?? -1), "seed \(seed)")
                    }
                }
            }
        }
    }

    @Test("no legal form has a byte of noFormBytes; no leading type or unit has a digit")
    func wordListsHaveTheClassesTheSkipsAssume() {
        for form in CompanyNameScan.legalForms {
            let utf8 = Array(form.utf8)
            utf8.withUnsafeBufferPointer { #expect(!ByteShape($0, 0..<$0.count).has(CompanyNameScan.noFormBytes), "\(form)") }
        }
        for word in AddressScan.leadingTypeWords + AddressScan.unitWordList {
            #expect(!word.utf8.contains { Bytes.isDigit($0) }, "\(word)")
        }
    }

    @Test("a word list's ends and lengths admit each of its words, in either case")
    func wordEndsAdmitTheirWords() {
        let lists: [(WordEnds, [String])] = [
            (AddressScan.leadingLengths, AddressScan.leadingTypeWords),
            (AddressScan.unitLengths, AddressScan.unitWordList),
            (AddressScan.lowercaseLeadingLengths, AddressScan.leadingTypeWords.filter { !AddressScan.capitalOnlyWords.contains($0) }),
            (CompanyNameScan.legalFormLengths, CompanyNameScan.legalForms.flatMap { [$0, $0 + "."] }),
        ]
        for (lengths, words) in lists {
            for word in words {
                let lower = Array(word.lowercased().utf8)
                guard Bytes.isLower(lower[0]) else { continue }
                let upper = lower.map { Bytes.isLower($0) ? $0 - 0x20 : $0 }
                for spelling in [lower, upper] {
                    spelling.withUnsafeBufferPointer { #expect(lengths.mayHave($0, 0..<$0.count), "\(word)") }
                }
            }
        }
        // And refuses what no word has: no leading type has one byte, or is `sxxxxxs`.
        for letter in UInt8(0x61)...0x7a { [letter].withUnsafeBufferPointer { #expect(!AddressScan.leadingLengths.mayHave($0, 0..<1)) } }
        Array("seconds".utf8).withUnsafeBufferPointer { #expect(!AddressScan.leadingLengths.mayHave($0, 0..<$0.count)) }
    }

    /// Random texts with words of the passes' lists, in any case and with punctuation around.
    static func randomWords(_ generator: inout SeededGenerator) -> [UInt8] {
        let words =
            Array(CompanyNameScan.legalForms) + AddressScan.leadingTypeWords + AddressScan.unitWordList + ["plc", "Globex", "413", "de"]
        var text = randomText(&generator)
        for _ in 0..<Int.random(in: 0...8, using: &generator) {
            var word = Array(words.randomElement(using: &generator)!.utf8)
            if Bool.random(using: &generator) { word = word.map { Bytes.isLower($0) ? $0 - 0x20 : $0 } }
            if Bool.random(using: &generator) { word = word.map(Bytes.lower) }
            let around = Array("\"'(,;:.<>=`!?[]".utf8)
            if Int.random(in: 0..<4, using: &generator) == 0 { word.insert(around.randomElement(using: &generator)!, at: 0) }
            if Int.random(in: 0..<4, using: &generator) == 0 { word.append(around.randomElement(using: &generator)!) }
            text += [0x20] + word + [0x20]
        }
        return text
    }

    @Test("a token the passes answer from its shape or first letter is one their slow tests refuse")
    func skipsAgreeWithSlowTests() {
        let seed = SeededGenerator.seed(for: "WhitespaceTokenTests")
        var generator = SeededGenerator(seed: seed)
        for _ in 0..<3000 {
            let text = Self.randomWords(&generator)
            text.withUnsafeBufferPointer { bytes in
                WhitespaceToken.withTokens(bytes) { tokens in
                    for token in tokens {
                        let raw = token.raw, shape = token.shape, first = bytes[raw.lowerBound]
                        // CompanyNameScan.scan's skips.
                        let skipsForm =
                            !shape.has(.openAngle) && shape.has(CompanyNameScan.noFormBytes)
                            || shape.only(.lower | .slash | CompanyNameScan.noFormBytes) && (raw.count != 3 || first != 0x70)
                        let open = token.open(in: bytes)
                        let cut = open > raw.lowerBound ? open : raw.upperBound
                        let trimmed = CompanyNameScan.trimmed(bytes, raw.lowerBound..<cut)
                        let isForm =
                            !trimmed.isEmpty && CompanyNameScan.mayBeLegalForm(bytes, trimmed) && CompanyNameScan.isLegalForm(bytes, trimmed)
                        if isForm {
                            #expect(CompanyNameScan.legalFormLengths.mayHave(bytes, trimmed), "seed \(seed)")
                        }
                        #expect(!(skipsForm && isForm), "seed \(seed): \(Bytes.string(bytes, raw))")
                        // AddressScan.scan's lowercase tokens and word-list pretests.
                        let core = token.core
                        if AddressScan.leadingTypes.contains(bytes, core) { #expect(AddressScan.mayBeLeadingType(bytes, core), "seed \(seed)") }
                        if !core.isEmpty, Bytes.isLetter(bytes[core.lowerBound]), core.count < 32 {
                            let letter = bytes[core.lowerBound]
                            let leading = AddressScan.leadingTypes.contains(bytes, core)
                            let capitalOnly = AddressScan.capitalOnly.contains(bytes, core)
                            #expect(!leading || AddressScan.leadingLengths.mayHave(bytes, core), "seed \(seed)")
                            #expect(
                                !AddressScan.unitWords.contains(bytes, core) || AddressScan.unitLengths.mayHave(bytes, core), "seed \(seed)")
                            if Bytes.isLower(letter) {
                                #expect(!(leading && !capitalOnly) || AddressScan.lowercaseLeadingLengths.mayHave(bytes, core), "seed \(seed)")
                                #expect(!AddressScan.hasStreetSuffix(bytes, core), "seed \(seed)")
                            }
                        }
                        // AddressScan.scan's numbers.
                        if let position = tokens.firstIndex(where: { $0.raw == raw }),
                            !AddressScan.mayContinueNumber(bytes, tokens, at: position)
                        {
                            #expect(AddressScan.numberFirst(bytes, tokens, from: position) == nil, "seed \(seed)")
                        }
                        // DetectorSet.classifyToken's plain words and short numbers.
                        if shape.only(.lower | .upper) {
                            #expect(raw.allSatisfy { Bytes.isLetter(bytes[$0]) }, "seed \(seed)")
                        }
                        if !shape.only(.lower | .upper | .dot | .colon | .other) {
                            let end = [0x2c, 0x2e, 0x3a, 0x3b].contains(bytes[raw.upperBound - 1]) ? raw.upperBound - 1 : raw.upperBound
                            #expect(!(raw.lowerBound..<end).allSatisfy { Bytes.isLetter(bytes[$0]) }, "seed \(seed)")
                        }
                        #expect(shape.only(.digit) == raw.allSatisfy { Bytes.isDigit(bytes[$0]) }, "seed \(seed)")
                    }
                }
            }
        }
    }
}
