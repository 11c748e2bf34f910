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

    /// The high bit set in each byte of `x` that is not zero: `(x & 0x7f) + 0x7f` sets it for
    /// every byte but 0 and 0x80, and `| x` for 0x80.
    @inline(__always) static func nonzero(_ x: Lanes) -> Lanes {
        ((x & Lanes(repeating: 0x7f)) &+ Lanes(repeating: 0x7f)) | x
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
            let other = nonzero(words ^ Lanes(repeating: a)) & nonzero(words ^ Lanes(repeating: b)) & nonzero(words ^ Lanes(repeating: c))
            if let offset = first(~other & Lanes(repeating: 0x80)) { return index &+ offset }
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
            let other = nonzero(words ^ Lanes(repeating: 0x2b)) & nonzero(words ^ Lanes(repeating: 0x28))
            if let offset = first((digits | ~other) & Lanes(repeating: 0x80)) { return index &+ offset }
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
            let other = nonzero(words ^ Lanes(repeating: 0x2e)) & nonzero(words ^ Lanes(repeating: 0x5f))
            if let offset = first(~(letters | digits) & other & Lanes(repeating: 0x80)) { return index &+ offset }
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
            let other = nonzero(words ^ Lanes(repeating: 0x3d)) & nonzero(words ^ Lanes(repeating: 0x3b)) & nonzero(words ^ Lanes(repeating: 0x0a))
            let halves = unsafeBitCast(~other & Lanes(repeating: 0x80), to: SIMD2<UInt64>.self)
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
