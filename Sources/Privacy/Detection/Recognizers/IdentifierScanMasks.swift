/// `IdentifierScan`'s end-of-letters search sixteen bytes a read: with eight, a word of eight
/// letters or more needed a second read, a branch on varied text the predictor missed often;
/// with sixteen, almost every word ends in its first read. `IdentifierScanMispredictTests`
/// checks it against `ByteWords.letters` on random texts.
enum IdentifierScanMasks {
    typealias Lanes = SpanDetectorTriggers.Lanes

    /// The offset of the first byte of the sixteen at `index` that is no ASCII letter, or 16 when
    /// all are letters; the caller checks `index + 16 <= bytes.count`. `(b | 0x20) + 0x1f` is in
    /// 0x80...0x99 (signed: under -102) only for a letter; the offset is found without a branch
    /// (`trailingZeroBitCount` of zero is 64).
    @inline(__always) static func firstNonLetter(_ bytes: UnsafeBufferPointer<UInt8>, at index: Int) -> Int {
        let lanes = SpanDetectorTriggers.load(bytes, index)
        let sums = unsafeBitCast((lanes | Lanes(repeating: 0x20)) &+ Lanes(repeating: 0x1f), to: SIMD16<Int8>.self)
        let letters = unsafeBitCast(sums .< SIMD16<Int8>(repeating: -102), to: Lanes.self)
        let outside = unsafeBitCast(~letters & Lanes(repeating: 0x80), to: SIMD2<UInt64>.self)
        let low = UInt64(littleEndian: outside[0]).trailingZeroBitCount, high = UInt64(littleEndian: outside[1]).trailingZeroBitCount
        return (low &+ (low >> 6) &* high) >> 3
    }
}
