import Foundation

/// The compact range [0, size): roots of the perfect subtrees covering the log, largest first.
///
/// Appending is O(log n) and the root is available at any size, so the single writer only
/// needs this (persisted in one row) instead of every leaf hash.
package struct MerkleFrontier: Sendable, Hashable {
    package private(set) var size: UInt64
    /// One hash per set bit of `size`, from the most significant bit down.
    package private(set) var hashes: [MerkleHash]

    package init() {
        size = 0
        hashes = []
    }

    package init(size: UInt64, hashes: [MerkleHash]) throws(AuditLogError) {
        guard hashes.count == size.nonzeroBitCount else {
            throw .invalidFrontier("a frontier of size \(size) holds \(size.nonzeroBitCount) hashes, not \(hashes.count)")
        }
        self.size = size
        self.hashes = hashes
    }

    package mutating func append(leafHash: MerkleHash) {
        var merged = leafHash
        var shifted = size
        while shifted & 1 == 1 {
            merged = MerkleTree.nodeHash(hashes.removeLast(), merged)
            shifted >>= 1
        }
        hashes.append(merged)
        size += 1
    }

    /// Hashes and appends one raw leaf (a canonical line).
    package mutating func append(leaf: UnsafeRawBufferPointer) {
        append(leafHash: MerkleTree.leafHash(leaf))
    }

    /// MTH of the leaves appended so far.
    package var root: MerkleHash {
        guard var result = hashes.last else { return MerkleTree.emptyRoot }
        for hash in hashes.dropLast().reversed() {
            result = MerkleTree.nodeHash(hash, result)
        }
        return result
    }

    /// 8-byte big-endian size followed by the hashes: the form the storage layer keeps in a row.
    package var serialized: [UInt8] {
        var bytes = withUnsafeBytes(of: size.bigEndian) { Array($0) }
        for hash in hashes { bytes.append(contentsOf: hash.bytes) }
        return bytes
    }

    package init(serialized bytes: some Collection<UInt8>) throws(AuditLogError) {
        let bytes = Array(bytes)
        guard bytes.count >= 8, (bytes.count - 8) % MerkleHash.byteCount == 0 else {
            throw .invalidFrontier("serialized frontier has a wrong length")
        }
        let size = bytes[0..<8].reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
        var hashes: [MerkleHash] = []
        var offset = 8
        while offset < bytes.count {
            hashes.append(MerkleHash(bytes: bytes[offset..<offset + MerkleHash.byteCount])!)
            offset += MerkleHash.byteCount
        }
        try self.init(size: size, hashes: hashes)
    }

    /// Base64 of `serialized`, for a TEXT column.
    package var serializedText: String { Data(serialized).base64EncodedString() }

    package init(serializedText text: String) throws(AuditLogError) {
        guard let data = Data(base64Encoded: text) else { throw .invalidFrontier("frontier text is not base64") }
        try self.init(serialized: data)
    }
}
