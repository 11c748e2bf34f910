/// For each ASCII letter a word list's words start with and each last byte they end with (a
/// letter, or any other byte), the lengths of those words (bit n: a word of n bytes): a token
/// whose first letter, last byte and length no word has is none of them, answered before the
/// list's lookup. The lookup lowercases ASCII, so a word shares a token's lowered first and
/// last bytes and its length.
struct WordEnds: Sendable {
    /// By first letter (26, 32 slots each) then last byte (`a`...`z`, then any other byte).
    private let masks: [UInt32]
    /// Whether a word has 32 bytes or more (a token that long then may be one).
    private let hasLong: Bool

    init(_ words: [String]) {
        var masks = [UInt32](repeating: 0, count: 26 * 32)
        var hasLong = false
        for word in words {
            let utf8 = Array(word.lowercased().utf8)
            guard let first = utf8.first, let last = utf8.last, Bytes.isLower(first) else { continue }
            guard utf8.count < 32 else { hasLong = true; continue }
            masks[Self.slot(first, last)] |= 1 << UInt32(utf8.count)
        }
        self.masks = masks
        self.hasLong = hasLong
    }

    /// The slot of a first letter (either case) and a last byte.
    @inline(__always) private static func slot(_ first: UInt8, _ last: UInt8) -> Int {
        // `| 0x20` lowers a capital and makes a letter of no other byte.
        let column = (last | 0x20) &- 0x61
        return Int((first | 0x20) &- 0x61) &<< 5 | Int(column < 26 ? column : 26)
    }

    /// Whether `range` (not empty, starting with an ASCII letter) may be a word of the list.
    @inline(__always) func mayHave(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> Bool {
        let count = range.count
        guard count < 32 else { return hasLong }
        return masks[Self.slot(bytes[range.lowerBound], bytes[range.upperBound &- 1])] >> UInt32(truncatingIfNeeded: count) & 1 != 0
    }
}
