import Foundation

/// The anonymizer's output while it is written: plain memory of its own, doubled as needed,
/// copied once into the result `String`. An array in its place costs an object allocation,
/// its release and a uniqueness check on every append.
///
/// The owner calls `free()` when done (a `defer` beside the `init`), and never copies the sink.
struct ByteSink {
    private var base: UnsafeMutablePointer<UInt8>
    private var capacity: Int
    private(set) var count = 0
    /// Whether `base` was allocated here (false while the sink writes into its caller's storage).
    private var owned = true

    init(capacity: Int) {
        self.capacity = max(capacity, 16)
        base = .allocate(capacity: self.capacity)
    }

    /// A sink that starts in `storage` (the caller's, e.g. temporary stack storage that outlives
    /// the sink): no allocation unless the bytes outgrow it.
    init(startingIn storage: UnsafeMutableBufferPointer<UInt8>) {
        if let start = storage.baseAddress, storage.count > 0 {
            base = start
            capacity = storage.count
            owned = false
        } else {
            capacity = 16
            base = .allocate(capacity: capacity)
        }
    }

    /// Returns the memory; the sink is not used after.
    func free() { if owned { base.deallocate() } }

    @inline(__always) mutating func append(_ byte: UInt8) {
        if count == capacity { grow(count + 1) }
        base[count] = byte
        count += 1
    }

    @inline(__always) mutating func append(contentsOf bytes: UnsafeBufferPointer<UInt8>) {
        guard let source = bytes.baseAddress, !bytes.isEmpty else { return }
        // Counts of bytes in memory: no overflow to test.
        if count &+ bytes.count > capacity { grow(count &+ bytes.count) }
        (base + count).initialize(from: source, count: bytes.count)
        count &+= bytes.count
    }

    @inline(__always) mutating func append(contentsOf bytes: [UInt8]) {
        bytes.withUnsafeBufferPointer { append(contentsOf: $0) }
    }

    /// Moves the bytes to memory of at least `needed` bytes (twice the old size at least).
    private mutating func grow(_ needed: Int) {
        let newCapacity = max(needed, 2 * capacity)
        let newBase = UnsafeMutablePointer<UInt8>.allocate(capacity: newCapacity)
        newBase.initialize(from: base, count: count)
        if owned { base.deallocate() }
        base = newBase
        capacity = newCapacity
        owned = true
    }

    /// Whether the bytes written are exactly `bytes`.
    func bytesEqual(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        guard count == bytes.count else { return false }
        guard count > 0, let other = bytes.baseAddress else { return true }
        return memcmp(base, other, count) == 0
    }

    /// The bytes written, as a `String` (invalid UTF-8 repaired as `String(decoding:)` does).
    var string: String {
        String(decoding: UnsafeBufferPointer(start: base, count: count), as: UTF8.self)
    }
}
