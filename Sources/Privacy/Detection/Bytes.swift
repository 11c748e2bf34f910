/// Byte classes for the hand-written scanners (ASCII only; every byte ≥ 0x80 is "other").
enum Bytes {
    @inline(__always) static func isDigit(_ b: UInt8) -> Bool { b &- 0x30 < 10 }
    @inline(__always) static func isLower(_ b: UInt8) -> Bool { b &- 0x61 < 26 }
    @inline(__always) static func isUpper(_ b: UInt8) -> Bool { b &- 0x41 < 26 }
    @inline(__always) static func isLetter(_ b: UInt8) -> Bool { isLower(b) || isUpper(b) }
    @inline(__always) static func isAlnum(_ b: UInt8) -> Bool { isDigit(b) || isLetter(b) }
    @inline(__always) static func isHex(_ b: UInt8) -> Bool { isDigit(b) || (b | 0x20) &- 0x61 < 6 }
    /// Space, tab, LF, VT, FF, CR: one bit test.
    @inline(__always) static func isSpace(_ b: UInt8) -> Bool {
        let spaces: UInt64 = 1 << 0x20 | 1 << 0x09 | 1 << 0x0a | 1 << 0x0b | 1 << 0x0c | 1 << 0x0d
        return b <= 0x20 && (spaces >> UInt64(b)) & 1 != 0
    }
    @inline(__always) static func lower(_ b: UInt8) -> UInt8 { isUpper(b) ? b | 0x20 : b }
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
