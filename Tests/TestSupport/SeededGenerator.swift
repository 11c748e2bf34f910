import Foundation

/// SplitMix64 (Steele, Lea, Flood 2014): random test data that one printed seed reproduces.
/// `next()` and `below(_:)` are this file's own arithmetic, never the standard library's
/// `random(in:using:)` (whose algorithm may change between Swift releases), so draws made
/// with them give the same data everywhere.
package struct SeededGenerator: RandomNumberGenerator, Sendable {
    package let seed: UInt64
    package private(set) var state: UInt64

    package init(seed: UInt64) {
        self.seed = seed
        state = seed
    }

    /// A generator for the test `label`, seeded by `seed(for:variable:fallback:)`.
    package static func forTest(_ label: String, variable: String = "PATTERNGATE_TEST_SEED", fallback: UInt64? = nil) -> SeededGenerator {
        SeededGenerator(seed: seed(for: label, variable: variable, fallback: fallback))
    }

    /// The environment variable `variable` when set (decimal), else `fallback`, else a fresh
    /// seed; printed either way with how to repeat it.
    package static func seed(for label: String, variable: String = "PATTERNGATE_TEST_SEED", fallback: UInt64? = nil) -> UInt64 {
        let seed = ProcessInfo.processInfo.environment[variable].flatMap { UInt64($0) } ?? fallback ?? UInt64.random(in: 0...UInt64.max)
        print("\(label): seed \(seed) (\(variable)=\(seed) repeats it)")
        return seed
    }

    package mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A number in `0..<bound` (multiply-shift; the bias is below 2⁻⁵⁰ for test-sized bounds);
    /// 0 when `bound` is 0.
    package mutating func below(_ bound: Int) -> Int {
        Int(next().multipliedFullWidth(by: UInt64(max(1, bound))).high)
    }

    package mutating func bytes(_ count: Int) -> [UInt8] {
        (0..<count).map { _ in UInt8(truncatingIfNeeded: next()) }
    }
}
