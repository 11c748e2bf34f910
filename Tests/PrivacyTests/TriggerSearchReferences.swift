@testable import Privacy

// References only the tests read: production code finds trigger bytes through
// `ByteClasses.present(of:)` and `SpanDetectorTriggers`; these are the plain versions those are
// compared with (`TokenBlockSpeedTests`, `SpanDetectorSpeedTests`, `ByteShapeTableTests`).

extension ByteClasses {
    /// The classes of every byte (0 for bytes no pass starts at): `computedTable()` written
    /// out, 16 bytes a line, so that a read needs no lazy initialisation (`ByteShapeTableTests`
    /// checks that the two agree).
    static let table: [UInt8] = [
        0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,  // 0x00
        0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,  // 0x10
        0, 0, 4, 0, 0, 0, 0, 4, 0, 0, 0, 0, 0, 1, 0, 16,  // 0x20
        0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 8, 2, 32, 8, 0, 0,  // 0x30
        0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,  // 0x40
        0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,  // 0x50
        0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,  // 0x60
        0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,  // 0x70
        0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,  // 0x80
        0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,  // 0x90
        0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,  // 0xa0
        0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,  // 0xb0
        0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,  // 0xc0
        0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,  // 0xd0
        0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,  // 0xe0
        0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,  // 0xf0
    ]

    /// The classes of every byte, from the list of trigger bytes.
    static func computedTable() -> [UInt8] {
        (0..<256).map { b -> UInt8 in
            switch b {
            case 0x2d: dash
            case 0x3b: semicolon
            case 0x22, 0x27: quote
            case 0x3d, 0x3a: assign
            case 0x2f: slash
            case 0x3c: angle
            default: 0
            }
        }
    }

    /// The union of the classes of the bytes of `bytes`.
    static func present(in bytes: UnsafeBufferPointer<UInt8>) -> UInt8 {
        table.withUnsafeBufferPointer { table in
            var present: UInt8 = 0
            for b in bytes { present |= table[Int(b)] }
            return present
        }
    }
}

extension BytePairWords {
    /// 0x80 in each zero byte of `x` (written with `^`, not `~`: the vector code then keeps to the
    /// vector unit). `(x & 0x7f) + 0x7f` has its high bit clear only for a byte of 0 or 0x80.
    @inline(__always) static func zeros(_ x: Pair) -> Pair {
        let high = splat(0x80)
        return ((((x & splat(0x7f)) &+ splat(0x7f)) | x) & high) ^ high
    }

    /// 0x80 in each byte equal to `b`.
    @inline(__always) static func equal(_ words: Pair, _ b: UInt8) -> Pair { zeros(words ^ splat(b)) }

    /// 0x80 in each ASCII digit.
    @inline(__always) static func digits(_ words: Pair) -> Pair {
        let high = splat(0x80)
        let low = words & splat(0x7f)
        return ((low &+ splat(0x80 - 0x30)) ^ (low &+ splat(0x7f - 0x39))) & ((words & high) ^ high)
    }

    /// The first byte at or after `from` that `test` flags, read sixteen bytes at a time, then
    /// eight (`ByteWords.next` with `word`, the same test on one word): the flagged byte, or
    /// where fewer than eight bytes are left.
    @inline(__always) static func next(
        _ bytes: UnsafeBufferPointer<UInt8>, from: Int, _ test: (Pair) -> Pair, word: (UInt64) -> UInt64
    ) -> Int {
        var index = from
        let last = bytes.count - 16
        while index <= last {
            let mask = test(load(bytes, index))
            if mask[0] != 0 { return index &+ ByteWords.first(mask[0]) }
            if mask[1] != 0 { return index &+ 8 &+ ByteWords.first(mask[1]) }
            index &+= 16
        }
        return ByteWords.next(bytes, from: index, word)
    }
}
