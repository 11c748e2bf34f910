/// The allow-list's and the entropy check's tokens in one read of the blanked text. Every byte
/// that ends an entropy token (whitespace, glue, an assignment's `=`) is no allow-list token
/// byte, so each allow-list token lies inside one entropy token: the pass walks the entropy
/// tokens and cuts the allow-list tokens inside them, each byte's `ScanClass` bits read once for
/// both (the tests' `AllowList.violations` and `EntropyCheck.violations` read them apart, with the same
/// verdicts, charges and order of findings).
enum TokenPass {
    /// The allow-list's findings appended to `found`, the entropy check's to `entropy` (each in
    /// the order its own pass gives), the entropy check's charges to `budget`.
    /// `padded` is `bytes` and one more byte that is no token byte (a space, written by the
    /// caller after the text in the same storage): an allow-list token's run stops there at the
    /// latest, so its loop reads each byte without testing the count.
    static func violations(
        _ bytes: UnsafeBufferPointer<UInt8>, padded: UnsafeBufferPointer<UInt8>, allowList: AllowList, into found: inout [DetectedSpan],
        entropy: inout [DetectedSpan], budget: inout ScanBudget
    ) {
        // The token loop below reads without testing the count: a caller that broke this
        // contract would have it read past the text, so it is checked in release builds too.
        precondition(padded.baseAddress == bytes.baseAddress && padded.count == bytes.count + 1, "padded is not bytes and one more byte")
        precondition(ScanClass.of(padded[bytes.count]) & ScanClass.tokenByte == 0, "the byte after the text is a token byte")
        budget.charge(2 * bytes.count)
        let count = bytes.count
        var index = 0
        while index < count {
            var current = ScanClass.of(bytes[index])
            if current & ScanClass.cutOrEquals != 0, current & ScanClass.cut != 0 || EntropyCheck.isAssignmentOutOfLine(bytes, index) {
                // A run of spaces (a blanked placeholder) starts no token: passed eight bytes at a time.
                if bytes[index] == 0x20, index + 9 <= count, bytes[index + 1] == 0x20 {
                    index = ByteWords.next(bytes, from: index + 2) { ~ByteWords.equal($0, 0x20) & (ByteWords.ones &* 0x80) }
                    continue
                }
                index += 1
                continue
            }
            // An entropy token starts here; its bytes' bits, or-ed, say whether it has a password symbol.
            let start = index
            var tokenClasses: UInt8 = 0
            while true {
                if current & ScanClass.tokenStart == 0 {
                    // A byte of the entropy token outside any allow-list token.
                    tokenClasses |= current
                    index += 1
                } else {
                    // An allow-list token.
                    let wordStart = index
                    var wordClasses = current
                    // Its first byte and the letters after it in one step, while eight bytes are
                    // left (the first byte's class is in `wordClasses`; letters add nothing when
                    // it is a letter, and when it is none the step stops there): most words are
                    // letters alone, and the byte loop below then stops at its first byte, a branch
                    // the predictor learns (a loop a byte a turn ends where it cannot guess).
                    if index &+ 8 <= padded.count {  // (`index < padded.count`: no overflow)
                        index &+= max(ByteWords.first(TokenPass.notLetters(ByteWords.load(padded, index))), 1)
                    } else {
                        index += 1
                    }
                    // (`padded[count]` ends the run at the latest.)
                    while true {
                        let next = ScanClass.of(padded[index])
                        if next & ScanClass.tokenByte == 0 { break }
                        wordClasses |= next
                        index &+= 1  // below `padded.count`: no overflow to test
                    }
                    // Without its trailing separators (its first byte is none), when it has any.
                    var kept = index
                    if wordClasses & ScanClass.separator != 0 {
                        while ScanClass.of(bytes[kept - 1]) & ScanClass.separator != 0 { kept -= 1 }
                    }
                    tokenClasses |= wordClasses
                    allowList.judge(bytes, wordStart..<kept, wordClasses, into: &found)
                }
                guard index < count else { break }
                current = ScanClass.of(bytes[index])
                if current & ScanClass.cutOrEquals != 0, current & ScanClass.cut != 0 || EntropyCheck.isAssignmentOutOfLine(bytes, index) {
                    break
                }
            }
            EntropyCheck.judge(bytes, start..<index, tokenClasses, into: &entropy, budget: &budget)
            // The byte at `index` (if any) ends the entropy token: it starts neither kind of token.
            index += 1
        }
    }

    /// 0x80 in each byte of `word` that is no ASCII letter (`| 0x20` folds A–Z onto a–z and moves
    /// no other byte there; the low seven bits are compared, so no carry crosses a byte).
    @inline(__always) static func notLetters(_ word: UInt64) -> UInt64 {
        let folded = word | (ByteWords.ones &* 0x20)
        let low = folded & ByteWords.lows
        let atLeastA = low &+ (ByteWords.ones &* (0x80 - 0x61))
        let pastZ = low &+ (ByteWords.ones &* (0x7f - 0x7a))
        return (~atLeastA | pastZ | folded) & (ByteWords.ones &* 0x80)
    }
}
