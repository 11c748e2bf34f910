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

    /// The place of a name the gateway makes (`YYYY` or `YYYY.N`) in the chain's order: year,
    /// then N (1 for `YYYY`); nil for any other name. Names only grow along a chain.
    package static func order(_ name: String) -> (year: Int, ordinal: Int)? {
        let parts = name.split(separator: ".", omittingEmptySubsequences: false)
        guard (1...2).contains(parts.count), parts[0].utf8.count == 4,
            parts.allSatisfy({ !$0.isEmpty && $0.utf8.allSatisfy { (0x30...0x39).contains($0) } }),
            let year = Int(parts[0])
        else { return nil }
        guard parts.count == 2 else { return (year, 1) }
        guard parts[1].utf8.count <= 9, parts[1].first != "0", let ordinal = Int(parts[1]), ordinal >= 2 else { return nil }
        return (year, ordinal)
    }

    /// The checkpoint origin of a segment (`<gateway id>/<segment name>`).
    package static func origin(gatewayId: String, segment: String) -> String {
        gatewayId + "/" + segment
    }
}
