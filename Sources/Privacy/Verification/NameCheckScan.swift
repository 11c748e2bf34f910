/// The name check's searches over the text, eight bytes at a time where eight are left: a loop
/// that tests one byte a turn ends at a place the predictor cannot learn on varied text, one that
/// tests eight mostly ends on its first turn.
extension NameCheck {
    /// The greatest `e ≤ end` with `e == 0` or a letter at `e - 1`: the end of the last word before
    /// `end`, or 0 when no letter is before it.
    @inline(__always)
    static func lastLetterEnd(_ bytes: UnsafeBufferPointer<UInt8>, before end: Int) -> Int {
        var e = end
        while e >= 8 {
            let mask = ByteWords.letters(ByteWords.load(bytes, e - 8))
            // The highest flagged byte is the last letter.
            if mask != 0 { return e - 8 + (63 - mask.leadingZeroBitCount) >> 3 + 1 }
            e -= 8
        }
        while e > 0, !Bytes.isLetter(bytes[e - 1]) { e -= 1 }
        return e
    }

    /// The smallest `s ≤ end` with letters only in `s..<end`: the start of the run of letters
    /// that ends at `end`.
    @inline(__always)
    static func letterRunStart(_ bytes: UnsafeBufferPointer<UInt8>, before end: Int) -> Int {
        var s = end
        while s >= 8 {
            let mask = ~ByteWords.letters(ByteWords.load(bytes, s - 8)) & (ByteWords.ones &* 0x80)
            // The highest byte that is no letter ends the search: the run starts after it.
            if mask != 0 { return s - 8 + (63 - mask.leadingZeroBitCount) >> 3 + 1 }
            s -= 8
        }
        while s > 0, Bytes.isLetter(bytes[s - 1]) { s -= 1 }
        return s
    }
}
