import Foundation

/// SplitMix64: random test data that one printed seed reproduces. The seed comes from
/// `PATTERNGATE_TEST_SEED` when set, else from the clock, and is printed either way.
struct SeededRandom: RandomNumberGenerator {
    let seed: UInt64
    private var state: UInt64

    init(seed: UInt64) {
        self.seed = seed
        state = seed
    }

    static func fromEnvironment(label: String) -> SeededRandom {
        let seed = ProcessInfo.processInfo.environment["PATTERNGATE_TEST_SEED"].flatMap { UInt64($0) }
            ?? UInt64(Date().timeIntervalSince1970 * 1_000)
        print("\(label): seed \(seed) (PATTERNGATE_TEST_SEED=\(seed) repeats it)")
        return SeededRandom(seed: seed)
    }

    mutating func next() -> UInt64 {
        state &+= 0x9e37_79b9_7f4a_7c15
        var z = state
        z = (z ^ (z >> 30)) &* 0xbf58_476d_1ce4_e5b9
        z = (z ^ (z >> 27)) &* 0x94d0_49bb_1331_11eb
        return z ^ (z >> 31)
    }

    /// A string mixing what JSON treats differently: controls, quotes, backslashes, slashes,
    /// DEL, Latin-1, the BMP (U+2028, U+FEFF, the last scalars before the surrogates) and
    /// astral scalars.
    mutating func string(maxLength: Int) -> String {
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
    static func uEscape(_ scalar: Unicode.Scalar) -> String {
        let hex = { (value: UInt32) in "\\u" + String(repeating: "0", count: 4 - String(value, radix: 16).count) + String(value, radix: 16) }
        guard scalar.value >= 0x10000 else { return hex(scalar.value) }
        let value = scalar.value - 0x10000
        return hex(0xd800 + (value >> 10)) + hex(0xdc00 + (value & 0x3ff))
    }
}
