/// Personal data written to get past a scanner: defanged addresses (`203[.]0[.]113[.]7`,
/// `name(at)example(dot)com`, `hxxps://…`) and text spelled as hex byte pairs (`6a 6f 68 6e`,
/// `6a:6f:68:6e`, `\x6a\x6f`, `%6a%6f`, `0x6a6f686e`). The text is read once; a match is
/// normalized in place of the reader (no copy of the text) and reported with the kind the plain
/// spelling would have had. Digit runs split by runs of spaces are read by the card and
/// identifier scanners themselves.
enum ObfuscationScan {
    static func scan(_ bytes: UnsafeBufferPointer<UInt8>, into spans: inout [DetectedSpan], budget: inout ScanBudget) {
        budget.charge(bytes.count)
        var index = 0
        var lastEnd = 0
        // Sixteen positions at a time. Inside a word (a letter or digit after a letter
        // or digit) nothing starts: no opener, no " AT ", no word start for `hxxp` or hex pairs, and
        // no step is charged there; after a word only a marker's opener can start something. The
        // other positions are read one at a time by `visit`.
        // 0x80 when the byte before `index` is a letter or digit (carried from one step to the next).
        var before: UInt64 = 0
        let lanes = ByteWords.ones &* 0x80
        let lastPair = bytes.count - 16
        pairs: while index <= lastPair {
            let words = BytePairWords.load(bytes, index)
            let (alnums, openers) = BytePairWords.alnumsAndOpeners(words)
            let low = alnums[0], high = alnums[1]
            let afterLow = (low << 8) | before, afterHigh = (high << 8) | (low >> 56)
            // One visit for the sixteen positions (one bit each): one loop exit to predict, not two.
            let starts = bits((~afterLow | openers[0]) & lanes, (~afterHigh | openers[1]) & lanes)
            if let resume = visit(bytes, starts, at: index, afterAlnum: (afterLow, afterHigh), lastEnd: &lastEnd, into: &spans, budget: &budget) {
                index = resume
                before = Bytes.isAlnum(bytes[index - 1]) ? 0x80 : 0
                continue pairs
            }
            before = high >> 56
            index &+= 16
        }
        // The last positions (fewer than sixteen): one sixteen-byte read that ends at the text's
        // end, the lanes before `index` masked off (the whole text, zeros after it, when it is
        // shorter). `before` is read only when no lane is masked off (`index` is the read's start);
        // else the lane before `index` is in the read.
        let base = max(0, lastPair)
        while index < bytes.count {
            let words = lastPair >= 0 ? BytePairWords.load(bytes, base) : BytePairWords.loadShort(bytes)
            let (alnums, openers) = BytePairWords.alnumsAndOpeners(words)
            let low = alnums[0], high = alnums[1]
            let afterLow = (low << 8) | before, afterHigh = (high << 8) | (low >> 56)
            let (validLow, validHigh) = BytePairWords.lanes(from: index &- base, to: bytes.count &- base)
            let starts = bits((~afterLow | openers[0]) & validLow, (~afterHigh | openers[1]) & validHigh)
            guard let resume = visit(bytes, starts, at: base, afterAlnum: (afterLow, afterHigh), lastEnd: &lastEnd, into: &spans, budget: &budget)
            else { return }
            index = resume
        }
    }

    /// The sixteen bytes' high bits (0x80 in a byte of `low`, then of `high`) as sixteen bits,
    /// the first byte's lowest: `(x >> 7) * 0x0102040810204080` gathers a word's eight into its top byte.
    @inline(__always) static func bits(_ low: UInt64, _ high: UInt64) -> UInt64 {
        ((low >> 7) &* 0x0102_0408_1020_4080) >> 56 | (((high >> 7) &* 0x0102_0408_1020_4080) >> 56) << 8
    }

    /// Whether the position at `lane` follows a letter or digit (0x80 in its byte of `afterAlnum`).
    @inline(__always) static func isAfterAlnum(_ afterAlnum: (UInt64, UInt64), _ lane: Int) -> Bool {
        ((lane < 8 ? afterAlnum.0 : afterAlnum.1) >> UInt64(truncatingIfNeeded: (lane & 7) &* 8 &+ 7)) & 1 != 0
    }

    /// Reads the positions `starts` flags (bit `i` for `base + i`, sixteen at most) in order: most
    /// are a plain byte or a short hex token, answered here; `step` reads the others. Nil when
    /// all are read; else where the scan reads on after a match or a marker (past the position).
    /// `afterAlnum`: 0x80 in the byte of each position after a letter or digit, the first eight
    /// positions' word then the next eight's (only an opener is flagged there, so a plain byte or
    /// a hex digit flagged has none before it). One call per sixteen positions: the loop's exit,
    /// a branch the predictor misses once a call on varied text, is taken once, not twice.
    @inline(__always)
    private static func visit(
        _ bytes: UnsafeBufferPointer<UInt8>, _ starts: UInt64, at base: Int, afterAlnum: (UInt64, UInt64), lastEnd: inout Int,
        into spans: inout [DetectedSpan], budget: inout ScanBudget
    ) -> Int? {
        var starts = starts
        while starts != 0 {
            let lane = starts.trailingZeroBitCount
            starts &= starts &- 1
            let position = base &+ lane
            let b = bytes[position]
            let role = self.role(b)
            if role == Role.marked {
                // `(`, `[`, `{` start a marker only before `.`, `@`, `d` or `a` (either case), and
                // `h`/`H` a `hxxp` only before `x`: before any other byte `step` finds nothing and
                // charges what it charges at a plain byte (not after a word: only an opener is
                // flagged there, and `step` charges nothing at one).
                let next = position &+ 1 < bytes.count ? bytes[position &+ 1] : 0
                let folded = next | 0x20
                let mayStart = b | 0x20 == 0x68 ? folded == 0x78 : next == 0x2e || next == 0x40 || folded == 0x64 || folded == 0x61
                if !mayStart {
                    if !isAfterAlnum(afterAlnum, lane), position &+ 1 < bytes.count { budget.charge(1) }
                    continue
                }
            }
            if role == 0 {
                // No pair, `\x` or `%` starts here: `hexText` would read this one byte and answer no.
                if position &+ 1 < bytes.count { budget.charge(1) }
                continue
            }
            if role == Role.hexDigit, let charge = shortNoHexText(bytes, at: position) {
                budget.charge(charge)
                continue
            }
            if let resume = step(bytes, at: position, afterWord: isAfterAlnum(afterAlnum, lane), lastEnd: &lastEnd, into: &spans, budget: &budget) {
                return resume
            }
        }
        return nil
    }

    /// The scan's byte roles: `hexDigit` (0-9, a-f, A-F), `marked` (a marker's opener `(` `[` `{`,
    /// `A` of " AT ", `h`/`H` of `hxxp`), `escape` (`\` of `\x`, `%`); 0 for every other byte.
    enum Role {
        static let hexDigit: UInt8 = 1
        static let marked: UInt8 = 2
        static let escape: UInt8 = 4
    }

    /// The `Role` bits of `b`: one load from a constant table (16 bytes a line, 0x00 to 0xff;
    /// `SpanDetectorSkipTests` checks it against the byte tests).
    @inline(__always) static func role(_ b: UInt8) -> UInt8 {
        let table: StaticString = """
            \0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\
            \0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\
            \0\0\0\0\0\u{4}\0\0\u{2}\0\0\0\0\0\0\0\
            \u{1}\u{1}\u{1}\u{1}\u{1}\u{1}\u{1}\u{1}\u{1}\u{1}\0\0\0\0\0\0\
            \0\u{3}\u{1}\u{1}\u{1}\u{1}\u{1}\0\u{2}\0\0\0\0\0\0\0\
            \0\0\0\0\0\0\0\0\0\0\0\u{2}\u{4}\0\0\0\
            \0\u{1}\u{1}\u{1}\u{1}\u{1}\u{1}\0\u{2}\0\0\0\0\0\0\0\
            \0\0\0\0\0\0\0\0\0\0\0\u{2}\0\0\0\0\
            \0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\
            \0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\
            \0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\
            \0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\
            \0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\
            \0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\
            \0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\
            \0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0
            """
        return table.utf8Start[Int(b)]
    }

    /// What the scan does at `index`, a position that is not inside a word (`afterWord`: the byte
    /// before it is a letter or digit, so only a marker's opener can start there): nil when it
    /// reads on at the next position, else where it reads on (after a match or a marker).
    @inline(never)
    static func step(
        _ bytes: UnsafeBufferPointer<UInt8>, at index: Int, afterWord: Bool, lastEnd: inout Int, into spans: inout [DetectedSpan],
        budget: inout ScanBudget
    ) -> Int? {
        let b = bytes[index]
        // Only at a marker's opener, `A` or `h`/`H` can one of the next three tests pass: one set test first.
        if mayStartMarked(b) {
            if b == 0x5b || b == 0x28 || b == 0x7b, let marker = marker(bytes, at: index) {
                if let span = defanged(bytes, marker: index, length: marker.length, notBefore: lastEnd, budget: &budget) {
                    spans.append(span)
                    lastEnd = span.range.upperBound
                    return span.range.upperBound
                }
                return index + marker.length
            }
            if b == 0x41, index > 0, bytes[index - 1] == 0x20, let span = spelledEmail(bytes, at: index, notBefore: lastEnd, budget: &budget) {
                spans.append(span)
                lastEnd = span.range.upperBound
                return span.range.upperBound
            }
            if (b | 0x20) == 0x68, index + 1 < bytes.count, (bytes[index + 1] | 0x20) == 0x78, Bytes.matches(bytes, at: index, lowercase: "hxxp"),
                index == 0 || !Bytes.isAlnum(bytes[index - 1])
            {
                var end = index
                while end < bytes.count, !Bytes.isSpace(bytes[end]), bytes[end] != 0x22, bytes[end] != 0x27 { end += 1 }
                budget.charge(end - index)
                spans.append(DetectedSpan(index..<end, .url))
                lastEnd = end
                return end
            }
        }
        guard !afterWord else { return nil }
        if !Bytes.isHex(b), b != 0x5c, b != 0x25 {
            // No pair, `\x` or `%` starts here: `hexText` would read this one byte and answer no.
            if index + 1 < bytes.count { budget.charge(1) }
        } else if Bytes.isHex(b), let charge = shortNoHexText(bytes, at: index) ?? secondPairNoHexText(bytes, at: index) {
            budget.charge(charge)
        } else if let end = hexText(bytes, at: index, budget: &budget) {
            spans.append(DetectedSpan(index..<end, .encodedText))
            lastEnd = end
            return end
        }
        return nil
    }

    /// `[`, `(`, `{` (a marker's opener), `A` (` AT `) or `h`/`H` (`hxxp`).
    @inline(__always) static func mayStartMarked(_ b: UInt8) -> Bool {
        Bytes.isIn(b, low: 1 << 0x28, high: 1 << (0x41 - 0x40) | 1 << (0x48 - 0x40) | 1 << (0x5b - 0x40) | 1 << (0x68 - 0x40) | 1 << (0x7b - 0x40))
    }

    // MARK: Defanged addresses

    struct Marker {
        var length: Int
        var isAt: Bool
    }

    /// `[.]`, `(.)`, `{.}`, `[dot]`, `(dot)`, `[at]`, `(at)`, `[@]`, `(@)` at `index`.
    static func marker(_ bytes: UnsafeBufferPointer<UInt8>, at index: Int) -> Marker? {
        guard index < bytes.count, bytes[index] == 0x5b || bytes[index] == 0x28 || bytes[index] == 0x7b else { return nil }
        let close: UInt8 = bytes[index] == 0x5b ? 0x5d : bytes[index] == 0x28 ? 0x29 : 0x7d
        var inner = index + 1
        let isAt: Bool
        if inner < bytes.count, bytes[inner] == 0x2e {
            isAt = false
            inner += 1
        } else if inner < bytes.count, bytes[inner] == 0x40 {
            isAt = true
            inner += 1
        } else if Bytes.matches(bytes, at: inner, lowercase: "dot") {
            isAt = false
            inner += 3
        } else if Bytes.matches(bytes, at: inner, lowercase: "at") {
            isAt = true
            inner += 2
        } else {
            return nil
        }
        guard inner < bytes.count, bytes[inner] == close else { return nil }
        return Marker(length: inner + 1 - index, isAt: isAt)
    }

    /// A marker that ends at `end` (exclusive), read backwards.
    static func markerEnding(_ bytes: UnsafeBufferPointer<UInt8>, at end: Int) -> Marker? {
        for length in [3, 4, 5] where end - length >= 0 {
            if let found = marker(bytes, at: end - length), found.length == length { return found }
        }
        return nil
    }

    @inline(__always) static func isAddressByte(_ b: UInt8) -> Bool {
        Bytes.isAlnum(b) || b == 0x2e || b == 0x2d || b == 0x5f || b == 0x2b || b == 0x25 || b == 0x40
    }

    /// The obfuscated address around the marker at `marker`: address bytes and markers on both
    /// sides (one space allowed around a marker), never before `notBefore`.
    static func defanged(
        _ bytes: UnsafeBufferPointer<UInt8>, marker: Int, length: Int, notBefore: Int, budget: inout ScanBudget
    ) -> DetectedSpan? {
        var isAt = self.marker(bytes, at: marker)?.isAt ?? false
        var hasAt = isAt
        var alnum = 0, digitsOnly = true
        // Left.
        var start = marker
        if start > notBefore, bytes[start - 1] == 0x20 { start -= 1 }
        var leftAlnum = 0
        while start > notBefore {
            let b = bytes[start - 1]
            if isAddressByte(b) {
                if Bytes.isAlnum(b) { leftAlnum += 1; if !Bytes.isDigit(b) { digitsOnly = false } }
                if b == 0x40 { hasAt = true }
                start -= 1
            } else if let found = markerEnding(bytes, at: start), start - found.length >= notBefore {
                hasAt = hasAt || found.isAt
                start -= found.length
                if start > notBefore, bytes[start - 1] == 0x20 { start -= 1 }
            } else {
                break
            }
        }
        while start < marker, bytes[start] == 0x20 { start += 1 }
        // Right.
        var end = marker + length
        if end < bytes.count, bytes[end] == 0x20 { end += 1 }
        var rightAlnum = 0
        while end < bytes.count {
            let b = bytes[end]
            if isAddressByte(b) {
                if Bytes.isAlnum(b) { rightAlnum += 1; if !Bytes.isDigit(b) { digitsOnly = false } }
                if b == 0x40 { hasAt = true }
                end += 1
            } else if b == 0x20, end + 1 < bytes.count, let found = self.marker(bytes, at: end + 1) {
                // "john [at] example [.] com": a space before a marker.
                hasAt = hasAt || found.isAt
                end += 1 + found.length
                if end < bytes.count, bytes[end] == 0x20, end + 1 < bytes.count, Bytes.isAlnum(bytes[end + 1]) { end += 1 }
            } else if (b == 0x5b || b == 0x28 || b == 0x7b), let found = self.marker(bytes, at: end) {
                isAt = found.isAt
                hasAt = hasAt || isAt
                end += found.length
                if end < bytes.count, bytes[end] == 0x20, end + 1 < bytes.count, Bytes.isAlnum(bytes[end + 1]) { end += 1 }
            } else {
                break
            }
        }
        while end > marker + length, !Bytes.isAlnum(bytes[end - 1]) { end -= 1 }
        budget.charge(2 * (end - start))
        alnum = leftAlnum + rightAlnum
        guard leftAlnum > 0, rightAlnum > 0, alnum >= 3 else { return nil }
        let kind: DetectorKind = hasAt ? .email : digitsOnly ? .ipv4 : .hostname
        return DetectedSpan(start..<end, kind)
    }

    /// `name AT example DOT com`: an address spelled with capital AT and DOT between words
    /// (at least one DOT after the AT). `at` is the index of the `A` of " AT ".
    static func spelledEmail(_ bytes: UnsafeBufferPointer<UInt8>, at: Int, notBefore: Int, budget: inout ScanBudget) -> DetectedSpan? {
        guard Bytes.matches(bytes, at: at, lowercase: "at "), bytes[at + 1] == 0x54, at + 3 < bytes.count else { return nil }
        func word(from start: Int) -> Int {
            var end = start
            while end < bytes.count, Bytes.isAlnum(bytes[end]) || bytes[end] == 0x2d || bytes[end] == 0x5f || bytes[end] == 0x2e { end += 1 }
            return end
        }
        // The local part before " AT ".
        var start = at - 1
        while start > notBefore, Bytes.isAlnum(bytes[start - 1]) || bytes[start - 1] == 0x2e || bytes[start - 1] == 0x5f || bytes[start - 1] == 0x2d {
            start -= 1
        }
        guard start < at - 1 else { return nil }
        var end = word(from: at + 3)
        guard end > at + 3 else { return nil }
        var dots = 0
        while end + 5 < bytes.count, bytes[end] == 0x20, Bytes.matches(bytes, at: end + 1, lowercase: "dot "), bytes[end + 1] == 0x44 {
            let next = word(from: end + 5)
            guard next > end + 5 else { break }
            end = next
            dots += 1
        }
        budget.charge(end - start)
        return dots > 0 ? DetectedSpan(start..<end, .email) : nil
    }

    // MARK: Hex byte pairs

    /// What `hexText` charges at the hex digit at `index` when it answers no within its first
    /// pair, read ahead cheaply: a hex digit before a byte that is none (not `0x`): no pair, it
    /// ends on a letter or digit (1); two hex digits before a byte that is neither a hex digit
    /// nor a pair separator: one pair, no more, and a token that short is never text (3). Nil
    /// when `hexText` must read on. Two hex digits whose byte is not printable text (under
    /// 0x20, 0x7f to 0xc1, over 0xf4: `12 34`, `0a:1f`): `hexText` reads that one pair (no `0x`:
    /// the second digit is no `x`) and answers no (3).
    @inline(__always)
    static func shortNoHexText(_ bytes: UnsafeBufferPointer<UInt8>, at index: Int) -> Int? {
        guard index + 2 < bytes.count else { return nil }
        let second = bytes[index + 1]
        if !Bytes.isHex(second) { return bytes[index] != 0x30 || second | 0x20 != 0x78 ? 1 : nil }
        let third = bytes[index + 2]
        if Bytes.isHex(third) {
            if Bytes.isDigit(bytes[index]) && Bytes.isDigit(second) { return decimalNoHexText(bytes, at: index) }
        } else if third != 0x20 && third != 0x3a && third != 0x2d && third != 0x2c {
            return 3
        }
        // More pairs may follow: only a first pair that is no printable text answers here.
        let value = Bytes.hexValue(bytes[index]) &* 16 &+ Bytes.hexValue(second)
        return value < 0x20 || value > 0x7e && value < 0xc2 || value > 0xf4 ? 3 : nil
    }

    /// What `hexText` charges at four hex digits at `index` whose first pair is printable text
    /// (ASCII, or a UTF-8 lead byte) and whose second is not in its place: it reads the two pairs
    /// (no `0x`, `\x`, `%` or separator: all four are hex digits) and answers no (5). Nil otherwise.
    static func secondPairNoHexText(_ bytes: UnsafeBufferPointer<UInt8>, at index: Int) -> Int? {
        guard index &+ 3 < bytes.count, Bytes.isHex(bytes[index]), Bytes.isHex(bytes[index &+ 1]), Bytes.isHex(bytes[index &+ 2]),
            Bytes.isHex(bytes[index &+ 3])
        else { return nil }
        let first = Bytes.hexValue(bytes[index]) &* 16 &+ Bytes.hexValue(bytes[index &+ 1])
        let second = Bytes.hexValue(bytes[index &+ 2]) &* 16 &+ Bytes.hexValue(bytes[index &+ 3])
        let lead = first >= 0xc2 && first <= 0xf4
        guard first >= 0x20 && first <= 0x7e || lead else { return nil }
        let printable = lead ? second & 0xc0 == 0x80 : second >= 0x20 && second <= 0x7e || second >= 0xc2 && second <= 0xf4
        return printable ? nil : 5
    }

    /// What `hexText` charges at a run of decimal digit pairs (two digits at `start`, a hex digit
    /// after them), read without decoding; nil when a pair has a hex letter (`hexText` reads on).
    /// Proof: with no `0x`, `\x`, `%` or separator, a token of decimal pairs is never text (it needs
    /// a hex letter), so `hexText` answers no, charging up to the first unprintable pair (a first
    /// digit under 2 or over 7) or the end of its pairs.
    static func decimalNoHexText(_ bytes: UnsafeBufferPointer<UInt8>, at start: Int) -> Int? {
        var end = start
        while end + 1 < bytes.count, end - start < 8192 {
            let high = bytes[end] &- 0x30, low = bytes[end + 1] &- 0x30
            guard high < 10, low < 10 else {
                if Bytes.isHex(bytes[end]) && Bytes.isHex(bytes[end + 1]) { return nil }
                break
            }
            end += 2
            if high < 2 || high > 7 { break }
            if end < bytes.count, !Bytes.isHex(bytes[end]) { break }
        }
        return end - start < 8192 ? end - start + 1 : nil
    }

    /// A run of hex byte pairs that decodes to printable text (ASCII or UTF-8): `\x6a\x6f…`,
    /// `%6a%6f…`, `6a 6f 68 6e` (or `:`, `-`, `,` between pairs, four pairs at least), or one
    /// token of eight or more hex digits with a letter among them (`0x` allowed before).
    static func hexText(_ bytes: UnsafeBufferPointer<UInt8>, at start: Int, budget: inout ScanBudget) -> Int? {
        var index = start
        var prefix: UInt8 = 0  // '\\' for \x, '%' for percent
        var separator: UInt8 = 0
        if Bytes.matches(bytes, at: index, lowercase: "\\x") {
            prefix = 0x5c
        } else if index < bytes.count, bytes[index] == 0x25 {
            prefix = 0x25
        } else if Bytes.matches(bytes, at: index, lowercase: "0x") {
            index += 2
        }
        guard index + 1 < bytes.count || prefix != 0 else { return nil }
        var pairs = 0, printable = true, letters = 0, hexLetters = false, continuation = 0
        var end = index
        defer { budget.charge(end - start + 1) }
        while true {
            var pairStart = end
            if prefix == 0x5c {
                guard Bytes.matches(bytes, at: pairStart, lowercase: "\\x") else { break }
                pairStart += 2
            } else if prefix == 0x25 {
                guard pairStart < bytes.count, bytes[pairStart] == 0x25 else { break }
                pairStart += 1
            } else if pairs > 0, separator != 0 {
                guard pairStart < bytes.count, bytes[pairStart] == separator else { break }
                pairStart += 1
            }
            guard pairStart + 1 < bytes.count, Bytes.isHex(bytes[pairStart]), Bytes.isHex(bytes[pairStart + 1]) else { break }
            if pairs == 0, prefix == 0, pairStart + 2 < bytes.count {
                let next = bytes[pairStart + 2]
                if next == 0x20 || next == 0x3a || next == 0x2d || next == 0x2c { separator = next }
            }
            if !Bytes.isDigit(bytes[pairStart]) || !Bytes.isDigit(bytes[pairStart + 1]) { hexLetters = true }
            let value = Bytes.hexValue(bytes[pairStart]) * 16 + Bytes.hexValue(bytes[pairStart + 1])
            // Printable ASCII, or UTF-8 (a lead byte and its continuation bytes).
            if continuation > 0 {
                if value & 0xc0 == 0x80 { continuation -= 1 } else { printable = false }
            } else if value >= 0xc2 && value <= 0xf4 {
                continuation = value >= 0xf0 ? 3 : value >= 0xe0 ? 2 : 1
                letters += 1
            } else if value < 0x20 || value > 0x7e {
                printable = false
            }
            if Bytes.isLetter(UInt8(value)) { letters += 1 }
            pairs += 1
            end = pairStart + 2
            if !printable { return nil }
            if prefix == 0, separator == 0, end < bytes.count, !Bytes.isHex(bytes[end]) { break }
            if pairs > 4096 { break }
        }
        guard end == bytes.count || !Bytes.isAlnum(bytes[end]) else { return nil }
        guard continuation == 0 else { return nil }
        let spaced = prefix != 0 || separator != 0
        if spaced {
            // Four pairs of letters (`6a 6f 68 6e`), or six of anything printable (a phone number).
            return (pairs >= 4 && letters >= 3) || pairs >= 6 ? end : nil
        }
        // One token: letters in most of it, or six printable bytes after `0x` (`0x30372d3333…`).
        let hexPrefix = index > start
        return pairs >= 4 && (hexLetters || hexPrefix) && (letters * 2 >= pairs || pairs >= 6) ? end : nil
    }
}
