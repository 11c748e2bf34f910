/// A read-only set of lowercase ASCII words that answers "is this byte range a member,
/// ignoring ASCII case?" without making a String: the hot path of both the anonymizer and
/// the verification scan.
package final class ByteWordSet: Sendable {
    let lexicon: ByteLexicon
    /// The lexicon flags that make a word a member of this set.
    let mask: UInt8
    package let count: Int

    package init(_ words: some Sequence<String>) {
        lexicon = ByteLexicon(words.map { ($0, UInt8(1)) })
        mask = 1
        count = lexicon.count
    }

    /// The words of `lexicon` that carry any of `mask`'s flags.
    init(_ lexicon: ByteLexicon, mask: UInt8) {
        self.lexicon = lexicon
        self.mask = mask
        count = lexicon.count(mask)
    }

    @inline(__always)
    package func contains(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> Bool {
        lexicon.flags(bytes, range) & mask != 0
    }
}

/// Lowercase words, each with a byte of flags (the lists it is on), looked up by byte range
/// in any ASCII case with one hash and one probe sequence: the anonymizer and the scan ask a
/// word's membership in every list at once. Words are lowercased as `String.lowercased()`
/// does; lookups lowercase ASCII only, so a word that is not ASCII matches its exact bytes.
///
/// Words are read eight bytes at a time (ASCII-lowercased in the register), hashed and
/// compared as 64-bit chunks; stored words are zero-padded to whole chunks.
///
/// Immutable after `init`; the storage is owned by the instance and freed in `deinit`, and
/// every read stays inside it (slots are masked, slots index the chunks they were made from)
/// or inside the caller's buffer (a chunk is loaded whole only when eight bytes remain).
final class ByteLexicon: @unchecked Sendable {
    /// Per slot (0: empty): 24 bits of the word's hash, its length, its flags and its first
    /// chunk in `chunks` (24 bits each, from the high bits down), so that a probe compares the
    /// hash and the length in one test and reads the word's chunks next.
    private let slots: UnsafeMutableBufferPointer<UInt64>
    private let chunks: UnsafeMutableBufferPointer<UInt64>
    private let mask: Int
    /// Per (first byte, length) pair of the stored words: one bit, so a lookup whose first
    /// byte and length no word has answers without hashing (lengths of 31 and more share a bit).
    private let shapes: UnsafeMutableBufferPointer<UInt64>
    let count: Int
    /// How many words carry each flags byte (for `count(_:)`).
    private let wordsByFlags: [Int]

    /// Words of any case, on any of the lists their flags name (a word given twice gets both flags).
    convenience init(_ words: some Sequence<(String, UInt8)>) {
        // ASCII words (the static lists, built on a gate's first call) are lowercased byte by
        // byte (`lowercased()` gives the same), sorted (`StringSort`: `<`'s order, their bytes'),
        // then equal words merged (next to each other in that order): no dictionary. Other
        // words take a dictionary, sorted so that the table's layout does not depend on the
        // process's hash seed.
        let words = Array(words)
        guard let lowered = Self.asciiLowercased(words) else {
            self.init(dictionary: words)
            return
        }
        var merged: [(String, UInt8)] = []
        merged.reserveCapacity(lowered.count)
        for (word, flags) in StringSort.sorted(lowered, by: \.0) {
            if let last = merged.last, last.0 == word {
                merged[merged.count - 1].1 |= flags
            } else {
                merged.append((word, flags))
            }
        }
        self.init(sorted: merged)
    }

    private convenience init(dictionary words: [(String, UInt8)]) {
        var flagsByWord: [String: UInt8] = [:]
        for (word, flags) in words {
            let lowered = word.lowercased()
            guard !lowered.isEmpty, lowered.utf8.count < 256 else { continue }
            flagsByWord[lowered, default: 0] |= flags
        }
        self.init(sorted: StringSort.sorted(flagsByWord, by: \.key).map { ($0.key, $0.value) })
    }

    /// The words lowercased, without the empty ones and those of 256 bytes or more; nil when
    /// one is not ASCII.
    private static func asciiLowercased(_ words: [(String, UInt8)]) -> [(String, UInt8)]? {
        var lowered: [(String, UInt8)] = []
        lowered.reserveCapacity(words.count)
        for (word, flags) in words {
            guard let word = asciiLowercased(word) else { return nil }
            guard !word.isEmpty, word.utf8.count < 256 else { continue }
            lowered.append((word, flags))
        }
        return lowered
    }

    /// `word.lowercased()` for an ASCII word (itself when it has no capital), nil for any other.
    static func asciiLowercased(_ word: String) -> String? {
        var copy = word
        return copy.withUTF8 { bytes -> String? in
            guard bytes.allSatisfy({ $0 < 0x80 }) else { return nil }
            guard bytes.contains(where: Bytes.isUpper) else { return word }
            return String(decoding: bytes.map(Bytes.lower), as: UTF8.self)
        }
    }

    /// The words of `lists`, each with the flags of the lists it is on: the same table as
    /// `init(_:)` gives. Lists of lowercase ASCII words (the shipped ones) are merged in their
    /// order, without hashing a `String`; any other list takes `init(_:)`'s way.
    convenience init(lists: [(entries: ListEntries, flags: UInt8)]) {
        guard lists.allSatisfy(\.entries.lowercaseASCII) else {
            self.init(lists.lazy.flatMap { list in list.entries.entries.lazy.map { ($0, list.flags) } })
            return
        }
        // Lowercase ASCII words are their own `lowercased()`, and `<` orders them as their bytes.
        var heads = [Int](repeating: 0, count: lists.count)
        var merged: [(String, UInt8)] = []
        merged.reserveCapacity(lists.reduce(0) { $0 + $1.entries.count })
        while true {
            var least: String?
            for (list, head) in zip(lists, heads) where head < list.entries.count {
                if let current = least, !(list.entries.entries[head] < current) { continue }
                least = list.entries.entries[head]
            }
            guard let word = least else { break }
            var flags: UInt8 = 0
            for index in lists.indices where heads[index] < lists[index].entries.count && lists[index].entries.entries[heads[index]] == word {
                flags |= lists[index].flags
                heads[index] += 1
            }
            if !word.isEmpty, word.utf8.count < 256 { merged.append((word, flags)) }
        }
        self.init(sorted: merged)
    }

    /// Builds the table from lowercased words, each once, in `<` order.
    private init(sorted: [(String, UInt8)]) {
        var chunkList: [UInt64] = []
        var keys: [(hash: Int, value: UInt64)] = []
        let shapes = UnsafeMutableBufferPointer<UInt64>.allocate(capacity: 128)
        shapes.initialize(repeating: 0)
        for (word, flags) in sorted {
            var word = word
            word.withUTF8 { buffer in
                let shape = Self.shape(buffer[0], buffer.count)
                shapes[shape >> 6] |= 1 << UInt64(shape & 63)
                let first = chunkList.count
                precondition(first < 1 << 24, "a word list of more than 128 MB")
                var at = 0
                while at < buffer.count {
                    chunkList.append(Self.loweredChunk(buffer, at, min(8, buffer.count - at)))
                    at += 8
                }
                let hash = Self.hash(buffer, 0..<buffer.count)
                keys.append((hash, Self.key(hash, buffer.count) << 32 | UInt64(flags) << 24 | UInt64(first)))
            }
        }
        // At most a quarter of the slots full: a lookup's first slot is seldom another word's, so
        // the probe seldom takes a second turn (a branch that varied text mispredicts). The
        // shipped lists take 4 MB of slots.
        var size = 16
        while size < keys.count * 4 { size <<= 1 }
        let slots = UnsafeMutableBufferPointer<UInt64>.allocate(capacity: size)
        slots.initialize(repeating: 0)
        let chunks = UnsafeMutableBufferPointer<UInt64>.allocate(capacity: max(chunkList.count, 1))
        chunks.initialize(repeating: 0)
        _ = chunks.update(fromContentsOf: chunkList)
        let mask = size - 1
        for (hash, value) in keys {
            var slot = hash & mask
            while slots[slot] != 0 { slot = (slot + 1) & mask }
            slots[slot] = value
        }
        self.slots = slots
        self.chunks = chunks
        self.mask = mask
        self.shapes = shapes
        count = keys.count
        var wordsByFlags = [Int](repeating: 0, count: 256)
        for (_, flags) in sorted { wordsByFlags[Int(flags)] += 1 }
        self.wordsByFlags = wordsByFlags
    }

    deinit {
        shapes.deallocate()
        slots.deallocate()
        chunks.deallocate()
    }

    /// How many words carry any of `flags`.
    func count(_ flags: UInt8) -> Int {
        var total = 0
        for value in 1..<256 where UInt8(value) & flags != 0 { total += wordsByFlags[value] }
        return total
    }

    /// The high half of a word's slot: 24 bits of its hash (bits the slot number does not use
    /// while the table has fewer than 2^40 slots) and its length.
    @inline(__always)
    private static func key(_ hash: Int, _ length: Int) -> UInt64 {
        (UInt64(truncatingIfNeeded: hash) >> 40) << 8 | UInt64(truncatingIfNeeded: length)
    }

    /// `length` (1...8) bytes from `at`, ASCII-lowercased, little-endian in a word, zero above.
    @inline(__always)
    static func loweredChunk(_ bytes: UnsafeBufferPointer<UInt8>, _ at: Int, _ length: Int) -> UInt64 {
        var value: UInt64 = 0
        if at + 8 <= bytes.count, let base = bytes.baseAddress {
            value = UInt64(littleEndian: UnsafeRawPointer(base).loadUnaligned(fromByteOffset: at, as: UInt64.self))
            if length < 8 { value &= (1 << (UInt64(length) &* 8)) &- 1 }
        } else {
            for offset in 0..<length { value |= UInt64(bytes[at + offset]) << (UInt64(offset) &* 8) }
        }
        return lowered(value)
    }

    /// Per byte: set 0x20 where the byte is 'A'...'Z' (no carries cross bytes: each sum < 0x100).
    @inline(__always)
    private static func lowered(_ value: UInt64) -> UInt64 {
        let high: UInt64 = 0x8080_8080_8080_8080
        let low7 = value & ~high
        let atLeastA = low7 &+ 0x3f3f_3f3f_3f3f_3f3f  // 0x80 - 0x41
        let pastZ = low7 &+ 0x2525_2525_2525_2525  // 0x80 - 0x5b
        let upper = atLeastA & ~pastZ & ~value & high
        return value | (upper >> 2)
    }

    /// A hash of the ASCII-lowercased bytes, a chunk at a time.
    @inline(__always)
    static func hash(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> Int {
        var hash = UInt64(range.count) &* 0x9e37_79b9_7f4a_7c15
        var at = range.lowerBound
        while at < range.upperBound {
            hash = (hash ^ loweredChunk(bytes, at, min(8, range.upperBound - at))) &* 0xbf58_476d_1ce4_e5b9
            hash ^= hash >> 31
            at += 8
        }
        return Int(truncatingIfNeeded: hash ^ (hash >> 29))
    }

    /// The bit of a word's first byte (ASCII-lowercased, as stored) and length in `shapes`.
    @inline(__always)
    static func shape(_ first: UInt8, _ length: Int) -> Int {
        Int(first) << 5 | min(length, 31)
    }

    /// The flags of the word at `range` (any ASCII case), 0 when it is in no list. The shape test
    /// is inlined into the caller (most lookups end there); the probe is not.
    @inline(__always)
    func flags(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> UInt8 {
        let length = range.count
        // 1...255 in one unsigned comparison (a count of 0 wraps to the largest value).
        guard UInt(bitPattern: length &- 1) < 255 else { return 0 }
        // A stored word equals the lookup's lowercased bytes, so it shares their first byte and length.
        let shape = Self.shape(Bytes.lower(bytes[range.lowerBound]), length)
        guard shapes[shape >> 6] & (1 << UInt64(shape & 63)) != 0 else { return 0 }
        return storedFlags(bytes, range)
    }

    /// `flags` for a word of `length` (1...8) bytes that the caller has lowercased in a register
    /// (`chunk`, little-endian, zero above): the same shape test, hash and probe, without
    /// reading the bytes again.
    @inline(__always)
    func flags(loweredChunk chunk: UInt64, length: Int) -> UInt8 {
        let shape = Self.shape(UInt8(truncatingIfNeeded: chunk), length)
        guard shapes[shape >> 6] & (1 << UInt64(shape & 63)) != 0 else { return 0 }
        return chunkFlags(chunk, length)
    }

    /// The same for a word of 9...16 bytes: its first eight lowercased bytes and the rest.
    @inline(__always)
    func flags(loweredChunks c0: UInt64, _ c1: UInt64, length: Int) -> UInt8 {
        let shape = Self.shape(UInt8(truncatingIfNeeded: c0), length)
        guard shapes[shape >> 6] & (1 << UInt64(shape & 63)) != 0 else { return 0 }
        return chunkFlags(c0, c1, length)
    }

    @inline(__always)
    private func chunkFlags(_ chunk: UInt64, _ length: Int) -> UInt8 {
        var mixed = (UInt64(truncatingIfNeeded: length) &* 0x9e37_79b9_7f4a_7c15 ^ chunk) &* 0xbf58_476d_1ce4_e5b9
        mixed ^= mixed >> 31
        return probe(Int(truncatingIfNeeded: mixed ^ (mixed >> 29)), length) { chunks[$0] == chunk }
    }

    @inline(__always)
    private func chunkFlags(_ c0: UInt64, _ c1: UInt64, _ length: Int) -> UInt8 {
        var hash = (UInt64(truncatingIfNeeded: length) &* 0x9e37_79b9_7f4a_7c15 ^ c0) &* 0xbf58_476d_1ce4_e5b9
        hash ^= hash >> 31
        hash = (hash ^ c1) &* 0xbf58_476d_1ce4_e5b9
        hash ^= hash >> 31
        return probe(Int(truncatingIfNeeded: hash ^ (hash >> 29)), length) { chunks[$0] == c0 && chunks[$0 &+ 1] == c1 }
    }

    /// `flags` past the shape test, for a word of one chunk in a buffer of eight bytes or more
    /// (most words): the chunk is read in one load (the eight bytes from the word's start, or
    /// those that end with it at the buffer's end), lowered once, and serves for the hash (the
    /// same value as `hash`) and the comparison. Kept small (no registers to save); other words
    /// go to `longFlags`.
    @inline(never)
    private func storedFlags(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> UInt8 {
        let length = range.upperBound &- range.lowerBound
        guard length <= 8, range.lowerBound &+ 8 <= bytes.count || range.upperBound >= 8 else {
            if length <= 16, range.lowerBound &+ 16 <= bytes.count { return twoChunkFlags(bytes, range) }
            return longFlags(bytes, range)
        }
        // `flags` read a byte at `range.lowerBound`: the buffer has a base address.
        let base = UnsafeRawPointer(bytes.baseAddress.unsafelyUnwrapped)
        var raw: UInt64
        if range.lowerBound &+ 8 <= bytes.count {
            // The word's `length` (1...8) bytes, masked without a branch on `length < 8`.
            raw = UInt64(littleEndian: base.loadUnaligned(fromByteOffset: range.lowerBound, as: UInt64.self))
            raw &= ~UInt64(0) &>> (UInt64(truncatingIfNeeded: 8 &- length) &* 8)
        } else {
            // Fewer than eight bytes from the start (so `length` < 8): the eight that end the word.
            raw = UInt64(littleEndian: base.loadUnaligned(fromByteOffset: range.upperBound &- 8, as: UInt64.self))
            raw >>= UInt64(truncatingIfNeeded: 8 &- length) &* 8
        }
        let chunk = Self.lowered(raw)
        var mixed = (UInt64(truncatingIfNeeded: length) &* 0x9e37_79b9_7f4a_7c15 ^ chunk) &* 0xbf58_476d_1ce4_e5b9
        mixed ^= mixed >> 31
        return probe(Int(truncatingIfNeeded: mixed ^ (mixed >> 29)), length) { chunks[$0] == chunk }
    }

    /// `flags` past the shape test for the other words: one chunk in a buffer shorter than eight
    /// bytes, two to four chunks (9...32 bytes, each lowered once and kept for the comparison) or more.
    @inline(never)
    private func longFlags(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> UInt8 {
        let length = range.count
        if length <= 8 {
            let chunk = Self.loweredChunk(bytes, range.lowerBound, length)
            var mixed = (UInt64(truncatingIfNeeded: length) &* 0x9e37_79b9_7f4a_7c15 ^ chunk) &* 0xbf58_476d_1ce4_e5b9
            mixed ^= mixed >> 31
            return probe(Int(truncatingIfNeeded: mixed ^ (mixed >> 29)), length) { chunks[$0] == chunk }
        }
        if length <= 32 { return mediumFlags(bytes, range) }
        return probe(Self.hash(bytes, range), length) { first in
            var chunk = first
            var at = range.lowerBound
            while at < range.upperBound {
                if chunks[chunk] != Self.loweredChunk(bytes, at, min(8, range.upperBound - at)) { return false }
                chunk += 1
                at += 8
            }
            return true
        }
    }

    /// `flags` for a word of two chunks (9...16 bytes, `"replication"`, `"CrashLoopBackOff"`)
    /// with sixteen bytes to read: two loads, each chunk lowered once for the hash (the same
    /// value as `hash`) and the comparison.
    @inline(never)
    private func twoChunkFlags(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> UInt8 {
        let length = range.upperBound &- range.lowerBound
        // `flags` read a byte at `range.lowerBound`: the buffer has a base address.
        let base = UnsafeRawPointer(bytes.baseAddress.unsafelyUnwrapped)
        let c0 = Self.lowered(UInt64(littleEndian: base.loadUnaligned(fromByteOffset: range.lowerBound, as: UInt64.self)))
        var raw = UInt64(littleEndian: base.loadUnaligned(fromByteOffset: range.lowerBound &+ 8, as: UInt64.self))
        // The word's last `length - 8` (1...8) bytes, masked without a branch on `length < 16`.
        raw &= ~UInt64(0) &>> (UInt64(truncatingIfNeeded: 16 &- length) &* 8)
        let c1 = Self.lowered(raw)
        var hash = (UInt64(truncatingIfNeeded: length) &* 0x9e37_79b9_7f4a_7c15 ^ c0) &* 0xbf58_476d_1ce4_e5b9
        hash ^= hash >> 31
        hash = (hash ^ c1) &* 0xbf58_476d_1ce4_e5b9
        hash ^= hash >> 31
        return probe(Int(truncatingIfNeeded: hash ^ (hash >> 29)), length) { chunks[$0] == c0 && chunks[$0 &+ 1] == c1 }
    }

    /// `flags` for a word of two to four chunks (9...32 bytes): each chunk is lowered once and
    /// serves for the hash (the same value as `hash`) and the comparison.
    @inline(__always)
    private func mediumFlags(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> UInt8 {
        let length = range.count
        let at = range.lowerBound, end = range.upperBound
        let c0 = Self.loweredChunk(bytes, at, 8)
        let c1 = Self.loweredChunk(bytes, at + 8, min(8, end - (at + 8)))
        let c2 = length > 16 ? Self.loweredChunk(bytes, at + 16, min(8, end - (at + 16))) : 0
        let c3 = length > 24 ? Self.loweredChunk(bytes, at + 24, end - (at + 24)) : 0
        var hash = UInt64(truncatingIfNeeded: length) &* 0x9e37_79b9_7f4a_7c15
        hash = (hash ^ c0) &* 0xbf58_476d_1ce4_e5b9
        hash ^= hash >> 31
        hash = (hash ^ c1) &* 0xbf58_476d_1ce4_e5b9
        hash ^= hash >> 31
        if length > 16 {
            hash = (hash ^ c2) &* 0xbf58_476d_1ce4_e5b9
            hash ^= hash >> 31
        }
        if length > 24 {
            hash = (hash ^ c3) &* 0xbf58_476d_1ce4_e5b9
            hash ^= hash >> 31
        }
        return probe(Int(truncatingIfNeeded: hash ^ (hash >> 29)), length) { first in
            chunks[first] == c0 && chunks[first + 1] == c1 && (length <= 16 || chunks[first + 2] == c2)
                && (length <= 24 || chunks[first + 3] == c3)
        }
    }

    /// The probe sequence of `hash`: the flags of the first word of `length` bytes with the
    /// hash's key whose chunks, from the index given to `equal`, are the word's; 0 at the first
    /// empty slot.
    @inline(__always)
    private func probe(_ hash: Int, _ length: Int, _ equal: (Int) -> Bool) -> UInt8 {
        let key = Self.key(hash, length)
        var slot = hash & mask
        while true {
            let value = slots[slot]
            if value == 0 { return 0 }
            if value >> 32 == key, equal(Int(truncatingIfNeeded: value & 0xff_ffff)) { return UInt8(truncatingIfNeeded: value >> 24) }
            slot = (slot &+ 1) & mask
        }
    }
}
