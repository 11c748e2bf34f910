/// Where `AllowList.accepts` cuts a token into pieces, eight bytes at a time: a mask of the
/// places instead of a chain of range tests a byte, each a branch the predictor misses on
/// varied text. The token has letters, digits and separators only (any other byte would count
/// as a separator here).
enum PieceSplit {
    /// 0x80 in each byte of a word.
    @inline(__always) static var highs: UInt64 { 0x8080_8080_8080_8080 }

    /// What the bytes of one word of a token are, 0x80 in each byte: `events` where a piece ends
    /// before the byte or the byte is a separator, `separators`, and `camels` (a capital after a
    /// small letter).
    struct Word {
        var events: UInt64
        var separators: UInt64
        var camels: UInt64
    }

    /// The class of the byte before a word (0x80 in the flag of its class, none before the token).
    struct Carry {
        var digit: UInt64 = 0
        var upper: UInt64 = 0
        var lower: UInt64 = 0
    }

    /// The eight bytes from `index` on (`index < bytes.count`), zeros past the buffer's end: read
    /// in one load while eight bytes are left, else from the buffer's last eight, shifted.
    @inline(__always) static func load(_ bytes: UnsafeBufferPointer<UInt8>, _ index: Int) -> UInt64 {
        let count = bytes.count
        if index + 8 <= count { return ByteWords.load(bytes, index) }
        if count >= 8 { return ByteWords.load(bytes, count - 8) &>> UInt64(8 * (index - (count - 8))) }
        var word: UInt64 = 0
        for position in index..<count { word |= UInt64(bytes[position]) &<< UInt64(8 * (position - index)) }
        return word
    }

    /// The word of `token` that starts at `index` (`index < token.upperBound`): a piece ends
    /// before a byte where digits and letters meet, where a capital follows a small letter, and
    /// before the last capital of an acronym that a small letter follows (inside the token);
    /// after a separator and at the token's start (`carry` empty) only a separator counts.
    @inline(__always)
    static func word(_ bytes: UnsafeBufferPointer<UInt8>, _ token: Range<Int>, at index: Int, carry: inout Carry) -> Word {
        let x = load(bytes, index)
        // The token's bytes in this word: all eight, or its last `upperBound - index`.
        let valid = highs &>> UInt64(8 * (8 - min(8, token.upperBound - index)))
        let digits = ByteWords.inRange(x, 0x30, 0x39) & valid
        let uppers = ByteWords.inRange(x, 0x41, 0x5a) & valid
        let lowers = ByteWords.inRange(x, 0x61, 0x7a) & valid
        let separators = valid & ~(digits | uppers | lowers)
        // Each byte's predecessor and (for small letters) successor, moved onto it.
        let previousDigits = digits &<< 8 | carry.digit
        let previousUppers = uppers &<< 8 | carry.upper
        let previousLowers = lowers &<< 8 | carry.lower
        // The byte after the word, if in the token (else the token's last byte, which is no small
        // letter where it is read: after two capitals, on a capital).
        let after = bytes[min(index + 8, token.upperBound - 1)]
        let nextLowers = lowers &>> 8 | (after &- 0x61 < 26 ? 0x80 &<< 56 : 0)
        let camels = previousLowers & uppers
        let events =
            separators | previousDigits & (uppers | lowers) | (previousUppers | previousLowers) & digits | camels
            | previousUppers & uppers & nextLowers
        carry = Carry(digit: digits &>> 56, upper: uppers &>> 56, lower: lowers &>> 56)
        return Word(events: events, separators: separators, camels: camels)
    }
}
