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
        let seed = UInt64.random(in: 0...UInt64.max)
        print("TokenBlockSpeedTests seed \(seed)")
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
}
