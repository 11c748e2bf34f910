/// Byte sets of the token passes' trims as flags in one constant table (`flags`): a load and a
/// bit test a byte, where a chain of compares is several branches (and a set spread over more
/// than 64 byte values was a jump table: an indirect branch the CPU mispredicts on varied text).
enum TokenShapeMasks {
    /// `DetectorSet.trim`'s leading bytes: `"` `'` `(` `{` `<` `` ` ``; with `[` (brackets).
    static let trimFirst: UInt8 = 1
    static let trimFirstBracket: UInt8 = 2
    /// `DetectorSet.trim`'s trailing bytes: `"` `'` `)` `}` `>` `,` `;` `.` `!` `?` `` ` `` `:`;
    /// with `]` (brackets).
    static let trimLast: UInt8 = 4
    static let trimLastBracket: UInt8 = 8
    /// `CompanyNameScan.trimmed`'s leading bytes: `"` `'` `(` `` ` ``.
    static let companyFirst: UInt8 = 16
    /// `CompanyNameScan.isTrailingPunctuation`: `"` `'` `)` `,` `;` `:` `` ` `` `!` `?`.
    static let companyLast: UInt8 = 32
    /// The punctuation a plain word may end with (`DetectorSet.classifyToken`): `,` `.` `:` `;`.
    static let wordEnd: UInt8 = 64

    /// The flags of `b` (no lazy initialisation: the literal's address is a constant).
    @inline(__always) static func flags(_ b: UInt8) -> UInt8 {
        // 16 bytes a line, 0x00 to 0xff; `TokenPassesMispredictTests` checks it against the sets.
        let table: StaticString = """
            \0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\
            \0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\
            \0\u{2c}\u{3f}\0\0\0\0\u{3f}\u{13}\u{2c}\0\0\u{6c}\0\u{4c}\0\
            \0\0\0\0\0\0\0\0\0\0\u{6c}\u{6c}\u{3}\0\u{c}\u{2c}\
            \0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\
            \0\0\0\0\0\0\0\0\0\0\0\u{2}\0\u{8}\0\0\
            \u{3f}\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\
            \0\0\0\0\0\0\0\0\0\0\0\u{3}\0\u{c}\0\0\
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

    // The second table's flags (`cutFlags`): `AddressScan.core`'s cuts and a placeholder's start.
    /// `AddressScan.core` starts its core after `=` `>`.
    static let coreStop: UInt8 = 1
    /// ... and after a quote but the last byte: `"` `'`.
    static let quote: UInt8 = 2
    /// `AddressScan.core` strips first: `"` `'` `(` `=`.
    static let coreFirst: UInt8 = 4
    /// `AddressScan.core` strips last: `"` `'` `)` `,` `;` `:`.
    static let coreLast: UInt8 = 8
    /// A placeholder's first byte (`DetectorSet.classifyOther`): `[` `"` `'`.
    static let placeholderStart: UInt8 = 16

    /// The second table's flags of `b`.
    @inline(__always) static func cutFlags(_ b: UInt8) -> UInt8 {
        // 16 bytes a line, 0x00 to 0xff; `TokenPassesMispredictTests` checks it against the sets.
        let table: StaticString = """
            \0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\
            \0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\
            \0\0\u{1e}\0\0\0\0\u{1e}\u{4}\u{8}\0\0\u{8}\0\0\0\
            \0\0\0\0\0\0\0\0\0\0\u{8}\u{8}\0\u{5}\u{1}\0\
            \0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\
            \0\0\0\0\0\0\0\0\0\0\0\u{10}\0\0\0\0\
            \0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\
            \0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\
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
}
