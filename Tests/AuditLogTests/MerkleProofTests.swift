import AuditLog
import TestSupport
import Testing

@Suite("Merkle proofs on random trees")
struct MerkleProofTests {
    private static func leaves(_ count: Int) -> [MerkleHash] {
        (0..<count).map { MerkleTree.leafHash(Array("leaf \($0)".utf8)) }
    }

    /// Flips one bit of one hash.
    private static func corrupt(_ hash: MerkleHash, bit: Int) -> MerkleHash {
        var bytes = hash.bytes
        bytes[bit / 8 % 32] ^= 1 << (bit % 8)
        return MerkleHash(bytes: bytes)!
    }

    @Test func randomInclusionProofsVerifyAndAlteredOnesFail() throws {
        var generator = SeededGenerator.forTest("randomInclusionProofs")
        let all = Self.leaves(300)
        var roots: [MerkleHash] = []
        var frontier = MerkleFrontier()
        roots.append(frontier.root)
        for leaf in all { frontier.append(leafHash: leaf); roots.append(frontier.root) }
        for _ in 0..<400 {
            let size = UInt64.random(in: 1...300, using: &generator)
            let index = UInt64.random(in: 0..<size, using: &generator)
            let proof = try MerkleTree.inclusionProof(index: index, size: size, leafHashes: all)
            let root = roots[Int(size)]
            #expect(root == MerkleTree.root(leafHashes: all[0..<Int(size)]))
            #expect(proof.verify(leafHash: all[Int(index)], root: root), "index \(index) size \(size)")
            // Wrong leaf, wrong root, wrong index or size, altered, truncated or extended path.
            #expect(!proof.verify(leafHash: all[Int((index + 1) % 300)], root: root))
            #expect(!proof.verify(leafHash: all[Int(index)], root: roots[Int(size) - 1]))
            if size > 1 {
                let other = (index + UInt64.random(in: 1..<size, using: &generator)) % size
                #expect(
                    !InclusionProof(leafIndex: other, treeSize: size, hashes: proof.hashes)
                        .verify(leafHash: all[Int(index)], root: root))
            }
            #expect(
                !InclusionProof(leafIndex: index, treeSize: size * 2, hashes: proof.hashes)
                    .verify(leafHash: all[Int(index)], root: root))
            if !proof.hashes.isEmpty {
                var altered = proof.hashes
                let position = Int.random(in: 0..<altered.count, using: &generator)
                altered[position] = Self.corrupt(altered[position], bit: Int.random(in: 0..<256, using: &generator))
                #expect(!InclusionProof(leafIndex: index, treeSize: size, hashes: altered).verify(leafHash: all[Int(index)], root: root))
                #expect(
                    !InclusionProof(leafIndex: index, treeSize: size, hashes: Array(proof.hashes.dropLast()))
                        .verify(leafHash: all[Int(index)], root: root))
            }
            #expect(
                !InclusionProof(leafIndex: index, treeSize: size, hashes: proof.hashes + [root])
                    .verify(leafHash: all[Int(index)], root: root))
        }
    }

    @Test func randomConsistencyProofsVerifyAndAlteredOnesFail() throws {
        var generator = SeededGenerator.forTest("randomConsistencyProofs")
        let all = Self.leaves(300)
        var roots: [MerkleHash] = [MerkleTree.emptyRoot]
        var frontier = MerkleFrontier()
        for leaf in all { frontier.append(leafHash: leaf); roots.append(frontier.root) }
        for _ in 0..<400 {
            let newSize = UInt64.random(in: 0...300, using: &generator)
            let oldSize = UInt64.random(in: 0...newSize, using: &generator)
            let proof = try MerkleTree.consistencyProof(oldSize: oldSize, newSize: newSize, leafHashes: all)
            let oldRoot = roots[Int(oldSize)]
            let newRoot = roots[Int(newSize)]
            #expect(proof.verify(oldRoot: oldRoot, newRoot: newRoot), "\(oldSize) -> \(newSize)")
            guard oldSize > 0, oldSize < newSize else {
                #expect(proof.hashes.isEmpty)
                continue
            }
            #expect(!proof.verify(oldRoot: roots[Int(oldSize) - 1], newRoot: newRoot))
            #expect(!proof.verify(oldRoot: oldRoot, newRoot: roots[Int(newSize) - 1]))
            #expect(!proof.verify(oldRoot: newRoot, newRoot: oldRoot))
            var altered = proof.hashes
            let position = Int.random(in: 0..<altered.count, using: &generator)
            altered[position] = Self.corrupt(altered[position], bit: Int.random(in: 0..<256, using: &generator))
            #expect(!ConsistencyProof(oldSize: oldSize, newSize: newSize, hashes: altered).verify(oldRoot: oldRoot, newRoot: newRoot))
            #expect(
                !ConsistencyProof(oldSize: oldSize, newSize: newSize, hashes: Array(proof.hashes.dropLast()))
                    .verify(oldRoot: oldRoot, newRoot: newRoot))
            #expect(
                !ConsistencyProof(oldSize: oldSize, newSize: newSize, hashes: proof.hashes + [newRoot])
                    .verify(oldRoot: oldRoot, newRoot: newRoot))
            #expect(!ConsistencyProof(oldSize: oldSize, newSize: newSize, hashes: []).verify(oldRoot: oldRoot, newRoot: newRoot))
            if oldSize + 1 < newSize {
                #expect(
                    !ConsistencyProof(oldSize: oldSize + 1, newSize: newSize, hashes: proof.hashes)
                        .verify(oldRoot: oldRoot, newRoot: newRoot))
            }
        }
    }

    /// Every (old, new) pair up to 40 leaves, exhaustively.
    @Test func allSmallConsistencyProofs() throws {
        let all = Self.leaves(40)
        for newSize in 0...40 {
            for oldSize in 0...newSize {
                let proof = try MerkleTree.consistencyProof(oldSize: UInt64(oldSize), newSize: UInt64(newSize), leafHashes: all)
                #expect(
                    proof.verify(
                        oldRoot: MerkleTree.root(leafHashes: all[0..<oldSize]),
                        newRoot: MerkleTree.root(leafHashes: all[0..<newSize])))
            }
            for index in 0..<newSize {
                let proof = try MerkleTree.inclusionProof(index: UInt64(index), size: UInt64(newSize), leafHashes: all)
                #expect(proof.verify(leafHash: all[index], root: MerkleTree.root(leafHashes: all[0..<newSize])))
            }
        }
    }

    @Test func invalidRequestsThrow() {
        let all = Self.leaves(5)
        #expect(throws: AuditLogError.self) { try MerkleTree.inclusionProof(index: 5, size: 5, leafHashes: all) }
        #expect(throws: AuditLogError.self) { try MerkleTree.inclusionProof(index: 0, size: 6, leafHashes: all) }
        #expect(throws: AuditLogError.self) { try MerkleTree.consistencyProof(oldSize: 3, newSize: 2, leafHashes: all) }
        #expect(throws: AuditLogError.self) { try MerkleTree.consistencyProof(oldSize: 1, newSize: 6, leafHashes: all) }
    }
}
