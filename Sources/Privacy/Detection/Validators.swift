/// The validators of the detectors: a shape only counts when its check passes.
enum Validators {
    /// Luhn checksum over the digits of `range` (separators skipped).
    static func luhn(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> Bool {
        var sum = 0, double = false, count = 0
        for index in range.reversed() where Bytes.isDigit(bytes[index]) {
            var digit = Int(bytes[index] - 0x30)
            if double {
                digit *= 2
                if digit > 9 { digit -= 9 }
            }
            sum += digit
            double.toggle()
            count += 1
        }
        return count >= 12 && sum % 10 == 0
    }

    /// IBAN lengths per country (ISO 13616 registry).
    static let ibanLengths: [String: Int] = [
        "AD": 24, "AE": 23, "AL": 28, "AT": 20, "AZ": 28, "BA": 20, "BE": 16, "BG": 22, "BH": 22, "BR": 29, "BY": 28,
        "CH": 21, "CR": 22, "CY": 28, "CZ": 24, "DE": 22, "DK": 18, "DO": 28, "EE": 20, "EG": 29, "ES": 24, "FI": 18,
        "FO": 18, "FR": 27, "GB": 22, "GE": 22, "GI": 23, "GL": 18, "GR": 27, "GT": 28, "HR": 21, "HU": 28, "IE": 22,
        "IL": 23, "IQ": 23, "IS": 26, "IT": 27, "JO": 30, "KW": 30, "KZ": 20, "LB": 28, "LC": 32, "LI": 21, "LT": 20,
        "LU": 20, "LV": 21, "MC": 27, "MD": 24, "ME": 22, "MK": 19, "MR": 27, "MT": 31, "MU": 30, "NL": 18, "NO": 15,
        "PK": 24, "PL": 28, "PS": 29, "PT": 25, "QA": 29, "RO": 24, "RS": 22, "SA": 24, "SC": 31, "SE": 24, "SI": 19,
        "SK": 24, "SM": 27, "ST": 25, "SV": 28, "TL": 23, "TN": 24, "TR": 26, "UA": 29, "VA": 22, "VG": 24, "XK": 20,
    ]

    /// `ibanLengths` by the country's letters (row: first letter, column: second; 0: no IBAN
    /// country): the digit-group detector's lookup without building and hashing a String.
    static let ibanLengthTable: [UInt8] = {
        var table = [UInt8](repeating: 0, count: 26 * 26)
        for (country, length) in ibanLengths {
            let letters = Array(country.utf8)
            table[Int(letters[0] - 0x41) * 26 + Int(letters[1] - 0x41)] = UInt8(length)
        }
        return table
    }()

    /// The IBAN length of the country whose two letters (either case) are `first` and `second`,
    /// or nil when they name none (or are no letters).
    @inline(__always) static func ibanLength(_ first: UInt8, _ second: UInt8) -> Int? {
        let row = (first & 0xdf) &- 0x41, column = (second & 0xdf) &- 0x41
        guard row < 26, column < 26 else { return nil }
        let length = ibanLengthTable[Int(row) * 26 + Int(column)]
        return length == 0 ? nil : Int(length)
    }

    /// ISO 13616 mod-97 over the alphanumerics of `range` (spaces skipped), with the country's length.
    static func iban(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> Bool {
        var chars: [UInt8] = []
        chars.reserveCapacity(34)
        for index in range where bytes[index] != 0x20 {
            guard Bytes.isAlnum(bytes[index]) else { return false }
            chars.append(Bytes.isLower(bytes[index]) ? bytes[index] - 32 : bytes[index])
        }
        guard chars.count >= 15, chars.count <= 34, Bytes.isUpper(chars[0]), Bytes.isUpper(chars[1]),
            Bytes.isDigit(chars[2]), Bytes.isDigit(chars[3]),
            ibanLengths[String(decoding: chars[0..<2], as: UTF8.self)] == chars.count
        else { return false }
        var remainder = 0
        for char in chars[4...] + chars[0..<4] {
            if Bytes.isDigit(char) {
                remainder = (remainder * 10 + Int(char - 0x30)) % 97
            } else {
                remainder = (remainder * 100 + Int(char - 0x41 + 10)) % 97
            }
        }
        return remainder == 1
    }

    /// Dotted-quad IPv4 with every octet 0…255 and no leading zeros beyond one digit.
    static func ipv4(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> Bool {
        var octets = 0, value = 0, digits = 0
        for index in range {
            let b = bytes[index]
            if Bytes.isDigit(b) {
                value = value * 10 + Int(b - 0x30)
                digits += 1
                if digits > 3 || value > 255 { return false }
            } else if b == 0x2e {
                if digits == 0 { return false }
                octets += 1
                value = 0
                digits = 0
            } else {
                return false
            }
        }
        return octets == 3 && digits > 0
    }

    /// RFC 4291 textual IPv6: 8 groups, or fewer with one `::`, optionally ending in a dotted IPv4.
    static func ipv6(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> Bool {
        guard range.count >= 2 else { return false }
        var groups = 0, index = range.lowerBound, doubleColon = false, hexDigits = 0
        if bytes[index] == 0x3a {
            guard index + 1 < range.upperBound, bytes[index + 1] == 0x3a else { return false }
            doubleColon = true
            index += 2
            if index == range.upperBound { return false }  // "::" alone is not an address worth a finding
        }
        var groupStart = index
        while index < range.upperBound {
            let b = bytes[index]
            if Bytes.isHex(b) {
                hexDigits += 1
                if index - groupStart >= 4 { return false }
                index += 1
            } else if b == 0x3a {
                guard index > groupStart else { return false }
                groups += 1
                index += 1
                if index < range.upperBound, bytes[index] == 0x3a {
                    if doubleColon { return false }
                    doubleColon = true
                    index += 1
                    if index == range.upperBound { return groups <= 7 }
                }
                groupStart = index
            } else if b == 0x2e {
                // Embedded IPv4 in the last 32 bits.
                guard ipv4(bytes, groupStart..<range.upperBound) else { return false }
                groups += 2
                return doubleColon ? groups <= 7 : groups == 8
            } else {
                return false
            }
        }
        guard index > groupStart else { return false }
        groups += 1
        return (doubleColon ? groups <= 7 : groups == 8) && hexDigits > 0
    }

    /// Shannon entropy in bits per byte.
    static func entropy(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> Double {
        var counts = [Int](repeating: 0, count: 256)
        for index in range { counts[Int(bytes[index])] += 1 }
        let total = Double(range.count)
        var bits = 0.0
        for count in counts where count > 0 {
            let p = Double(count) / total
            bits -= p * log2(p)
        }
        return bits
    }
}

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif
