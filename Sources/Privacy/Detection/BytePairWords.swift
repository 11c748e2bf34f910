/// Sixteen bytes at a time: two `ByteWords` words side by side in one SIMD register, so each
/// mask below costs one vector operation a step for both (the span detectors' trigger reads).
/// Every mask is exact per byte, as `ByteWords`' are: 0x80 in each byte that answers yes, 0 in
/// the others; lane 0 holds the first eight bytes (the lowest byte first), lane 1 the next eight.
enum BytePairWords {
    typealias Pair = SIMD2<UInt64>

    /// `b` in every byte of both words.
    @inline(__always) static func splat(_ b: UInt8) -> Pair { Pair(repeating: ByteWords.ones &* UInt64(b)) }

    /// The sixteen bytes at `index`; the caller checks `index + 16 <= bytes.count`.
    @inline(__always) static func load(_ bytes: UnsafeBufferPointer<UInt8>, _ index: Int) -> Pair {
        let raw = UnsafeRawPointer(bytes.baseAddress! + index).loadUnaligned(as: Pair.self)
        return Pair(UInt64(littleEndian: raw[0]), UInt64(littleEndian: raw[1]))
    }

    /// 0x80 in each ASCII letter or digit (`alnums`) and in each `(`, `[` or `{` (`openers`,
    /// a defanged marker's first byte): one read of the bytes for both. The letters' test reads
    /// them with `| 0x20`, which folds A–Z onto a–z and `[` onto `{`, and moves no other byte there.
    @inline(__always) static func alnumsAndOpeners(_ words: Pair) -> (alnums: Pair, openers: Pair) {
        let high = splat(0x80)
        let ascii = (words & high) ^ high
        let low = words & splat(0x7f)
        let folded = low | splat(0x20)
        // In `lo...hi` (ASCII, `lo` ≥ 1): `+ (0x80 - lo)` sets the high bit from `lo` up and
        // `+ (0x7f - hi)` from past `hi` up (no sum carries out of its byte), so exactly the bytes
        // in the range differ there. (`^`, not `& ~`: the vector code then keeps to the vector unit.)
        let letters = (folded &+ splat(0x80 - 0x61)) ^ (folded &+ splat(0x7f - 0x7a))
        let digits = (low &+ splat(0x80 - 0x30)) ^ (low &+ splat(0x7f - 0x39))
        // `x + 0x7f` (`x` < 0x80) has its high bit clear only for a zero byte `x`.
        let notOpeners = ((low ^ splat(0x28)) &+ splat(0x7f)) & ((folded ^ splat(0x7b)) &+ splat(0x7f))
        return ((letters | digits) & ascii, ((notOpeners & high) ^ high) & ascii)
    }
}

extension BytePairWords {
    /// The bytes of a text shorter than sixteen, zeros after its end: at most three reads (two
    /// words that overlap, or pieces of four, two and one byte), every read inside the text.
    @inline(__always) static func loadShort(_ bytes: UnsafeBufferPointer<UInt8>) -> Pair {
        let count = bytes.count
        if count >= 8 {
            // The last eight bytes, shifted down past the ones the first word holds.
            return Pair(
                ByteWords.load(bytes, 0), count == 8 ? 0 : ByteWords.load(bytes, count &- 8) &>> UInt64(truncatingIfNeeded: 8 &* (16 &- count)))
        }
        return Pair(partialWord(bytes, count: count), 0)
    }

    /// The first `count` (0…7) bytes of `bytes` in a word, zeros above them.
    @inline(__always) static func partialWord(_ bytes: UnsafeBufferPointer<UInt8>, count: Int) -> UInt64 {
        guard count > 0 else { return 0 }
        let base = UnsafeRawPointer(bytes.baseAddress!)
        if count >= 4 {
            // Two four-byte reads that overlap: the first four and the last four bytes.
            let first = UInt64(UInt32(littleEndian: base.loadUnaligned(as: UInt32.self)))
            let last = UInt64(UInt32(littleEndian: base.loadUnaligned(fromByteOffset: count &- 4, as: UInt32.self)))
            return first | last &<< UInt64(truncatingIfNeeded: 8 &* (count &- 4))
        }
        // One to three bytes: the first, the middle and the last (some the same byte).
        let middle = count >> 1
        return UInt64(bytes[0]) | UInt64(bytes[middle]) &<< UInt64(truncatingIfNeeded: 8 &* middle)
            | UInt64(bytes[count &- 1]) &<< UInt64(truncatingIfNeeded: 8 &* (count &- 1))
    }

    /// The lanes `from..<to` (0…16, `from` < `to`) of a sixteen-byte read: 0x80 in each byte of
    /// those lanes in the first word and in the second.
    @inline(__always) static func lanes(from: Int, to: Int) -> (UInt64, UInt64) {
        let all = ByteWords.ones &* 0x80
        // Every shift is under 64 bits (`&<<`, `&>>`): a word the bound does not reach is chosen
        // apart (`<<` with a count tests for shifts of 64 bits or more at a dozen instructions).
        let lowFrom = from < 8 ? all &<< UInt64(truncatingIfNeeded: 8 &* from) : 0
        let highFrom = from <= 8 ? all : all &<< UInt64(truncatingIfNeeded: 8 &* (from &- 8))
        let lowTo = to >= 8 ? all : all &>> UInt64(truncatingIfNeeded: 64 &- 8 &* to)
        let highTo = to <= 8 ? 0 : all &>> UInt64(truncatingIfNeeded: 128 &- 8 &* to)
        return (lowFrom & lowTo, highFrom & highTo)
    }
}
