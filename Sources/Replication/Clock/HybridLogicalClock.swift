public import ErrorCodes

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
    public var code: ErrorCode
    public var message: String

    public static let aheadOfWallClock = ClockError(
        code: .clockSkew, message: "peer clock is more than the allowed skew ahead of this gateway")
    public static let outOfBounds = ClockError(code: .clockOutOfBounds, message: "a peer clock reading is outside the wire bounds")
}

/// The clock a gateway stamps its events with. Pure: the caller passes physical time in.
public struct HybridLogicalClock: Sendable {
    /// Peers whose clocks run further ahead than this are refused (five minutes).
    public static let maximumSkewMillis: UInt64 = 5 * 60 * 1000

    public private(set) var last: HLCTimestamp

    public init(last: HLCTimestamp = HLCTimestamp(wallMillis: 0, logical: 0)) {
        self.last = last
    }

    /// The timestamp of a new local event: strictly after every timestamp seen before. When
    /// the logical counter reaches `WireBounds.maximumLogical` (a peer ran far ahead within the
    /// skew allowance, or poisoned its counter), the wall part advances by a millisecond
    /// instead: the clock never overflows, and never stamps a counter peers would refuse.
    public mutating func tick(physicalMillis: UInt64) -> HLCTimestamp {
        if physicalMillis > last.wallMillis {
            last = HLCTimestamp(wallMillis: min(physicalMillis, WireBounds.maximumWallMillis), logical: 0)
        } else if last.logical >= WireBounds.maximumLogical {
            last = HLCTimestamp(wallMillis: last.wallMillis + 1, logical: 0)
        } else {
            last = HLCTimestamp(wallMillis: last.wallMillis, logical: last.logical + 1)
        }
        return last
    }

    /// Folds in a timestamp received from a peer; refuses one too far ahead of `physicalMillis`
    /// or outside the wire bounds.
    public mutating func receive(_ remote: HLCTimestamp, physicalMillis: UInt64) throws(ClockError) {
        guard WireBounds.isValid(remote) else { throw .outOfBounds }
        guard remote.wallMillis <= physicalMillis &+ Self.maximumSkewMillis else { throw .aheadOfWallClock }
        if remote > last { last = remote }
    }
}
