import Foundation
import TestSupport

/// Draws for the corpus on the shared SplitMix64 generator (`TestSupport.SeededGenerator`).
/// Every draw below is made with `next()` and `below(_:)`, never with the standard library's
/// `random(in:using:)`, whose algorithm may change between Swift releases; a seed gives the
/// same corpus everywhere.
extension SeededGenerator {
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
