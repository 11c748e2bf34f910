/// Segment names: `YYYY` for the first segment of a UTC year, `YYYY.N` (N ≥ 2) for the N-th
/// one started in that year. Any name of 1–64 of `a-z 0-9 . - _` is accepted when reading.
package enum SegmentName {
    package static func isValid(_ name: String) -> Bool {
        (1...64).contains(name.utf8.count)
            && name.utf8.allSatisfy { byte in
                (0x61...0x7A).contains(byte) || (0x30...0x39).contains(byte) || byte == 0x2E || byte == 0x2D || byte == 0x5F
            }
    }

    /// The name of the segment after `previous`, opened in `year`.
    package static func next(after previous: String, year: Int) -> String {
        let prefix = String(year)
        guard previous == prefix || previous.hasPrefix(prefix + ".") else { return prefix }
        let ordinal = previous == prefix ? 1 : Int(previous.dropFirst(prefix.count + 1)) ?? 1
        return prefix + "." + String(ordinal + 1)
    }

    /// The checkpoint origin of a segment (`<gateway id>/<segment name>`).
    package static func origin(gatewayId: String, segment: String) -> String {
        gatewayId + "/" + segment
    }
}
