/// For each ASCII letter, the lengths of a word list's words that start with it (either case;
/// bit n: a word of n bytes): a token whose first letter and length no word has is none of
/// them, answered before the list's lookup (which lowercases ASCII, so a word shares a
/// token's lowered first byte and its length).
struct LetterLengths: Sendable {
    private let masks: [UInt32]

    init(_ words: [String]) {
        var masks = [UInt32](repeating: 0, count: 26)
        for word in words {
            let utf8 = Array(word.lowercased().utf8)
            guard let first = utf8.first, Bytes.isLower(first), utf8.count < 32 else { continue }
            masks[Int(first - 0x61)] |= 1 << UInt32(utf8.count)
        }
        self.masks = masks
    }

    /// Whether a word of the list may start with the ASCII letter `first` and have `count` bytes.
    @inline(__always) func mayHave(_ first: UInt8, _ count: Int) -> Bool {
        count < 32 && masks[Int((first | 0x20) &- 0x61)] >> UInt32(count) & 1 != 0
    }
}
