import Foundation
import TestSupport
import Testing

@testable import Privacy

/// `IdentifierScanMasks.firstNonLetter` (issue 14, branch mispredictions) answers what a byte
/// walk with `Bytes.isLetter` answers, and `IdentifierScan.lettersEnd` with it, on random texts
/// of letters and the bytes next to them in the byte order (the seed is printed).
@Suite("Identifier scan masks")
struct IdentifierScanMispredictTests {
    @Test func firstNonLetterIsTheByteWalk() {
        let seed = SeededGenerator.seed(for: "IdentifierScanMispredictTests")
        var random = SeededGenerator(seed: seed)
        let alphabet = Array("abcxyzABCXYZ@[`{09 -.".utf8) + [0x80, 0xc1, 0xe1, 0xfa, 0xff, 0x00, 0x60, 0x7b, 0x40, 0x5b]
        for _ in 0..<5000 {
            // Mostly letters, so that runs of sixteen and more occur.
            let text = (0..<Int.random(in: 1...60, using: &random)).map { _ in
                Int.random(in: 0..<4, using: &random) == 0
                    ? alphabet.randomElement(using: &random)! : alphabet[Int.random(in: 0..<12, using: &random)]
            }
            text.withUnsafeBufferPointer { bytes in
                for start in 0..<bytes.count {
                    var end = start
                    while end < bytes.count, Bytes.isLetter(bytes[end]) { end += 1 }
                    #expect(IdentifierScan.lettersEnd(bytes, from: start) == end, "\(text) from \(start)")
                    if start + 16 <= bytes.count {
                        #expect(IdentifierScanMasks.firstNonLetter(bytes, at: start) == min(end - start, 16), "\(text) at \(start)")
                    }
                }
            }
        }
    }
}
