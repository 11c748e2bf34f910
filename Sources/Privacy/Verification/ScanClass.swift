/// Byte classes of the verification scan's own word-level checks (the allow-list's tokens and
/// the entropy check's tokens), one load from a constant table per byte: each check reads a
/// byte once and tests the bits it needs, instead of a chain of range tests per rule.
enum ScanClass {
    /// `0`–`9`.
    static let digit: UInt8 = 0x01
    /// `A`–`Z`, `a`–`z`.
    static let letter: UInt8 = 0x02
    /// `.`, `-`, `_`: the allow-list's separators.
    static let separator: UInt8 = 0x04
    /// A byte ≥ 0x80.
    static let high: UInt8 = 0x08
    /// `$ ! # % ^ & * ~`: `Bytes.isPasswordSymbol` without `@`, the entropy check's password mark.
    static let passwordSymbol: UInt8 = 0x10
    /// Whitespace (`Bytes.isSpace`) or the entropy check's glue (`EntropyCheck.isGlue`).
    static let cut: UInt8 = 0x20
    /// `=`: cuts an entropy token only as an assignment (`EntropyCheck.isAssignment`).
    static let equals: UInt8 = 0x40
    /// A byte that may end an entropy token.
    static let cutOrEquals: UInt8 = 0x60  // cut | equals
    /// A byte that starts an allow-list token: a letter, a digit or a byte ≥ 0x80.
    static let tokenStart: UInt8 = 0x0b  // digit | letter | high
    /// A byte of an allow-list token: a start byte or a separator.
    static let tokenByte: UInt8 = 0x0f  // tokenStart | separator

    /// The class bits of `b` (the literal's address is a constant: no lazy initialisation, no
    /// bounds check). 16 bytes a line, 0x00 to 0xff; `ScanClassTests` checks every byte.
    @inline(__always) static func of(_ b: UInt8) -> UInt8 {
        let table: StaticString = """
            \0\0\0\0\0\0\0\0\0\u{20}\u{20}\u{20}\u{20}\u{20}\0\0\
            \0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\
            \u{20}\u{10}\u{20}\u{10}\u{10}\u{10}\u{10}\u{20}\u{20}\u{20}\u{10}\0\u{20}\u{4}\u{4}\0\
            \u{1}\u{1}\u{1}\u{1}\u{1}\u{1}\u{1}\u{1}\u{1}\u{1}\u{20}\u{20}\u{20}\u{40}\u{20}\0\
            \0\u{2}\u{2}\u{2}\u{2}\u{2}\u{2}\u{2}\u{2}\u{2}\u{2}\u{2}\u{2}\u{2}\u{2}\u{2}\
            \u{2}\u{2}\u{2}\u{2}\u{2}\u{2}\u{2}\u{2}\u{2}\u{2}\u{2}\u{20}\0\u{20}\u{10}\u{4}\
            \u{20}\u{2}\u{2}\u{2}\u{2}\u{2}\u{2}\u{2}\u{2}\u{2}\u{2}\u{2}\u{2}\u{2}\u{2}\u{2}\
            \u{2}\u{2}\u{2}\u{2}\u{2}\u{2}\u{2}\u{2}\u{2}\u{2}\u{2}\u{20}\u{20}\u{20}\u{10}\0\
            \u{8}\u{8}\u{8}\u{8}\u{8}\u{8}\u{8}\u{8}\u{8}\u{8}\u{8}\u{8}\u{8}\u{8}\u{8}\u{8}\
            \u{8}\u{8}\u{8}\u{8}\u{8}\u{8}\u{8}\u{8}\u{8}\u{8}\u{8}\u{8}\u{8}\u{8}\u{8}\u{8}\
            \u{8}\u{8}\u{8}\u{8}\u{8}\u{8}\u{8}\u{8}\u{8}\u{8}\u{8}\u{8}\u{8}\u{8}\u{8}\u{8}\
            \u{8}\u{8}\u{8}\u{8}\u{8}\u{8}\u{8}\u{8}\u{8}\u{8}\u{8}\u{8}\u{8}\u{8}\u{8}\u{8}\
            \u{8}\u{8}\u{8}\u{8}\u{8}\u{8}\u{8}\u{8}\u{8}\u{8}\u{8}\u{8}\u{8}\u{8}\u{8}\u{8}\
            \u{8}\u{8}\u{8}\u{8}\u{8}\u{8}\u{8}\u{8}\u{8}\u{8}\u{8}\u{8}\u{8}\u{8}\u{8}\u{8}\
            \u{8}\u{8}\u{8}\u{8}\u{8}\u{8}\u{8}\u{8}\u{8}\u{8}\u{8}\u{8}\u{8}\u{8}\u{8}\u{8}\
            \u{8}\u{8}\u{8}\u{8}\u{8}\u{8}\u{8}\u{8}\u{8}\u{8}\u{8}\u{8}\u{8}\u{8}\u{8}\u{8}
            """
        return table.utf8Start[Int(b)]
    }
}
