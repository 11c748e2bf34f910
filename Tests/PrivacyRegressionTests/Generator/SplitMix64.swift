import Foundation

/// SplitMix64 (Steele, Lea, Flood 2014): a small, fast, seedable generator. Every draw below is
/// made with this file's own arithmetic, never with the standard library's `random(in:using:)`,
/// whose algorithm may change between Swift releases; a seed gives the same corpus everywhere.
struct SplitMix64: Sendable {
    private(set) var state: UInt64

    init(seed: UInt64) {
        state = seed
    }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A number in `0..<bound` (multiply-shift; the bias is below 2⁻⁵⁰ for our bounds).
    mutating func below(_ bound: Int) -> Int {
        precondition(bound > 0)
        return Int(next().multipliedFullWidth(by: UInt64(bound)).high)
    }

    mutating func int(_ range: ClosedRange<Int>) -> Int {
        range.lowerBound + below(range.upperBound - range.lowerBound + 1)
    }

    /// True with probability `percent`/100.
    mutating func percent(_ percent: Int) -> Bool {
        below(100) < percent
    }

    mutating func pick<T>(_ items: [T]) -> T {
        items[below(items.count)]
    }

    /// `count` distinct elements, in drawn order.
    mutating func pick<T>(_ items: [T], count: Int) -> [T] {
        var pool = items
        var result: [T] = []
        for _ in 0..<min(count, pool.count) {
            result.append(pool.remove(at: below(pool.count)))
        }
        return result
    }

    mutating func string(from alphabet: [Character], count: Int) -> String {
        var result = ""
        for _ in 0..<count { result.append(alphabet[below(alphabet.count)]) }
        return result
    }

    mutating func digits(_ count: Int) -> String {
        string(from: Alphabet.digits, count: count)
    }

    mutating func bytes(_ count: Int) -> [UInt8] {
        (0..<count).map { _ in UInt8(truncatingIfNeeded: next()) }
    }
}

enum Alphabet {
    static let digits = Array("0123456789")
    static let nonZeroDigits = Array("123456789")
    static let lowerHex = Array("0123456789abcdef")
    static let upperHex = Array("0123456789ABCDEF")
    static let upper = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZ")
    static let lower = Array("abcdefghijklmnopqrstuvwxyz")
    static let lowerDigits = Array("abcdefghijklmnopqrstuvwxyz0123456789")
    static let alphanumeric = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789")
    static let base32Upper = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567")
    static let base64 = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/")
    static let base64URL = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_")
    static let passwordSymbols = Array("!#$%&*+-=?@^_~.")
}
