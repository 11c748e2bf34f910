import TestSupport
import Testing

@testable import Privacy

/// The token passes' shortcuts (the fourteenth issue's ninth speed round): each checked against
/// the slow reading it replaces.
@Suite("Token block shortcuts")
struct TokenBlockSpeedTests {
    /// Digits, the bytes a house number may have, and bytes the core cuts at.
    static let alphabet = Array("  0123456789012345aZ/-.,;:<>=\"'()".utf8)

    static func randomText(_ generator: inout SeededGenerator) -> [UInt8] {
        (0..<Int.random(in: 0...60, using: &generator)).map { _ in alphabet.randomElement(using: &generator)! }
    }

    @Test("a token's house-number answer from its shape is the one read from its core")
    func houseNumberFromShape() {
        let seed = SeededGenerator.seed(for: "TokenBlockSpeedTests")
        var generator = SeededGenerator(seed: seed)
        for _ in 0..<3000 {
            let text = Self.randomText(&generator)
            text.withUnsafeBufferPointer { bytes in
                WhitespaceToken.withTokens(bytes) { tokens in
                    for token in tokens where !token.core.isEmpty {
                        #expect(
                            AddressScan.isHouseNumber(bytes, token.core, shape: token.shape) == AddressScan.isHouseNumber(bytes, token.core),
                            "seed \(seed)")
                    }
                }
            }
        }
    }

    @Test("the scan's word sets are the address lists'")
    func scanWordsAreTheLists() {
        let words = AddressScan.scanWords
        #expect(words.leadingTypes === AddressScan.leadingTypes)
        #expect(words.capitalOnly === AddressScan.capitalOnly)
        #expect(words.unitWords === AddressScan.unitWords)
    }

    /// Placeholders, their quotes and brackets, and near misses.
    @Test("the project-id test's four-digit pretest answers as the whole test")
    func projectLikePretest() {
        let seed = SeededGenerator.seed(for: "TokenBlockSpeedTests project")
        var generator = SeededGenerator(seed: seed)
        let alphabet = Array("abcxyz0123456789--_A".utf8)
        for _ in 0..<20000 {
            let text: [UInt8] = (0..<Int.random(in: 1...34, using: &generator)).map { _ in alphabet.randomElement(using: &generator)! }
            text.withUnsafeBufferPointer { bytes in
                let range = 0..<bytes.count
                var expected = false
                if range.count >= 8, range.count <= 30, Bytes.isLower(bytes[0]),
                    !Bytes.matches(bytes, at: 0, lowercase: "db-custom-"), !Bytes.matches(bytes, at: 0, lowercase: "custom-"),
                    bytes.allSatisfy({ $0 == 0x2d || Bytes.isLower($0) || Bytes.isDigit($0) }),
                    let lastDash = range.last(where: { bytes[$0] == 0x2d }), lastDash > 0, range.upperBound - lastDash - 1 >= 4
                {
                    expected = ((lastDash + 1)..<range.upperBound).allSatisfy { Bytes.isDigit(bytes[$0]) }
                }
                #expect(TokenClassifier.isProjectLike(bytes, range) == expected, "seed \(seed)")
            }
        }
    }

    @Test("the shortest tokens by first letter, written out, are the computed ones")
    func shortestTokenTable() {
        #expect(TokenClassifier.shortestToken == TokenClassifier.computedShortestToken())
    }

    @Test("highEntropy names nothing below twenty bytes; a host name beside a colon needs letters")
    func classifierSkips() {
        let seed = SeededGenerator.seed(for: "TokenBlockSpeedTests classifier")
        var generator = SeededGenerator(seed: seed)
        let entropyAlphabet = Array("ABCDEFGHKQXZabcdefqxz0123456789+/-_=".utf8)
        let hostAlphabet = Array("0123456789..::-_".utf8)
        for _ in 0..<20000 {
            let piece: [UInt8] = (0..<Int.random(in: 16...19, using: &generator)).map { _ in
                entropyAlphabet.randomElement(using: &generator)!
            }
            piece.withUnsafeBufferPointer { bytes in
                #expect(TokenClassifier.highEntropy(bytes, 0..<bytes.count) == nil, "seed \(seed)")
            }
            let host: [UInt8] = (0..<Int.random(in: 1...24, using: &generator)).map { _ in hostAlphabet.randomElement(using: &generator)! }
            host.withUnsafeBufferPointer { bytes in
                #expect(!TokenClassifier.hostnameBesideColon(bytes, 0..<bytes.count), "seed \(seed)")
            }
        }
    }

    @Test("the trigger bytes read from the token shapes are the ones read from the text")
    func presentFromTokens() {
        let seed = SeededGenerator.seed(for: "TokenBlockSpeedTests present")
        var generator = SeededGenerator(seed: seed)
        let alphabet = Array("  \t\naZ09-;\"'=:/<>[]()_.,".utf8) + [0x00, 0x80, 0xff]
        for _ in 0..<20000 {
            let text: [UInt8] = (0..<Int.random(in: 0...40, using: &generator)).map { _ in alphabet.randomElement(using: &generator)! }
            text.withUnsafeBufferPointer { bytes in
                let expected = ByteClasses.present(in: bytes)
                WhitespaceToken.withTokens(bytes) { tokens in
                    #expect(ByteClasses.present(of: tokens) == expected, "seed \(seed)")
                }
            }
        }
    }
}
