/// Whitespace-delimited tokens of 24 or more bytes whose bytes look random (≥ 4 bits each).
enum EntropyCheck {
    /// Quotes, `:`, `,`, braces, brackets, angle brackets, `;`, `|`: never inside a secret of the
    /// formats the detectors know (base64 keeps its `+`, `/` and `=`).
    @inline(__always) static func isGlue(_ b: UInt8) -> Bool {
        switch b {
        case 0x22, 0x27, 0x3a, 0x2c, 0x7b, 0x7d, 0x3c, 0x3e, 0x5b, 0x5d, 0x28, 0x29, 0x3b, 0x7c, 0x60: true
        default: false
        }
    }

    /// `key=value`: an `=` between a letter, digit or `_` and an alphanumeric ends the key
    /// (base64 padding `==` at the end of a token stays in it).
    @inline(__always) static func isAssignment(_ bytes: UnsafeBufferPointer<UInt8>, _ index: Int) -> Bool {
        bytes[index] == 0x3d && index > 0 && index + 1 < bytes.count && (Bytes.isAlnum(bytes[index - 1]) || bytes[index - 1] == 0x5f)
            && Bytes.isAlnum(bytes[index + 1])
    }

    /// `isAssignment` out of line: the token loop reads the neighbours of an `=` only (inlined,
    /// the compiler reads them for every byte to spare a branch).
    @inline(never) static func isAssignmentOutOfLine(_ bytes: UnsafeBufferPointer<UInt8>, _ index: Int) -> Bool {
        isAssignment(bytes, index)
    }

    /// The checks of one token (`classes`: its bytes' `ScanClass` bits, or-ed), and its charge.
    @inline(__always)
    static func judge(
        _ bytes: UnsafeBufferPointer<UInt8>, _ token: Range<Int>, _ classes: UInt8, into found: inout [DetectedSpan], budget: inout ScanBudget
    ) {
        // Tests that are almost always false, instead of a branch on the token's length that the
        // predictor misses on varied text: a token of 24 bytes or more is charged and counted; a
        // shorter one only with a password symbol and eight bytes or more (both shapes need
        // eight; one under 24 is never random, and a password only with a symbol, none in letters
        // and digits alone).
        let long = token.count >= 24
        if long { budget.charge(token.count + 256) }
        guard long || classes & ScanClass.passwordSymbol != 0 && token.count >= 8 else { return }
        countShapes(bytes, token, classes, into: &found)
    }

    /// The shapes of a token of eight bytes or more: out of line (few tokens get here).
    @inline(never)
    static func countShapes(_ bytes: UnsafeBufferPointer<UInt8>, _ token: Range<Int>, _ classes: UInt8, into found: inout [DetectedSpan]) {
        var upper = 0, lower = 0, digits = 0, symbols = 0, dots = 0
        for position in token {
            let b = bytes[position]
            if Bytes.isUpper(b) {
                upper += 1
            } else if Bytes.isLower(b) {
                lower += 1
            } else if Bytes.isDigit(b) {
                digits += 1
            } else if b == 0x2e {
                dots += 1
            } else if Bytes.isPasswordSymbol(b) || b == 0x2b || b == 0x2f || b == 0x3d {
                symbols += 1
            }
        }
        let random =
            token.count >= 24 && dots < 2 && (digits > 0 && upper > 0 && lower > 0 || symbols > 0)
            && Validators.entropy(bytes, token) >= 4.0
        // A password's shape: letters, digits and symbols like $ ! # % in one short token.
        let password =
            token.count >= 8 && (upper + lower) > 0 && digits > 0
            && classes & ScanClass.passwordSymbol != 0
        if random || password { found.append(DetectedSpan(token, .highEntropy)) }
    }
}
