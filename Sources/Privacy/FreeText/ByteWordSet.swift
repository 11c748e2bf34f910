/// A read-only set of lowercase ASCII words that answers "is this byte range a member,
/// ignoring ASCII case?" without making a String: the hot path of both the anonymizer and
/// the verification scan.
public final class ByteWordSet: Sendable {
    private let storage: [UInt8]
    private let starts: [Int32]
    private let lengths: [UInt8]
    private let table: [Int32]
    private let mask: Int
    public let count: Int

    public init(_ words: some Sequence<String>) {
        var storage: [UInt8] = []
        var starts: [Int32] = []
        var lengths: [UInt8] = []
        for word in Set(words.map { $0.lowercased() }) where !word.isEmpty && word.utf8.count < 256 {
            starts.append(Int32(storage.count))
            lengths.append(UInt8(word.utf8.count))
            storage.append(contentsOf: word.utf8)
        }
        var size = 16
        while size < starts.count * 2 { size <<= 1 }
        var table = [Int32](repeating: -1, count: size)
        let mask = size - 1
        for index in starts.indices {
            let start = Int(starts[index])
            var slot = storage.withUnsafeBufferPointer { Self.hash($0, start..<(start + Int(lengths[index]))) } & mask
            while table[slot] >= 0 { slot = (slot + 1) & mask }
            table[slot] = Int32(index)
        }
        self.storage = storage
        self.starts = starts
        self.lengths = lengths
        self.table = table
        self.mask = mask
        self.count = starts.count
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

    public func contains(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> Bool {
        guard !range.isEmpty, range.count < 256 else { return false }
        var slot = Self.hash(bytes, range) & mask
        return storage.withUnsafeBufferPointer { store in
            while true {
                let entry = Int(table[slot])
                if entry < 0 { return false }
                if Int(lengths[entry]) == range.count {
                    let start = Int(starts[entry])
                    var equal = true
                    var offset = 0
                    for index in range {
                        if store[start + offset] != Bytes.lower(bytes[index]) { equal = false; break }
                        offset += 1
                    }
                    if equal { return true }
                }
                slot = (slot + 1) & mask
            }
        }
    }
}
