/// Proof that a tree of `oldSize` leaves is a prefix of one of `newSize` leaves (RFC 9162 §2.1.4):
/// what lets an auditor's saved checkpoint catch a rewritten or truncated log.
package struct ConsistencyProof: Sendable, Hashable {
    package let oldSize: UInt64
    package let newSize: UInt64
    package let hashes: [MerkleHash]

    package init(oldSize: UInt64, newSize: UInt64, hashes: [MerkleHash]) {
        self.oldSize = oldSize
        self.newSize = newSize
        self.hashes = hashes
    }

    /// RFC 9162 §2.1.4.2, plus the trivial cases it leaves to the caller
    /// (old size 0: always consistent with an empty proof; equal sizes: equal roots, empty proof).
    package func verify(oldRoot: MerkleHash, newRoot: MerkleHash) -> Bool {
        guard oldSize <= newSize else { return false }
        if oldSize == 0 { return hashes.isEmpty }
        if oldSize == newSize { return hashes.isEmpty && oldRoot == newRoot }
        guard !hashes.isEmpty else { return false }
        var path = hashes
        if oldSize & (oldSize - 1) == 0 { path.insert(oldRoot, at: 0) }
        var fn = oldSize - 1
        var sn = newSize - 1
        while fn & 1 == 1 {
            fn >>= 1
            sn >>= 1
        }
        var fr = path[0]
        var sr = path[0]
        for c in path.dropFirst() {
            guard sn != 0 else { return false }
            if fn & 1 == 1 || fn == sn {
                fr = MerkleTree.nodeHash(c, fr)
                sr = MerkleTree.nodeHash(c, sr)
                if fn & 1 == 0 {
                    while fn & 1 == 0 && fn != 0 {
                        fn >>= 1
                        sn >>= 1
                    }
                }
            } else {
                sr = MerkleTree.nodeHash(sr, c)
            }
            fn >>= 1
            sn >>= 1
        }
        return fr == oldRoot && sr == newRoot && sn == 0
    }
}
