/// Byte sets of the span detectors, one bit each in a 256-entry table: a chain of `==` tests
/// is a branch per test, and on varied text each is a coin flip the predictor misses; a load
/// and a bit test is none. Bytes ≥ 0x80 are in no set.
enum SpanDetectorMasks {
    /// A letter, digit, `_`, `-` or `.`: a key's byte in `secretAssignments` and `isQueryPair`.
    static let keyByte: UInt8 = 1
    /// A letter, digit, `_` or `-`: a key's byte in `quotedValues`.
    static let dashedNameByte: UInt8 = 2
    /// A letter, digit, `.` or `_`: a digit group's byte.
    static let groupByte: UInt8 = 4
    /// A letter, digit, `_` or space: a connection-string key's byte.
    static let connectionKeyByte: UInt8 = 8
    /// `-`, `_` or `.`: the separators `isSecretKey` trims and splits at.
    static let keySeparator: UInt8 = 16
    /// Space, `"` or `'`: what may lie between a key and its separator.
    static let keyGap: UInt8 = 32
    /// Space or tab: what may lie between a separator and its value.
    static let valueGap: UInt8 = 64

    /// The set bits of `b` (seven: a table entry of 0x80 or more would take two bytes in the
    /// literal): one load from a constant table (the literal's address is a
    /// constant, with no lazy initialisation and no bounds check); `SpanDetectorMispredictTests`
    /// checks it against the `==` chains it replaces.
    @inline(__always) static func classes(_ b: UInt8) -> UInt8 {
        // 16 bytes a line, 0x00 to 0xff (`\` at a line end joins the lines).
        let table: StaticString = """
            \0\0\0\0\0\0\0\0\0\u{40}\0\0\0\0\0\0\
            \0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\
            \u{68}\0\u{20}\0\0\0\0\u{20}\0\0\0\0\0\u{13}\u{15}\0\
            \u{f}\u{f}\u{f}\u{f}\u{f}\u{f}\u{f}\u{f}\u{f}\u{f}\0\0\0\0\0\0\
            \0\u{f}\u{f}\u{f}\u{f}\u{f}\u{f}\u{f}\u{f}\u{f}\u{f}\u{f}\u{f}\u{f}\u{f}\u{f}\
            \u{f}\u{f}\u{f}\u{f}\u{f}\u{f}\u{f}\u{f}\u{f}\u{f}\u{f}\0\0\0\0\u{1f}\
            \0\u{f}\u{f}\u{f}\u{f}\u{f}\u{f}\u{f}\u{f}\u{f}\u{f}\u{f}\u{f}\u{f}\u{f}\u{f}\
            \u{f}\u{f}\u{f}\u{f}\u{f}\u{f}\u{f}\u{f}\u{f}\u{f}\u{f}\0\0\0\0\0\
            \0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\
            \0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\
            \0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\
            \0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\
            \0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\
            \0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\
            \0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\
            \0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0
            """
        return table.utf8Start[Int(b)]
    }

    @inline(__always) static func isKeyByte(_ b: UInt8) -> Bool { classes(b) & keyByte != 0 }
    @inline(__always) static func isDashedNameByte(_ b: UInt8) -> Bool { classes(b) & dashedNameByte != 0 }
    @inline(__always) static func isGroupByte(_ b: UInt8) -> Bool { classes(b) & groupByte != 0 }
    @inline(__always) static func isConnectionKeyByte(_ b: UInt8) -> Bool { classes(b) & connectionKeyByte != 0 }
    @inline(__always) static func isKeySeparator(_ b: UInt8) -> Bool { classes(b) & keySeparator != 0 }
    @inline(__always) static func isKeyGap(_ b: UInt8) -> Bool { classes(b) & keyGap != 0 }
    @inline(__always) static func isValueGap(_ b: UInt8) -> Bool { classes(b) & valueGap != 0 }
}
