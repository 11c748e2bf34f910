import Foundation
import TestSupport
import Testing

@testable import Privacy

/// `ObfuscationScan.bits` and `isAfterAlnum` (issue 14, branch mispredictions: one position loop
/// per sixteen bytes) read the byte masks the scan builds as a byte-by-byte loop does, on random
/// masks (the seed is printed).
@Suite("Obfuscation scan position bits")
struct ObfuscationScanBitsMispredictTests {
    @Test func bitsAreTheMasksHighBits() {
        let seed = SeededGenerator.seed(for: "ObfuscationScanBitsMispredictTests")
        var random = SeededGenerator(seed: seed)
        let high = ByteWords.ones &* 0x80
        for _ in 0..<10_000 {
            let low = UInt64.random(in: 0...UInt64.max, using: &random) & high
            let upper = UInt64.random(in: 0...UInt64.max, using: &random) & high
            var expected: UInt64 = 0
            for lane in 0..<16 {
                let flagged = ((lane < 8 ? low : upper) >> UInt64(8 * (lane % 8) + 7)) & 1 != 0
                if flagged { expected |= 1 << UInt64(lane) }
                #expect(ObfuscationScan.isAfterAlnum((low, upper), lane) == flagged, "\(low) \(upper) lane \(lane)")
            }
            #expect(ObfuscationScan.bits(low, upper) == expected, "\(low) \(upper)")
        }
    }
}
