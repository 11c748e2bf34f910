/// A deterministic measure of the privacy gate's work on one contribution: the scanners
/// count their steps here, and the gate stops when the count passes the policy's limit
/// (`limits.gateWorkBudget`).
///
/// A step is one byte visited by a scanner loop: every pass over a text costs its length,
/// every forward or backward scan from a position costs the bytes it reads, and a whole-token
/// check costs the token's length. Counts depend only on the text, the policy and the
/// caller's sensitive terms, never on time or load, so every gateway that re-scans the same
/// record with the same policy reaches the same verdict.
public struct ScanBudget: Sendable, Hashable {
    /// Steps allowed; `Int.max` for no limit.
    public let limit: Int
    /// Steps counted so far.
    public private(set) var steps: Int

    public init(limit: Int) {
        self.limit = limit
        steps = 0
    }

    /// No limit; the steps are still counted.
    public static var unlimited: ScanBudget { ScanBudget(limit: .max) }

    public var isExceeded: Bool { steps > limit }

    @inline(__always)
    public mutating func charge(_ count: Int) {
        steps &+= count
    }

    /// Throws once the steps counted so far pass the limit.
    public func check() throws(ScanBudgetExceeded) {
        if steps > limit { throw ScanBudgetExceeded(limit: limit) }
    }
}

/// The gate's work on one contribution passed the policy's budget. It names no value.
public struct ScanBudgetExceeded: Error, Sendable, Hashable {
    public var limit: Int
}
