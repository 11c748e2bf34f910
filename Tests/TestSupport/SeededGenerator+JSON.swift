import Foundation

/// JSON-minded draws on the shared seeded generator.
extension SeededGenerator {
    /// A string mixing what JSON treats differently: controls, quotes, backslashes, slashes,
    /// DEL, Latin-1, the BMP (U+2028, U+FEFF, the last scalars before the surrogates) and
    /// astral scalars.
    package mutating func string(maxLength: Int) -> String {
        var scalars = String.UnicodeScalarView()
        for _ in 0..<Int.random(in: 0...maxLength, using: &self) {
            let value: UInt32 =
                switch Int.random(in: 0..<10, using: &self) {
                case 0: UInt32.random(in: 0..<0x20, using: &self)
                case 1: [0x22, 0x5c, 0x2f, 0x7f, 0x2028, 0x2029, 0xfeff, 0xd7ff, 0xe000, 0xfffd].randomElement(using: &self)!
                case 2: UInt32.random(in: 0x80..<0x800, using: &self)
                case 3: UInt32.random(in: 0x800..<0xd800, using: &self)
                case 4: UInt32.random(in: 0x10000...0x10ffff, using: &self)
                default: UInt32.random(in: 0x20..<0x7f, using: &self)
                }
            scalars.append(Unicode.Scalar(value)!)
        }
        return String(scalars)
    }

    /// `\uXXXX`, as a surrogate pair above the BMP.
    package static func uEscape(_ scalar: Unicode.Scalar) -> String {
        let hex = { (value: UInt32) in "\\u" + String(repeating: "0", count: 4 - String(value, radix: 16).count) + String(value, radix: 16) }
        guard scalar.value >= 0x10000 else { return hex(scalar.value) }
        let value = scalar.value - 0x10000
        return hex(0xd800 + (value >> 10)) + hex(0xdc00 + (value & 0x3ff))
    }
}
