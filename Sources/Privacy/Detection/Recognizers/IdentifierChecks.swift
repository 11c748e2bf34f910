/// The check rules of the national-identifier families, over the compact form of a candidate:
/// its ASCII letters (uppercased) and digits, separators removed. Each returns whether the
/// compact form is a valid number of that family (shape, dates where the number holds one,
/// and the check digit or letter). Sources: each issuer's published rule (docs/privacy.md).
enum IdentifierChecks {
    typealias Compact = UnsafeBufferPointer<UInt8>

    @inline(__always) static func digit(_ c: Compact, _ i: Int) -> Int { Int(c[i]) - 0x30 }
    @inline(__always) static func isDigit(_ c: Compact, _ i: Int) -> Bool { Bytes.isDigit(c[i]) }
    @inline(__always) static func isUpper(_ c: Compact, _ i: Int) -> Bool { Bytes.isUpper(c[i]) }

    static func allDigits(_ c: Compact, _ range: Range<Int>) -> Bool {
        for i in range where !Bytes.isDigit(c[i]) { return false }
        return true
    }

    static func number(_ c: Compact, _ range: Range<Int>) -> Int {
        var value = 0
        for i in range { value = value * 10 + digit(c, i) }
        return value
    }

    /// Weighted digit sum of `range` with `weights` (same length).
    static func weighted(_ c: Compact, from start: Int, _ weights: [Int]) -> Int {
        var sum = 0
        for (offset, weight) in weights.enumerated() { sum += digit(c, start + offset) * weight }
        return sum
    }

    static func luhn(_ c: Compact, _ range: Range<Int>) -> Bool {
        var sum = 0, double = false
        for i in range.reversed() {
            var d = digit(c, i)
            if double { d *= 2; if d > 9 { d -= 9 } }
            sum += d
            double.toggle()
        }
        return sum % 10 == 0
    }

    static func validDate(day: Int, month: Int) -> Bool { (1...12).contains(month) && (1...31).contains(day) }

    // MARK: United States

    /// SSA rules: area not 000, 666 or 9xx; group not 00; serial not 0000.
    static func usSsn(_ c: Compact) -> Bool {
        guard c.count == 9, allDigits(c, 0..<9) else { return false }
        let area = number(c, 0..<3), group = number(c, 3..<5), serial = number(c, 5..<9)
        return area != 0 && area != 666 && area < 900 && group != 0 && serial != 0
    }

    /// IRS: 9xx-NN-NNNN with NN in 50–65, 70–88, 90–92 or 94–99.
    static func usItin(_ c: Compact) -> Bool {
        guard c.count == 9, allDigits(c, 0..<9), c[0] == 0x39 else { return false }
        let middle = number(c, 3..<5)
        return (50...65).contains(middle) || (70...88).contains(middle) || (90...92).contains(middle) || (94...99).contains(middle)
    }

    /// A letter and eight digits (the next-generation book), the number that an older 9-digit
    /// passport shares with every other 9-digit id is left to the checksum families and `long_number`.
    static func usPassport(_ c: Compact) -> Bool {
        c.count == 9 && isUpper(c, 0) && allDigits(c, 1..<9)
    }

    /// ABA routing number: Federal Reserve prefix and the 3-7-1 checksum.
    static func abaRouting(_ c: Compact) -> Bool {
        guard c.count == 9, allDigits(c, 0..<9) else { return false }
        let prefix = number(c, 0..<2)
        guard (0...12).contains(prefix) || (21...32).contains(prefix) || (61...72).contains(prefix) || prefix == 80 else { return false }
        return weighted(c, from: 0, [3, 7, 1, 3, 7, 1, 3, 7, 1]) % 10 == 0 && number(c, 0..<9) != 0
    }

    // MARK: United Kingdom

    /// National Insurance number: two prefix letters (HMRC's excluded letters and pairs), six
    /// digits, an optional suffix A–D.
    static func ukNino(_ c: Compact) -> Bool {
        guard c.count == 8 || c.count == 9, isUpper(c, 0), isUpper(c, 1), allDigits(c, 2..<8) else { return false }
        if c.count == 9 { guard (0x41...0x44).contains(c[8]) else { return false } }
        let first = c[0], second = c[1]
        if "DFIQUV".utf8.contains(first) || "DFIOQUV".utf8.contains(second) { return false }
        let pair = (UInt16(first) << 8) | UInt16(second)
        for excluded in ["BG", "GB", "KN", "NK", "NT", "TN", "ZZ"] {
            let bytes = Array(excluded.utf8)
            if pair == (UInt16(bytes[0]) << 8) | UInt16(bytes[1]) { return false }
        }
        return true
    }

    /// Two letters, six digits, a letter: the National Insurance number's shape, any letters.
    static func ninoShape(_ c: Compact) -> Bool {
        c.count == 9 && isUpper(c, 0) && isUpper(c, 1) && allDigits(c, 2..<8) && isUpper(c, 8)
    }

    /// NHS number: mod 11 with weights 10…2; a remainder giving 10 is never issued.
    static func ukNhs(_ c: Compact) -> Bool {
        guard c.count == 10, allDigits(c, 0..<10) else { return false }
        let check = 11 - weighted(c, from: 0, [10, 9, 8, 7, 6, 5, 4, 3, 2]) % 11
        let expected = check == 11 ? 0 : check
        return expected != 10 && expected == digit(c, 9)
    }

    // MARK: Spain

    static let dniLetters = Array("TRWAGMYFPDXBNJZSQVHLCKE".utf8)

    /// DNI/NIF: eight digits and the letter of their value mod 23.
    static func esNif(_ c: Compact) -> Bool {
        guard c.count == 9, allDigits(c, 0..<8), isUpper(c, 8) else { return false }
        return dniLetters[number(c, 0..<8) % 23] == c[8]
    }

    /// NIE: X, Y or Z (for 0, 1, 2), seven digits, the mod-23 letter.
    static func esNie(_ c: Compact) -> Bool {
        guard c.count == 9, c[0] >= 0x58, c[0] <= 0x5a, allDigits(c, 1..<8), isUpper(c, 8) else { return false }
        let value = Int(c[0] - 0x58) * 10_000_000 + number(c, 1..<8)
        return dniLetters[value % 23] == c[8]
    }

    // MARK: Italy

    static let cinOdd: [Int] = [1, 0, 5, 7, 9, 13, 15, 17, 19, 21, 2, 4, 18, 20, 11, 3, 6, 8, 12, 14, 16, 10, 22, 25, 24, 23]
    static let omocodia = Array("LMNPQRSTUV".utf8)
    static let monthLetters = Array("ABCDEHLMPRST".utf8)

    /// Codice fiscale: six letters, year, month letter, day, a place code, and the check letter
    /// (odd/even tables); digits may be replaced by the omocodia letters.
    static func itFiscalCode(_ c: Compact) -> Bool {
        guard c.count == 16 else { return false }
        for i in 0..<6 where !isUpper(c, i) { return false }
        guard monthLetters.contains(c[8]), isUpper(c, 11), isUpper(c, 15) else { return false }
        for i in [6, 7, 9, 10, 12, 13, 14] where !(isDigit(c, i) || omocodia.contains(c[i])) { return false }
        var sum = 0
        for i in 0..<15 {
            let ch = c[i]
            let value = Bytes.isDigit(ch) ? Int(ch - 0x30) : Int(ch - 0x41)
            sum += i % 2 == 0 ? cinOdd[value] : value
        }
        return Int(c[15] - 0x41) == sum % 26
    }

    /// Partita IVA: eleven digits with the Luhn check.
    static func itVatCode(_ c: Compact) -> Bool {
        guard c.count == 11, allDigits(c, 0..<11), number(c, 0..<7) != 0 else { return false }
        return luhn(c, 0..<11)
    }

    // MARK: Poland, Finland, Sweden

    /// PESEL: a valid month (with the century offset) and day, weights 1-3-7-9.
    static func plPesel(_ c: Compact) -> Bool {
        guard c.count == 11, allDigits(c, 0..<11) else { return false }
        let month = number(c, 2..<4) % 20, day = number(c, 4..<6)
        guard validDate(day: day, month: month) else { return false }
        let sum = weighted(c, from: 0, [1, 3, 7, 9, 1, 3, 7, 9, 1, 3])
        return (10 - sum % 10) % 10 == digit(c, 10)
    }

    static let hetuChecks = Array("0123456789ABCDEFHJKLMNPRSTUVWXY".utf8)

    /// Henkilötunnus: DDMMYY, a century sign (`-`, `+`, `A`–`F`, `U`–`Y`; a `-` is dropped from
    /// the compact form), three digits, the check character of DDMMYYNNN mod 31.
    static func fiHetu(_ c: Compact) -> Bool {
        let signed = c.count == 11
        guard c.count == 10 || signed, allDigits(c, 0..<6), validDate(day: number(c, 0..<2), month: number(c, 2..<4)) else { return false }
        if signed { guard "ABCDEFUVWXY".utf8.contains(c[6]) else { return false } }
        let tail = signed ? 7 : 6
        guard allDigits(c, tail..<(tail + 3)) else { return false }
        let value = number(c, 0..<6) * 1000 + number(c, tail..<(tail + 3))
        return hetuChecks[value % 31] == c[tail + 3]
    }

    /// Personnummer: YYMMDD (or YYYYMMDD) and four digits, Luhn over the last ten.
    static func sePersonnummer(_ c: Compact) -> Bool {
        guard c.count == 10 || c.count == 12, allDigits(c, 0..<c.count) else { return false }
        let start = c.count - 10
        let month = number(c, (start + 2)..<(start + 4)), day = number(c, (start + 4)..<(start + 6)) % 60
        return validDate(day: day, month: month) && luhn(c, start..<c.count)
    }

    // MARK: Korea, Singapore, India

    /// Resident registration number: YYMMDD and a gender/century digit 1–8, then six digits.
    /// Numbers issued since October 2020 have no checksum, so none is required.
    static func krRrn(_ c: Compact) -> Bool {
        guard c.count == 13, allDigits(c, 0..<13) else { return false }
        return validDate(day: number(c, 4..<6), month: number(c, 2..<4)) && (1...8).contains(digit(c, 6))
    }

    /// NRIC/FIN: S, T, F, G or M, seven digits, the check letter of weights 2-7-6-5-4-3-2.
    static func sgNric(_ c: Compact) -> Bool {
        guard c.count == 9, "STFGM".utf8.contains(c[0]), allDigits(c, 1..<8), isUpper(c, 8) else { return false }
        var sum = weighted(c, from: 1, [2, 7, 6, 5, 4, 3, 2])
        switch c[0] {
        case 0x54, 0x47: sum += 4  // T, G
        case 0x4d: sum += 3  // M
        default: break
        }
        let letters: [UInt8] =
            switch c[0] {
            case 0x53, 0x54: Array("JZIHGFEDCBA".utf8)
            case 0x46, 0x47: Array("XWUTRQPNMLK".utf8)
            default: Array("XWUTRQPNJLK".utf8)
            }
        return letters[sum % 11] == c[8]
    }

    /// PAN: five letters (the fourth the holder type), four digits, a letter.
    static func inPan(_ c: Compact) -> Bool {
        guard c.count == 10 else { return false }
        for i in 0..<5 where !isUpper(c, i) { return false }
        return "ABCFGHLJPTK".utf8.contains(c[3]) && allDigits(c, 5..<9) && isUpper(c, 9)
    }

    static let verhoeffMultiply: [[Int]] = [
        [0, 1, 2, 3, 4, 5, 6, 7, 8, 9], [1, 2, 3, 4, 0, 6, 7, 8, 9, 5], [2, 3, 4, 0, 1, 7, 8, 9, 5, 6],
        [3, 4, 0, 1, 2, 8, 9, 5, 6, 7], [4, 0, 1, 2, 3, 9, 5, 6, 7, 8], [5, 9, 8, 7, 6, 0, 4, 3, 2, 1],
        [6, 5, 9, 8, 7, 1, 0, 4, 3, 2], [7, 6, 5, 9, 8, 2, 1, 0, 4, 3], [8, 7, 6, 5, 9, 3, 2, 1, 0, 4],
        [9, 8, 7, 6, 5, 4, 3, 2, 1, 0],
    ]
    static let verhoeffPermute: [[Int]] = [
        [0, 1, 2, 3, 4, 5, 6, 7, 8, 9], [1, 5, 7, 6, 2, 8, 3, 0, 9, 4], [5, 8, 0, 3, 7, 9, 6, 1, 4, 2],
        [8, 9, 1, 6, 0, 4, 3, 5, 2, 7], [9, 4, 5, 3, 1, 2, 6, 8, 7, 0], [4, 2, 8, 6, 5, 7, 3, 9, 0, 1],
        [2, 7, 9, 3, 8, 0, 6, 4, 1, 5], [7, 0, 4, 6, 9, 1, 3, 2, 5, 8],
    ]

    /// Aadhaar: twelve digits, not starting with 0 or 1, Verhoeff check digit.
    static func inAadhaar(_ c: Compact) -> Bool {
        guard c.count == 12, allDigits(c, 0..<12), c[0] >= 0x32 else { return false }
        // `verhoeffMultiply` and `verhoeffPermute` as digit strings, ten a row (constant
        // addresses: no `swift_once`, no array per row); `IdentifierObfuscationSpeedTests` checks them.
        let multiply: StaticString = "0123456789123406789523401789563401289567401239567859876043216598710432765982104387659321049876543210"
        let permute: StaticString = "01234567891576283094580379614289160435279453126870428657390127938064157046913258"
        var check = 0
        for position in 0..<12 {
            let permuted = Int(permute.utf8Start[(position & 7) &* 10 &+ digit(c, 11 &- position)]) &- 0x30
            check = Int(multiply.utf8Start[check &* 10 &+ permuted]) &- 0x30
        }
        return check == 0
    }

    static let indianStates = ByteWordSet([
        "AN", "AP", "AR", "AS", "BR", "CG", "CH", "DD", "DL", "DN", "GA", "GJ", "HP", "HR", "JH", "JK", "KA", "KL", "LA", "LD",
        "MH", "ML", "MN", "MP", "MZ", "NL", "OD", "OR", "PB", "PY", "RJ", "SK", "TN", "TR", "TS", "UK", "UP", "WB", "BH",
    ])

    /// Vehicle registration: a state code, a 1–2 digit district, 0–3 series letters, four digits.
    static func inVehicleRegistration(_ c: Compact) -> Bool {
        guard (8...11).contains(c.count), isUpper(c, 0), isUpper(c, 1), isDigit(c, 2), indianStates.contains(c, 0..<2) else { return false }
        var i = 2, digits = 0
        while i < c.count, isDigit(c, i), digits < 2 { i += 1; digits += 1 }
        guard digits >= 1 else { return false }
        var letters = 0
        while i < c.count, isUpper(c, i), letters < 3 { i += 1; letters += 1 }
        return c.count - i == 4 && allDigits(c, i..<c.count)
    }

    // MARK: Australia

    /// Tax file number: weights 1-4-3-7-5-8-6-9-10 (nine digits; eight-digit TFNs drop the 8) mod 11.
    static func auTfn(_ c: Compact) -> Bool {
        guard c.count == 9, allDigits(c, 0..<9) else { return false }
        return weighted(c, from: 0, [1, 4, 3, 7, 5, 8, 6, 9, 10]) % 11 == 0
    }

    /// ABN: subtract 1 from the first digit, weights 10-1-3-…-19, mod 89.
    static func auAbn(_ c: Compact) -> Bool {
        guard c.count == 11, allDigits(c, 0..<11), c[0] != 0x30 else { return false }
        let weights = [10, 1, 3, 5, 7, 9, 11, 13, 15, 17, 19]
        var sum = 0
        for i in 0..<11 { sum += (i == 0 ? digit(c, 0) - 1 : digit(c, i)) * weights[i] }
        return sum % 89 == 0
    }

    /// ACN: weights 8…1 over the first eight digits; the ninth is the complement mod 10.
    static func auAcn(_ c: Compact) -> Bool {
        guard c.count == 9, allDigits(c, 0..<9) else { return false }
        let sum = weighted(c, from: 0, [8, 7, 6, 5, 4, 3, 2, 1])
        return (10 - sum % 10) % 10 == digit(c, 8)
    }

    /// Medicare: first digit 2–6, weights 1-3-7-9-1-3-7-9 mod 10 is the ninth digit; the tenth
    /// is the card issue number.
    static func auMedicare(_ c: Compact) -> Bool {
        guard c.count == 10 || c.count == 11, allDigits(c, 0..<c.count), (0x32...0x36).contains(c[0]) else { return false }
        return weighted(c, from: 0, [1, 3, 7, 9, 1, 3, 7, 9]) % 10 == digit(c, 8)
    }

    // MARK: Canada, Germany, France, Netherlands

    /// Social Insurance Number: nine digits, Luhn, not starting with 0 or 8.
    static func caSin(_ c: Compact) -> Bool {
        guard c.count == 9, allDigits(c, 0..<9), c[0] != 0x30, c[0] != 0x38 else { return false }
        return luhn(c, 0..<9)
    }

    /// Steuerliche Identifikationsnummer: eleven digits, no leading 0, one digit of the first
    /// ten twice or three times, ISO 7064 MOD 11,10 check digit.
    static func deTaxId(_ c: Compact) -> Bool {
        guard c.count == 11, allDigits(c, 0..<11), c[0] != 0x30 else { return false }
        // How often each digit occurs among the first ten, four bits a digit (no array to allocate):
        // exactly one digit may repeat, two or three times.
        var counts: UInt64 = 0
        for i in 0..<10 { counts &+= 1 &<< UInt64(truncatingIfNeeded: 4 &* digit(c, i)) }
        var repeatedDigits = 0, repeats = 0
        for d in 0..<10 {
            let count = Int(truncatingIfNeeded: counts &>> UInt64(truncatingIfNeeded: 4 &* d) & 0xf)
            if count >= 2 {
                repeatedDigits &+= 1
                repeats = count
            }
        }
        guard repeatedDigits == 1, repeats <= 3 else { return false }
        var product = 10
        for i in 0..<10 {
            var sum = (digit(c, i) + product) % 10
            if sum == 0 { sum = 10 }
            product = (2 * sum) % 11
        }
        let check = (11 - product) % 10
        return check == digit(c, 10)
    }

    /// NIR (numéro INSEE): sex 1, 2, 3, 4, 7 or 8, a valid month (or 20, 30–42, 50, 99 for unknown or
    /// special), thirteen digits and the key 97 − (number mod 97). Corsica's 2A/2B count as 19/18.
    static func frInsee(_ c: Compact) -> Bool {
        guard c.count == 15, "123478".utf8.contains(c[0]), allDigits(c, 0..<5), allDigits(c, 7..<15) else { return false }
        // 2A and 2B (Corsica) count as 19 and 18: the official rule subtracts 1,000,000 or 2,000,000.
        let corsica = c[5] == 0x32 && (c[6] == 0x41 || c[6] == 0x42)
        guard corsica || allDigits(c, 5..<7) else { return false }
        let month = number(c, 3..<5)
        guard (1...12).contains(month) || month == 20 || (30...42).contains(month) || month == 50 || month == 99 else { return false }
        var value = 0
        for i in 0..<13 {
            var d = isDigit(c, i) ? digit(c, i) : 0
            if corsica, i == 5 { d = 1 }
            if corsica, i == 6 { d = c[6] == 0x41 ? 9 : 8 }
            value = (value * 10 + d) % 97
        }
        return 97 - value == number(c, 13..<15)
    }

    /// BSN: nine digits, the "elfproef" (weights 9…2 and −1) divisible by 11.
    static func nlBsn(_ c: Compact) -> Bool {
        guard c.count == 9, allDigits(c, 0..<9), number(c, 0..<9) != 0 else { return false }
        let sum = weighted(c, from: 0, [9, 8, 7, 6, 5, 4, 3, 2]) - digit(c, 8)
        return sum % 11 == 0
    }
}
