import Crypto

/// The Merkle tree of RFC 9162 §2.1 (the RFC 6962 tree): hashing, roots and proof generation.
///
/// Leaves are the raw canonical line bytes; domain separation (0x00 leaf, 0x01 node) keeps a
/// leaf from ever being passed off as an inner node.
package enum MerkleTree {
    /// MTH({}) = SHA-256 of the empty string.
    package static let emptyRoot = MerkleHash(digest: SHA256.hash(data: [UInt8]()))

    /// SHA-256(0x00 || leaf).
    package static func leafHash(_ leaf: UnsafeRawBufferPointer) -> MerkleHash {
        var hasher = SHA256()
        withUnsafeBytes(of: UInt8(0)) { hasher.update(bufferPointer: $0) }
        hasher.update(bufferPointer: leaf)
        return MerkleHash(digest: hasher.finalize())
    }

    /// SHA-256(0x00 || leaf).
    package static func leafHash(_ leaf: some Collection<UInt8>) -> MerkleHash {
        if let hash = leaf.withContiguousStorageIfAvailable({ leafHash(UnsafeRawBufferPointer($0)) }) {
            return hash
        }
        return Array(leaf).withUnsafeBytes { leafHash($0) }
    }

    /// SHA-256(0x01 || left || right).
    package static func nodeHash(_ left: MerkleHash, _ right: MerkleHash) -> MerkleHash {
        var hasher = SHA256()
        withUnsafeBytes(of: UInt8(1)) { hasher.update(bufferPointer: $0) }
        left.withUnsafeBytes { hasher.update(bufferPointer: $0) }
        right.withUnsafeBytes { hasher.update(bufferPointer: $0) }
        return MerkleHash(digest: hasher.finalize())
    }

    /// MTH(D[n]) over already hashed leaves.
    package static func root<C: RandomAccessCollection>(leafHashes: C) -> MerkleHash
    where C.Element == MerkleHash, C.Index == Int {
        var frontier = MerkleFrontier()
        for hash in leafHashes { frontier.append(leafHash: hash) }
        return frontier.root
    }

    /// PATH(m, D[n]) of RFC 9162 §2.1.3.1 for `index` in a tree of `size` leaves
    /// (the first `size` elements of `leafHashes`).
    package static func inclusionProof<C: RandomAccessCollection>(
        index: UInt64, size: UInt64, leafHashes: C
    ) throws(AuditLogError) -> InclusionProof where C.Element == MerkleHash, C.Index == Int {
        guard index < size else { throw .invalidProofRequest("leaf index must be below the tree size") }
        guard size <= UInt64(leafHashes.count) else {
            throw .invalidProofRequest("tree size exceeds the number of leaves")
        }
        var path: [MerkleHash] = []
        collectPath(index: Int(index), range: leafHashes.startIndex..<leafHashes.startIndex + Int(size), in: leafHashes, into: &path)
        return InclusionProof(leafIndex: index, treeSize: size, hashes: path.reversed())
    }

    /// PROOF(m, D[n]) of RFC 9162 §2.1.4.1 between sizes `oldSize` ≤ `newSize`.
    package static func consistencyProof<C: RandomAccessCollection>(
        oldSize: UInt64, newSize: UInt64, leafHashes: C
    ) throws(AuditLogError) -> ConsistencyProof where C.Element == MerkleHash, C.Index == Int {
        guard oldSize <= newSize else { throw .invalidProofRequest("old size must not exceed new size") }
        guard newSize <= UInt64(leafHashes.count) else {
            throw .invalidProofRequest("tree size exceeds the number of leaves")
        }
        var proof: [MerkleHash] = []
        if oldSize > 0 && oldSize < newSize {
            let start = leafHashes.startIndex
            collectSubproof(m: Int(oldSize), range: start..<start + Int(newSize), complete: true, in: leafHashes, into: &proof)
        }
        return ConsistencyProof(oldSize: oldSize, newSize: newSize, hashes: proof)
    }

    /// Root of the leaves in `range` (MTH of that slice).
    static func subtreeRoot<C: RandomAccessCollection>(_ range: Range<Int>, in leaves: C) -> MerkleHash
    where C.Element == MerkleHash, C.Index == Int {
        var frontier = MerkleFrontier()
        for index in range { frontier.append(leafHash: leaves[index]) }
        return frontier.root
    }

    /// Largest power of two strictly smaller than `n` (n ≥ 2).
    static func splitPoint(_ n: Int) -> Int {
        1 << (Int.bitWidth - 1 - (n - 1).leadingZeroBitCount)
    }

    /// Appends the audit path bottom-up in reverse (root side first); caller reverses.
    private static func collectPath<C: RandomAccessCollection>(
        index: Int, range: Range<Int>, in leaves: C, into path: inout [MerkleHash]
    ) where C.Element == MerkleHash, C.Index == Int {
        let n = range.count
        guard n > 1 else { return }
        let k = splitPoint(n)
        let mid = range.lowerBound + k
        if index < k {
            path.append(subtreeRoot(mid..<range.upperBound, in: leaves))
            collectPath(index: index, range: range.lowerBound..<mid, in: leaves, into: &path)
        } else {
            path.append(subtreeRoot(range.lowerBound..<mid, in: leaves))
            collectPath(index: index - k, range: mid..<range.upperBound, in: leaves, into: &path)
        }
    }

    /// SUBPROOF(m, D[n], b) of RFC 9162 §2.1.4.1, emitted in proof order.
    private static func collectSubproof<C: RandomAccessCollection>(
        m: Int, range: Range<Int>, complete: Bool, in leaves: C, into proof: inout [MerkleHash]
    ) where C.Element == MerkleHash, C.Index == Int {
        let n = range.count
        if m == n {
            if !complete { proof.append(subtreeRoot(range, in: leaves)) }
            return
        }
        let k = splitPoint(n)
        let mid = range.lowerBound + k
        if m <= k {
            collectSubproof(m: m, range: range.lowerBound..<mid, complete: complete, in: leaves, into: &proof)
            proof.append(subtreeRoot(mid..<range.upperBound, in: leaves))
        } else {
            collectSubproof(m: m - k, range: mid..<range.upperBound, complete: false, in: leaves, into: &proof)
            proof.append(subtreeRoot(range.lowerBound..<mid, in: leaves))
        }
    }
}
