/// A deterministic measure of the privacy gate's work on one contribution: the scanners
/// count their steps here, and the gate stops when the count passes the policy's limit
/// (`limits.gateWorkBudget`).
///
/// A step is one byte visited by a scanner loop: every pass over a text costs its length,
/// every forward or backward scan from a position costs the bytes it reads, and a whole-token
/// check costs the token's length. Counts depend only on the text, the policy and the
/// caller's sensitive terms, never on time or load, so every gateway that re-scans the same
/// record with the same policy reaches the same verdict.
package struct ScanBudget: Sendable, Hashable {
    /// Steps allowed; `Int.max` for no limit.
    package let limit: Int
    /// Steps counted so far.
    package private(set) var steps: Int

    package init(limit: Int) {
        self.limit = limit
        steps = 0
    }

    /// No limit; the steps are still counted.
    package static var unlimited: ScanBudget { ScanBudget(limit: .max) }

    package var isExceeded: Bool { steps > limit }

    @inline(__always)
    package mutating func charge(_ count: Int) {
        steps &+= count
    }

    /// Throws once the steps counted so far pass the limit.
    package func check() throws(ScanBudgetExceeded) {
        if steps > limit { throw ScanBudgetExceeded(limit: limit) }
    }
}

/// The gate's work on one contribution passed the policy's budget. It names no value.
package struct ScanBudgetExceeded: Error, Sendable, Hashable {
    package var limit: Int
}
