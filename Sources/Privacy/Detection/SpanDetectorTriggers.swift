/// The span detectors' trigger searches, written out as plain loops over sixteen bytes in one
/// SIMD register: `BytePairWords.next` takes its tests as closures, which the compiler left as
/// a call per sixteen bytes. Byte lanes (`SIMD16<UInt8>`) add without carries between bytes, so
/// each test is a few vector operations whose constants stay in registers across the loop.
enum SpanDetectorTriggers {
    typealias Lanes = SIMD16<UInt8>

    /// The sixteen bytes at `index`; the caller checks `index + 16 <= bytes.count`.
    @inline(__always) static func load(_ bytes: UnsafeBufferPointer<UInt8>, _ index: Int) -> Lanes {
        UnsafeRawPointer(bytes.baseAddress! + index).loadUnaligned(as: Lanes.self)
    }

    /// The offset of the first byte whose high bit `mask` (high bits only) sets, read as two
    /// words (the first byte lowest), or nil.
    @inline(__always) static func first(_ mask: Lanes) -> Int? {
        let words = unsafeBitCast(mask, to: SIMD2<UInt64>.self)
        if words[0] != 0 { return ByteWords.first(UInt64(littleEndian: words[0])) }
        if words[1] != 0 { return 8 &+ ByteWords.first(UInt64(littleEndian: words[1])) }
        return nil
    }

    /// The first byte at or after `from` that is `a`, `b` or `c`, read sixteen bytes at a time,
    /// then eight: that byte, or where fewer than eight bytes are left (what `BytePairWords.next`
    /// answers with the same test).
    @inline(__always) static func next(_ bytes: UnsafeBufferPointer<UInt8>, from: Int, _ a: UInt8, _ b: UInt8, _ c: UInt8) -> Int {
        var index = from
        let last = bytes.count &- 16
        while index <= last {
            let words = load(bytes, index)
            let hits = equal(words, a) | equal(words, b) | equal(words, c)
            if let offset = first(hits & Lanes(repeating: 0x80)) { return index &+ offset }
            index &+= 16
        }
        while index &+ 8 <= bytes.count {
            let word = ByteWords.load(bytes, index)
            let mask = ByteWords.equal(word, a) | ByteWords.equal(word, b) | ByteWords.equal(word, c)
            if mask != 0 { return index &+ ByteWords.first(mask) }
            index &+= 8
        }
        return index
    }

    /// All bits set in each byte of `words` equal to `b`: `.==` is one vector compare (four
    /// operations with the carry trick, `(x & 0x7f) + 0x7f | x`, it replaces).
    @inline(__always) static func equal(_ words: Lanes, _ b: UInt8) -> Lanes {
        unsafeBitCast(words .== Lanes(repeating: b), to: Lanes.self)
    }

    /// The high bit set in each ASCII letter of `words` (the test `groupRunEnd` reads them with).
    @inline(__always) static func letters(_ words: Lanes) -> Lanes {
        let sum = (words | Lanes(repeating: 0x20)) &+ Lanes(repeating: 0x80 - 0x61)
        return sum & (sum &+ Lanes(repeating: 0x80 - 26))
    }

    /// The first `-` before `-`, `p` or `u`, `/` before `u`, or `<` before a letter (letters in
    /// either case) at or after `from`: the only bytes at which `flagsAndElements` finds or
    /// charges anything (`-p…`, a credential flag, `/user:`, an element). Sixteen positions a
    /// step while seventeen bytes are left, then `next`'s answer for `-`, `/` and `<`; most of
    /// those bytes in a log (dates, paths, words with dashes) are passed in the vector.
    @inline(__always) static func nextFlagOrElement(_ bytes: UnsafeBufferPointer<UInt8>, from: Int) -> Int {
        var index = from
        let last = bytes.count &- 17
        while index <= last {
            let here = load(bytes, index), after = load(bytes, index &+ 1)
            let folded = after | Lanes(repeating: 0x20)
            let user = equal(folded, 0x75)
            let dash = equal(here, 0x2d) & (equal(after, 0x2d) | equal(folded, 0x70) | user)
            let starts = dash | (equal(here, 0x2f) & user) | (equal(here, 0x3c) & letters(after))
            if let offset = first(starts & Lanes(repeating: 0x80)) { return index &+ offset }
            index &+= 16
        }
        return next(bytes, from: index, 0x2d, 0x2f, 0x3c)
    }

    /// The first quote at or after `from` that follows a space: the only quotes at which
    /// `quotedValues` reads a key and charges (a quote right after another byte has no key).
    /// Sixteen positions a step while seventeen bytes are left from the byte before them, then
    /// `next`'s answer for a quote.
    @inline(__always) static func nextQuoteAfterSpace(_ bytes: UnsafeBufferPointer<UInt8>, from: Int) -> Int {
        var index = from
        // The byte before `index` is read: from the first position that has one.
        if index == 0 { index = 1 }
        let last = bytes.count &- 16
        while index <= last {
            let before = load(bytes, index &- 1), here = load(bytes, index)
            let starts = equal(before, 0x20) & (equal(here, 0x22) | equal(here, 0x27))
            if let offset = first(starts & Lanes(repeating: 0x80)) { return index &+ offset }
            index &+= 16
        }
        return next(bytes, from: index, 0x22, 0x27, 0x27)
    }

    /// The first quote at or after `from` that opens a Windows or UNC path (`"C:\`, `'d:/`,
    /// `"\\`): the only quotes at which `quotedPaths` charges and finds a span (the drive's
    /// `\` or `/` is read there, not here). Sixteen positions a step while eighteen bytes are
    /// left, then `next`'s answer for a quote.
    @inline(__always) static func nextQuotedPath(_ bytes: UnsafeBufferPointer<UInt8>, from: Int) -> Int {
        var index = from
        let last = bytes.count &- 18
        while index <= last {
            let here = load(bytes, index), second = load(bytes, index &+ 1), third = load(bytes, index &+ 2)
            let drive = letters(second) & equal(third, 0x3a)
            let unc = equal(second, 0x5c) & equal(third, 0x5c)
            let starts = (equal(here, 0x22) | equal(here, 0x27)) & (drive | unc)
            if let offset = first(starts & Lanes(repeating: 0x80)) { return index &+ offset }
            index &+= 16
        }
        return next(bytes, from: index, 0x22, 0x27, 0x27)
    }

    /// The first digit, `+` or `(` at or after `from`, or where fewer than eight bytes are left
    /// (`digitGroups`' trigger; the same answer as `BytePairWords.next` with that test).
    @inline(__always) static func nextDigitPlusOrParen(_ bytes: UnsafeBufferPointer<UInt8>, from: Int) -> Int {
        var index = from
        let last = bytes.count &- 16
        while index <= last {
            let words = load(bytes, index)
            // A digit: `b + 0x50` (mod 256) in 0x80...0x89, the only bytes whose sum has its high
            // bit set and keeps it when 0x76 more is added (0x8a and up wrap to below 0x80).
            let shifted = words &+ Lanes(repeating: 0x50)
            let digits = shifted & (shifted &+ Lanes(repeating: 0x76))
            let signs = equal(words, 0x2b) | equal(words, 0x28)
            if let offset = first((digits | signs) & Lanes(repeating: 0x80)) { return index &+ offset }
            index &+= 16
        }
        while index &+ 8 <= bytes.count {
            let word = ByteWords.load(bytes, index)
            let mask = ByteWords.inRange(word, 0x30, 0x39) | ByteWords.equal(word, 0x2b) | ByteWords.equal(word, 0x28)
            if mask != 0 { return index &+ ByteWords.first(mask) }
            index &+= 8
        }
        return index
    }

    /// The end of the run of letters, digits, `.` and `_` from `from` (`digitGroups`' group
    /// bytes): the first other byte or `bytes.count`, what `ByteWords.runEnd` answers with the
    /// same test, sixteen bytes a step while sixteen are left.
    @inline(__always) static func groupRunEnd(_ bytes: UnsafeBufferPointer<UInt8>, from: Int) -> Int {
        var index = from
        let last = bytes.count &- 16
        while index <= last {
            let words = load(bytes, index)
            // A byte in `lo...hi` (n values): `b + (0x80 - lo)` in 0x80..<0x80 + n, the sums whose high bit
            // is set and stays set when 0x80 - n more is added. Letters are read with `| 0x20` (A–Z onto a–z).
            let letterSum = (words | Lanes(repeating: 0x20)) &+ Lanes(repeating: 0x80 - 0x61)
            let letters = letterSum & (letterSum &+ Lanes(repeating: 0x80 - 26))
            let digitSum = words &+ Lanes(repeating: 0x80 - 0x30)
            let digits = digitSum & (digitSum &+ Lanes(repeating: 0x80 - 10))
            let marks = equal(words, 0x2e) | equal(words, 0x5f)
            if let offset = first(~(letters | digits | marks) & Lanes(repeating: 0x80)) { return index &+ offset }
            index &+= 16
        }
        return ByteWords.runEnd(
            bytes, from: index, { ByteWords.alnums($0) | ByteWords.equal($0, 0x2e) | ByteWords.equal($0, 0x5f) },
            byte: SpanDetectors.isGroupByte)
    }

    /// The nearest `=`, `;` or line feed before `end` (`connectionStrings`' walk back from a `;`),
    /// or -1: sixteen bytes a step while sixteen are left (the highest flagged byte of a step is the
    /// nearest), then eight, then one at a time.
    @inline(__always) static func previousPairMark(_ bytes: UnsafeBufferPointer<UInt8>, before end: Int) -> Int {
        var index = end - 1
        while index >= 15 {
            let words = load(bytes, index &- 15)
            let hits = equal(words, 0x3d) | equal(words, 0x3b) | equal(words, 0x0a)
            let halves = unsafeBitCast(hits & Lanes(repeating: 0x80), to: SIMD2<UInt64>.self)
            let high = UInt64(littleEndian: halves[1]), low = UInt64(littleEndian: halves[0])
            if high != 0 { return index &- (high.leadingZeroBitCount >> 3) }
            if low != 0 { return index &- 8 &- (low.leadingZeroBitCount >> 3) }
            index &-= 16
        }
        while index >= 7 {
            let word = ByteWords.load(bytes, index &- 7)
            let mask = ByteWords.equal(word, 0x3d) | ByteWords.equal(word, 0x3b) | ByteWords.equal(word, 0x0a)
            if mask != 0 { return index &- (mask.leadingZeroBitCount >> 3) }
            index &-= 8
        }
        while index >= 0, bytes[index] != 0x3d, bytes[index] != 0x3b, bytes[index] != 0x0a { index -= 1 }
        return index
    }
}
