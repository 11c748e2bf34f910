/// A hybrid logical clock timestamp: wall-clock milliseconds plus a logical counter that
/// orders events within one millisecond and across skewed clocks.
public struct HLCTimestamp: Codable, Sendable, Hashable, Comparable, CustomStringConvertible {
    public var wallMillis: UInt64
    public var logical: UInt32

    public init(wallMillis: UInt64, logical: UInt32) {
        self.wallMillis = wallMillis
        self.logical = logical
    }

    public static func < (lhs: Self, rhs: Self) -> Bool {
        (lhs.wallMillis, lhs.logical) < (rhs.wallMillis, rhs.logical)
    }

    public var description: String { "\(wallMillis).\(logical)" }
}

/// Why a remote timestamp was refused.
public struct ClockError: Error, Sendable, Equatable {
    public var code: String
    public var message: String

    public static let aheadOfWallClock = ClockError(
        code: "clock_skew", message: "peer clock is more than the allowed skew ahead of this gateway")
}

/// The clock a gateway stamps its events with. Pure: the caller passes physical time in.
public struct HybridLogicalClock: Sendable {
    /// Peers whose clocks run further ahead than this are refused (five minutes).
    public static let maximumSkewMillis: UInt64 = 5 * 60 * 1000

    public private(set) var last: HLCTimestamp

    public init(last: HLCTimestamp = HLCTimestamp(wallMillis: 0, logical: 0)) {
        self.last = last
    }

    /// The timestamp of a new local event: strictly after every timestamp seen before.
    public mutating func tick(physicalMillis: UInt64) -> HLCTimestamp {
        if physicalMillis > last.wallMillis {
            last = HLCTimestamp(wallMillis: physicalMillis, logical: 0)
        } else {
            last = HLCTimestamp(wallMillis: last.wallMillis, logical: last.logical + 1)
        }
        return last
    }

    /// Folds in a timestamp received from a peer; refuses one too far ahead of `physicalMillis`.
    public mutating func receive(_ remote: HLCTimestamp, physicalMillis: UInt64) throws(ClockError) {
        guard remote.wallMillis <= physicalMillis + Self.maximumSkewMillis else { throw .aheadOfWallClock }
        if remote > last { last = remote }
    }
}
