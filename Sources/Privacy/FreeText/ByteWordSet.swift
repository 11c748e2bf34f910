/// A read-only set of lowercase ASCII words that answers "is this byte range a member,
/// ignoring ASCII case?" without making a String: the hot path of both the anonymizer and
/// the verification scan.
public final class ByteWordSet: Sendable {
    let lexicon: ByteLexicon
    /// The lexicon flags that make a word a member of this set.
    let mask: UInt8
    public let count: Int

    public init(_ words: some Sequence<String>) {
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
    public func contains(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> Bool {
        lexicon.flags(bytes, range) & mask != 0
    }
}

/// Lowercase words, each with a byte of flags (the lists it is on), looked up by byte range
/// in any ASCII case with one hash and one probe sequence: the anonymizer and the scan ask a
/// word's membership in every list at once. Words are lowercased as `String.lowercased()`
/// does; lookups lowercase ASCII only, so a word that is not ASCII matches its exact bytes.
///
/// Immutable after `init`; the storage is owned by the instance and freed in `deinit`, and
/// every read stays inside it (slots are masked, entries index the storage they were made from).
final class ByteLexicon: @unchecked Sendable {
    /// Per slot: the word's 32-bit hash in the high half, its entry number + 1 in the low (0: empty).
    private let slots: UnsafeMutableBufferPointer<UInt64>
    /// Per entry: start in `storage` << 16 | length << 8 | flags.
    private let entries: UnsafeMutableBufferPointer<UInt64>
    private let storage: UnsafeMutableBufferPointer<UInt8>
    private let mask: Int
    let count: Int

    init(_ words: some Sequence<(String, UInt8)>) {
        var flagsByWord: [String: UInt8] = [:]
        for (word, flags) in words {
            let lowered = word.lowercased()
            guard !lowered.isEmpty, lowered.utf8.count < 256 else { continue }
            flagsByWord[lowered, default: 0] |= flags
        }
        // Sorted, so that the table's layout does not depend on the process's hash seed.
        let sorted = flagsByWord.sorted { $0.key < $1.key }
        var bytes: [UInt8] = []
        var entryList: [UInt64] = []
        for (word, flags) in sorted {
            entryList.append(UInt64(bytes.count) << 16 | UInt64(word.utf8.count) << 8 | UInt64(flags))
            bytes.append(contentsOf: word.utf8)
        }
        var size = 16
        while size < entryList.count * 2 { size <<= 1 }
        let slots = UnsafeMutableBufferPointer<UInt64>.allocate(capacity: size)
        slots.initialize(repeating: 0)
        let storage = UnsafeMutableBufferPointer<UInt8>.allocate(capacity: max(bytes.count, 1))
        _ = storage.initialize(from: bytes)
        let entries = UnsafeMutableBufferPointer<UInt64>.allocate(capacity: max(entryList.count, 1))
        _ = entries.initialize(from: entryList)
        let mask = size - 1
        for (index, entry) in entryList.enumerated() {
            let start = Int(entry >> 16), length = Int((entry >> 8) & 0xff)
            let hash = Self.hash(UnsafeBufferPointer(storage), start..<(start + length))
            var slot = hash & mask
            while slots[slot] != 0 { slot = (slot + 1) & mask }
            slots[slot] = UInt64(UInt32(truncatingIfNeeded: hash)) << 32 | UInt64(index + 1)
        }
        self.slots = slots
        self.entries = entries
        self.storage = storage
        self.mask = mask
        count = entryList.count
    }

    deinit {
        slots.deallocate()
        entries.deallocate()
        storage.deallocate()
    }

    /// How many words carry any of `flags`.
    func count(_ flags: UInt8) -> Int {
        var total = 0
        for index in 0..<count where UInt8(truncatingIfNeeded: entries[index]) & flags != 0 { total += 1 }
        return total
    }

    /// FNV-1a over ASCII-lowercased bytes.
    @inline(__always)
    static func hash(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> Int {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for index in range {
            hash = (hash ^ UInt64(Bytes.lower(bytes[index]))) &* 0x100_0000_01b3
        }
        return Int(truncatingIfNeeded: hash ^ (hash >> 29))
    }

    /// The flags of the word at `range` (any ASCII case), 0 when it is in no list.
    func flags(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> UInt8 {
        let length = range.count
        guard length > 0, length < 256 else { return 0 }
        let hash = Self.hash(bytes, range)
        let tag = UInt64(UInt32(truncatingIfNeeded: hash))
        var slot = hash & mask
        while true {
            let value = slots[slot]
            if value == 0 { return 0 }
            if value >> 32 == tag {
                let entry = entries[Int(truncatingIfNeeded: value & 0xffff_ffff) - 1]
                if Int((entry >> 8) & 0xff) == length {
                    let start = Int(entry >> 16)
                    var equal = true
                    var offset = start
                    for index in range {
                        if storage[offset] != Bytes.lower(bytes[index]) { equal = false; break }
                        offset += 1
                    }
                    if equal { return UInt8(truncatingIfNeeded: entry) }
                }
            }
            slot = (slot + 1) & mask
        }
    }
}
