import Foundation

/// Finds `[PLACEHOLDER]` occurrences of this policy.
enum PlaceholderScan {
    /// A byte of a placeholder's name: a capital or `_`.
    @inline(__always) static func isNameByte(_ b: UInt8) -> Bool { (b >= 0x41 && b <= 0x5a) || b == 0x5f }

    /// Overwrites each placeholder in `blanked` (a copy of `bytes`) with spaces.
    static func blank(
        _ bytes: UnsafeBufferPointer<UInt8>, into blanked: UnsafeMutableBufferPointer<UInt8>, known: ByteWordSet, budget: inout ScanBudget
    ) {
        budget.charge(bytes.count)
        guard let base = bytes.baseAddress else { return }
        var index = 0
        // Each `[` found by memchr (most of the text has none).
        while index < bytes.count, let hit = memchr(base + index, 0x5b, bytes.count - index) {
            index = base.distance(to: hit.assumingMemoryBound(to: UInt8.self))
            // The name: capitals and `_`, 40 bytes at most, read eight at a time while they fit.
            var end = index + 1
            let limit = min(bytes.count, index + 41)
            while end + 8 <= limit {
                let word = ByteWords.load(bytes, end)
                let outside = ~(ByteWords.inRange(word, 0x41, 0x5a) | ByteWords.equal(word, 0x5f)) & (ByteWords.ones &* 0x80)
                if outside != 0 {
                    end += ByteWords.first(outside)
                    break
                }
                end += 8
            }
            while end < limit, isNameByte(bytes[end]) { end += 1 }
            budget.charge(2 * (end - index))
            if end < bytes.count, bytes[end] == 0x5d, known.contains(bytes, index..<(end + 1)) {
                for position in index...end { blanked[position] = 0x20 }
                index = end + 1
            } else {
                index += 1
            }
        }
    }
}
