import Foundation

/// Limits on every number and name that crosses the wire between gateways. A peer holding
/// the network key must not be able to trap a receiver with an overflow (seq 2^63, a vector
/// entry of `UInt64.max`, a clock counter at `UInt32.max`), so each is bounded before any
/// arithmetic or conversion to SQLite's `Int64`. The bounds are far above honest use and far
/// below every overflow: 2^40 events per gateway, 2^53 ms of wall time (the year 287,396, and
/// exact in a `Double`, which `JSONValue` reads numbers as).
package enum WireBounds {
    /// Largest sequence number (and version-vector entry) accepted from a peer.
    package static let maximumSeq: UInt64 = 1 << 40
    /// Largest HLC wall-clock reading accepted, in milliseconds since 1970.
    package static let maximumWallMillis: UInt64 = (1 << 53) - 1
    /// Largest HLC logical counter accepted from a peer; a local clock that would pass it
    /// advances its wall part instead (`HybridLogicalClock.tick`).
    package static let maximumLogical: UInt32 = 1 << 24
    /// Most origins one version vector may name.
    package static let maximumOrigins = 1_024
    /// Largest payload of one event (a contribution is at most 256 KiB before the gate).
    package static let maximumPayloadBytes = 512 * 1024
    /// Most events one sync message may carry.
    package static let maximumEventsPerMessage = 5_000

    package static func isValidSeq(_ seq: UInt64) -> Bool { seq >= 1 && seq <= maximumSeq }

    package static func isValid(_ hlc: HLCTimestamp) -> Bool {
        hlc.wallMillis <= maximumWallMillis && hlc.logical <= maximumLogical
    }

    /// Every origin well formed (`isOrigin`), every entry within `maximumSeq`.
    package static func isValid(_ vector: VersionVector) -> Bool {
        vector.entries.count <= maximumOrigins
            && vector.entries.allSatisfy { isOrigin($0.key) && $0.value <= maximumSeq }
    }

    /// An event's origin: a gateway id, or a gateway id, `@` and a private network's name
    /// (`ReplicaNetwork`).
    package static func isOrigin(_ origin: String) -> Bool {
        guard let at = origin.utf8.firstIndex(of: ReplicaNetwork.originSeparator) else { return isGatewayId(origin) }
        return isGatewayId(String(origin[..<at])) && ReplicaNetwork.isName(String(origin[origin.index(after: at)...]))
    }

    /// Gateway ids: 1–64 of `a-z 0-9 - _`, so they are safe in event ids, URLs, SQL and logs.
    package static func isGatewayId(_ id: String) -> Bool {
        !id.isEmpty && id.utf8.count <= 64
            && id.utf8.allSatisfy { $0 == 0x2d || $0 == 0x5f || (0x30...0x39).contains($0) || (0x61...0x7a).contains($0) }
    }
}
