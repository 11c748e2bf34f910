package import ErrorCodes

/// A hybrid logical clock timestamp: wall-clock milliseconds plus a logical counter that
/// orders events within one millisecond and across skewed clocks.
package struct HLCTimestamp: Codable, Sendable, Hashable, Comparable, CustomStringConvertible {
    package var wallMillis: UInt64
    package var logical: UInt32

    package init(wallMillis: UInt64, logical: UInt32) {
        self.wallMillis = wallMillis
        self.logical = logical
    }

    package static func < (lhs: Self, rhs: Self) -> Bool {
        (lhs.wallMillis, lhs.logical) < (rhs.wallMillis, rhs.logical)
    }

    package var description: String { "\(wallMillis).\(logical)" }
}

/// Why a remote timestamp was refused.
package struct ClockError: Error, Sendable, Equatable {
    package var code: ErrorCode
    package var message: String

    package static let aheadOfWallClock = ClockError(
        code: .clockSkew, message: "peer clock is more than the allowed skew ahead of this gateway")
    package static let outOfBounds = ClockError(code: .clockOutOfBounds, message: "a peer clock reading is outside the wire bounds")
}

/// The clock a gateway stamps its events with. Pure: the caller passes physical time in.
package struct HybridLogicalClock: Sendable {
    /// Peers whose clocks run further ahead than this are refused (five minutes).
    package static let maximumSkewMillis: UInt64 = 5 * 60 * 1000

    package private(set) var last: HLCTimestamp

    package init(last: HLCTimestamp = HLCTimestamp(wallMillis: 0, logical: 0)) {
        self.last = last
    }

    /// The timestamp of a new local event: strictly after every timestamp seen before. When
    /// the logical counter reaches `WireBounds.maximumLogical` (a peer ran far ahead within the
    /// skew allowance, or poisoned its counter), the wall part advances by a millisecond
    /// instead: the clock never overflows, and never stamps a counter peers would refuse.
    package mutating func tick(physicalMillis: UInt64) -> HLCTimestamp {
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
    package mutating func receive(_ remote: HLCTimestamp, physicalMillis: UInt64) throws(ClockError) {
        guard WireBounds.isValid(remote) else { throw .outOfBounds }
        guard remote.wallMillis <= physicalMillis &+ Self.maximumSkewMillis else { throw .aheadOfWallClock }
        if remote > last { last = remote }
    }
}
