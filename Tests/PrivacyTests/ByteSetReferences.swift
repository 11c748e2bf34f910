@testable import Privacy

// The byte sets the token passes' flag tables replace, as they were written (chains of
// compares, lists of bytes): the references `TokenPassesMispredictTests` compares the tables
// with. The gate itself reads only the tables.

extension DetectorSet {
    /// The bytes `trim` strips first, as a chain of compares (the tests' reference).
    static func isTrimmedFirst(_ b: UInt8, brackets: Bool) -> Bool {
        b == 0x22 || b == 0x27 || b == 0x28 || b == 0x7b || b == 0x3c || b == 0x60 || (brackets && b == 0x5b)
    }

    /// The bytes `trim` strips last, as a chain of compares (the tests' reference).
    static func isTrimmedLast(_ b: UInt8, brackets: Bool) -> Bool {
        b == 0x22 || b == 0x27 || b == 0x29 || b == 0x7d || b == 0x3e || b == 0x2c || b == 0x3b || b == 0x2e || b == 0x21
            || b == 0x3f || b == 0x60 || b == 0x3a || (brackets && b == 0x5d)
    }
}

extension CompanyNameScan {
    static func isTrailingPunctuationByChain(_ b: UInt8) -> Bool {
        switch b {
        case 0x22, 0x27, 0x29, 0x2c, 0x3b, 0x3a, 0x60, 0x21, 0x3f: true
        default: false
        }
    }
}

extension TokenShapeMasks {
    /// The sets as lists of bytes (the tests build the table from them).
    static let sets: [(flag: UInt8, bytes: [UInt8])] = [
        (trimFirst, [0x22, 0x27, 0x28, 0x7b, 0x3c, 0x60]),
        (trimFirstBracket, [0x22, 0x27, 0x28, 0x7b, 0x3c, 0x60, 0x5b]),
        (trimLast, [0x22, 0x27, 0x29, 0x7d, 0x3e, 0x2c, 0x3b, 0x2e, 0x21, 0x3f, 0x60, 0x3a]),
        (trimLastBracket, [0x22, 0x27, 0x29, 0x7d, 0x3e, 0x2c, 0x3b, 0x2e, 0x21, 0x3f, 0x60, 0x3a, 0x5d]),
        (companyFirst, [0x22, 0x27, 0x28, 0x60]),
        (companyLast, [0x22, 0x27, 0x29, 0x2c, 0x3b, 0x3a, 0x60, 0x21, 0x3f]),
        (wordEnd, [0x2c, 0x2e, 0x3a, 0x3b]),
    ]

    /// The second table's sets as lists of bytes.
    static let cutSets: [(flag: UInt8, bytes: [UInt8])] = [
        (coreStop, [0x3d, 0x3e]),
        (quote, [0x22, 0x27]),
        (coreFirst, [0x22, 0x27, 0x28, 0x3d]),
        (coreLast, [0x22, 0x27, 0x29, 0x2c, 0x3b, 0x3a]),
        (placeholderStart, [0x5b, 0x22, 0x27]),
    ]
}
