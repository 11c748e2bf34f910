/// Proof that one leaf is in a tree of a given size (RFC 9162 §2.1.3).
package struct InclusionProof: Sendable, Hashable {
    package let leafIndex: UInt64
    package let treeSize: UInt64
    /// Audit path, leaf level first.
    package let hashes: [MerkleHash]

    package init(leafIndex: UInt64, treeSize: UInt64, hashes: [MerkleHash]) {
        self.leafIndex = leafIndex
        self.treeSize = treeSize
        self.hashes = hashes
    }

    /// The root this proof implies for `leafHash`, or nil when the path has the wrong shape
    /// (RFC 9162 §2.1.3.2, steps 1–4 and the `sn == 0` check).
    package func rootHash(forLeafHash leafHash: MerkleHash) -> MerkleHash? {
        guard leafIndex < treeSize else { return nil }
        var fn = leafIndex
        var sn = treeSize - 1
        var r = leafHash
        for p in hashes {
            guard sn != 0 else { return nil }
            if fn & 1 == 1 || fn == sn {
                r = MerkleTree.nodeHash(p, r)
                if fn & 1 == 0 {
                    while fn & 1 == 0 && fn != 0 {
                        fn >>= 1
                        sn >>= 1
                    }
                }
            } else {
                r = MerkleTree.nodeHash(r, p)
            }
            fn >>= 1
            sn >>= 1
        }
        return sn == 0 ? r : nil
    }

    /// True when the leaf with hash `leafHash` sits at `leafIndex` in the tree with root `root`.
    package func verify(leafHash: MerkleHash, root: MerkleHash) -> Bool {
        rootHash(forLeafHash: leafHash) == root
    }
}
