/// Byte classes for the hand-written scanners (ASCII only; every byte ≥ 0x80 is "other").
enum Bytes {
    @inline(__always) static func isDigit(_ b: UInt8) -> Bool { b &- 0x30 < 10 }
    @inline(__always) static func isLower(_ b: UInt8) -> Bool { b &- 0x61 < 26 }
    @inline(__always) static func isUpper(_ b: UInt8) -> Bool { b &- 0x41 < 26 }
    @inline(__always) static func isLetter(_ b: UInt8) -> Bool { classes(b) & 6 != 0 }
    @inline(__always) static func isAlnum(_ b: UInt8) -> Bool { classes(b) & 7 != 0 }
    @inline(__always) static func isHex(_ b: UInt8) -> Bool { classes(b) & 9 != 0 }

    /// The class bits of `b` (1 digit, 2 lowercase, 4 uppercase, 8 hex letter, 16 space,
    /// 32 a byte `AddressScan.core` cuts at, 64 a byte after which `IdentifierScan` starts no run): one load from a
    /// constant table instead of a chain of range tests (the literal's address is a constant,
    /// with no lazy initialisation and no bounds check).
    static let space: UInt8 = 16
    static let coreCut: UInt8 = 32
    static let identifierBlock: UInt8 = 64
    @inline(__always) static func classes(_ b: UInt8) -> UInt8 {
        // 16 bytes a line, 0x00 to 0xff (`\` at a line end joins the lines); `BytesTests` checks it.
        let table: StaticString = """
            \0\0\0\0\0\0\0\0\0\u{10}\u{10}\u{10}\u{10}\u{10}\0\0\
            \0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\
            \u{10}\0\u{20}\0\0\u{40}\0\u{20}\u{20}\u{20}\0\0\u{20}\u{40}\u{40}\u{40}\
            \u{1}\u{1}\u{1}\u{1}\u{1}\u{1}\u{1}\u{1}\u{1}\u{1}\u{20}\u{20}\u{20}\u{20}\u{20}\0\
            \u{40}\u{c}\u{c}\u{c}\u{c}\u{c}\u{c}\u{4}\u{4}\u{4}\u{4}\u{4}\u{4}\u{4}\u{4}\u{4}\
            \u{4}\u{4}\u{4}\u{4}\u{4}\u{4}\u{4}\u{4}\u{4}\u{4}\u{4}\0\u{40}\0\0\u{40}\
            \0\u{a}\u{a}\u{a}\u{a}\u{a}\u{a}\u{2}\u{2}\u{2}\u{2}\u{2}\u{2}\u{2}\u{2}\u{2}\
            \u{2}\u{2}\u{2}\u{2}\u{2}\u{2}\u{2}\u{2}\u{2}\u{2}\u{2}\0\0\0\0\0\
            \u{40}\u{40}\u{40}\u{40}\u{40}\u{40}\u{40}\u{40}\u{40}\u{40}\u{40}\u{40}\u{40}\u{40}\u{40}\u{40}\
            \u{40}\u{40}\u{40}\u{40}\u{40}\u{40}\u{40}\u{40}\u{40}\u{40}\u{40}\u{40}\u{40}\u{40}\u{40}\u{40}\
            \u{40}\u{40}\u{40}\u{40}\u{40}\u{40}\u{40}\u{40}\u{40}\u{40}\u{40}\u{40}\u{40}\u{40}\u{40}\u{40}\
            \u{40}\u{40}\u{40}\u{40}\u{40}\u{40}\u{40}\u{40}\u{40}\u{40}\u{40}\u{40}\u{40}\u{40}\u{40}\u{40}\
            \u{40}\u{40}\u{40}\u{40}\u{40}\u{40}\u{40}\u{40}\u{40}\u{40}\u{40}\u{40}\u{40}\u{40}\u{40}\u{40}\
            \u{40}\u{40}\u{40}\u{40}\u{40}\u{40}\u{40}\u{40}\u{40}\u{40}\u{40}\u{40}\u{40}\u{40}\u{40}\u{40}\
            \u{40}\u{40}\u{40}\u{40}\u{40}\u{40}\u{40}\u{40}\u{40}\u{40}\u{40}\u{40}\u{40}\u{40}\u{40}\u{40}\
            \u{40}\u{40}\u{40}\u{40}\u{40}\u{40}\u{40}\u{40}\u{40}\u{40}\u{40}\u{40}\u{40}\u{40}\u{40}\u{40}
            """
        return table.utf8Start[Int(b)]
    }

    /// Space, tab, LF, VT, FF, CR: one bit test.
    @inline(__always) static func isSpace(_ b: UInt8) -> Bool {
        let spaces: UInt64 = 1 << 0x20 | 1 << 0x09 | 1 << 0x0a | 1 << 0x0b | 1 << 0x0c | 1 << 0x0d
        return b <= 0x20 && (spaces >> UInt64(b)) & 1 != 0
    }
    @inline(__always) static func lower(_ b: UInt8) -> UInt8 { isUpper(b) ? b | 0x20 : b }
    /// Whether `b` is in the ASCII set whose bits are `low` (bytes 0x00–0x3f) and `high`
    /// (0x40–0x7f): one test for sets of many bytes (bytes ≥ 0x80 are in none).
    @inline(__always) static func isIn(_ b: UInt8, low: UInt64, high: UInt64) -> Bool {
        b < 0x80 && ((b < 0x40 ? low : high) >> UInt64(b & 0x3f)) & 1 != 0
    }
    @inline(__always) static func isBase64(_ b: UInt8) -> Bool { isAlnum(b) || b == 0x2b || b == 0x2f }
    @inline(__always) static func isBase64URL(_ b: UInt8) -> Bool { isAlnum(b) || b == 0x2d || b == 0x5f }
    /// `$ ! # % ^ & * ~ @`: symbols that mark a password when mixed with letters.
    @inline(__always) static func isPasswordSymbol(_ b: UInt8) -> Bool {
        switch b {
        case 0x24, 0x21, 0x23, 0x25, 0x5e, 0x26, 0x2a, 0x7e, 0x40: true
        default: false
        }
    }
    @inline(__always) static func hexValue(_ b: UInt8) -> Int {
        isDigit(b) ? Int(b - 0x30) : Int((b | 0x20) - 0x61 + 10)
    }

    /// Case-insensitive ASCII comparison of `bytes[at...]` with a lowercase literal.
    @inline(__always)
    static func matches(_ bytes: UnsafeBufferPointer<UInt8>, at index: Int, lowercase literal: StaticString) -> Bool {
        let count = literal.utf8CodeUnitCount
        guard index >= 0, index + count <= bytes.count else { return false }
        let pointer = literal.utf8Start
        for offset in 0..<count where lower(bytes[index + offset]) != pointer[offset] { return false }
        return true
    }

    /// True when `range` of `bytes` equals `literal` (case-insensitive, literal lowercase).
    static func equals(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>, lowercase literal: StaticString) -> Bool {
        range.count == literal.utf8CodeUnitCount && matches(bytes, at: range.lowerBound, lowercase: literal)
    }

    static func string(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> String {
        String(decoding: UnsafeBufferPointer(rebasing: bytes[range]), as: UTF8.self)
    }
}

/// Eight bytes at a time (SWAR): the scanners pass over stretches where nothing can start a
/// word at a time instead of a byte at a time. A word's first byte is its lowest; every mask
/// below is exact per byte (0x80 in each byte that answers yes, 0 in the others), so a scanner
/// may jump to the first flagged byte and read it as before.
enum ByteWords {
    static let ones: UInt64 = 0x0101_0101_0101_0101
    static let lows: UInt64 = 0x7f7f_7f7f_7f7f_7f7f

    /// The eight bytes at `index`; the caller checks `index + 8 <= bytes.count`.
    @inline(__always) static func load(_ bytes: UnsafeBufferPointer<UInt8>, _ index: Int) -> UInt64 {
        // No test of the base address: eight bytes from `index` are in the buffer (the caller's
        // precondition), so it is not empty and has one.
        UInt64(littleEndian: UnsafeRawPointer(bytes.baseAddress.unsafelyUnwrapped + index).loadUnaligned(as: UInt64.self))
    }

    /// 0x80 in each zero byte of `x`.
    @inline(__always) static func zeros(_ x: UInt64) -> UInt64 {
        ~(((x & lows) &+ lows) | x | lows)
    }

    /// 0x80 in each byte of `word` equal to `b`.
    @inline(__always) static func equal(_ word: UInt64, _ b: UInt8) -> UInt64 {
        zeros(word ^ (ones &* UInt64(b)))
    }

    /// The offset of the first flagged byte of a non-zero mask.
    @inline(__always) static func first(_ mask: UInt64) -> Int { mask.trailingZeroBitCount >> 3 }

    /// 0x80 in each byte of `word` in `lo...hi` (ASCII bounds, `lo` ≥ 1).
    @inline(__always) static func inRange(_ word: UInt64, _ lo: UInt8, _ hi: UInt8) -> UInt64 {
        let low = word & lows
        let atLeast = low &+ (ones &* UInt64(0x80 - lo))
        let above = low &+ (ones &* UInt64(0x7f - hi))
        return atLeast & ~above & ~word & (ones &* 0x80)
    }

    /// 0x80 in each ASCII letter of `word` (`| 0x20` folds A–Z onto a–z and moves no other byte there).
    @inline(__always) static func letters(_ word: UInt64) -> UInt64 { inRange(word | (ones &* 0x20), 0x61, 0x7a) }

    /// 0x80 in each ASCII letter or digit of `word`.
    @inline(__always) static func alnums(_ word: UInt64) -> UInt64 { letters(word) | inRange(word, 0x30, 0x39) }

    /// The end of the run of bytes from `from` that `member` flags (a word at a time where eight
    /// bytes are left, then one at a time with `byte`): the first byte it does not flag, or
    /// `bytes.count`.
    @inline(__always) static func runEnd(
        _ bytes: UnsafeBufferPointer<UInt8>, from: Int, _ member: (UInt64) -> UInt64, byte: (UInt8) -> Bool
    ) -> Int {
        var index = from
        while index + 8 <= bytes.count {
            let outside = ~member(load(bytes, index)) & (ones &* 0x80)
            if outside != 0 { return index + first(outside) }
            index += 8
        }
        while index < bytes.count, byte(bytes[index]) { index += 1 }
        return index
    }

    /// The first byte at or after `from` that `test` flags, read a word at a time, or where
    /// fewer than eight bytes are left (the caller reads those one at a time, as before).
    @inline(__always) static func next(_ bytes: UnsafeBufferPointer<UInt8>, from: Int, _ test: (UInt64) -> UInt64) -> Int {
        var index = from
        while index + 8 <= bytes.count {
            let mask = test(load(bytes, index))
            if mask != 0 { return index + first(mask) }
            index += 8
        }
        return index
    }

    /// The first `b` in `from..<limit`, or `limit`.
    @inline(__always) static func firstIndex(of b: UInt8, in bytes: UnsafeBufferPointer<UInt8>, from: Int, limit: Int) -> Int {
        var index = from
        while index < limit, index + 8 <= bytes.count {
            let mask = equal(load(bytes, index), b)
            if mask != 0 { return min(index + first(mask), limit) }
            index += 8
        }
        while index < limit, bytes[index] != b { index += 1 }
        return min(index, limit)  // a word without `b` may have carried `index` past `limit`
    }
}
