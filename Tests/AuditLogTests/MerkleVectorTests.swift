import AuditLog
import Testing

/// Test vectors copied verbatim from transparency-dev/merkle (the RFC 6962 / Certificate
/// Transparency reference vectors): `testonly/constants.go` (leaves, node hashes, roots) and
/// `proof/verify_test.go` (inclusion and consistency proofs; leaf numbers there are 1-based).
@Suite("RFC 6962 / RFC 9162 test vectors")
struct MerkleVectorTests {
    static let leafInputs: [[UInt8]] = [
        "", "00", "10", "2021", "3031", "40414243", "5051525354555657", "606162636465666768696a6b6c6d6e6f",
    ].map(hexBytes)

    /// NodeHashes(): level, then index within the level.
    static let nodeHashes: [[MerkleHash]] = [
        [
            "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
            "96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
            "0298d122906dcfc10892cb53a73992fc5b9f493ea4c9badb27b791b4127a7fe7",
            "07506a85fd9dd2f120eb694f86011e5bb4662e5c415a62917033d4a9624487e7",
            "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
            "4271a26be0d8a84f0bd54c8c302e7cb3a3b5d1fa6780a40bcce2873477dab658",
            "b08693ec2e721597130641e8211e7eedccb4c26413963eee6c1e2ed16ffb1a5f",
            "46f6ffadd3d06a09ff3c5860d2755c8b9819db7df44251788c7d8e3180de8eb1",
        ],
        [
            "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
            "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
            "0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a",
            "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
        ],
        [
            "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
            "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4",
        ],
        ["5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328"],
    ].map { $0.map(merkleHash) }

    /// RootHashes(): indexed by tree size, from the empty tree.
    static let rootHashes: [MerkleHash] = [
        "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
        "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
        "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
        "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
        "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
        "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
        "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
        "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
        "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328",
    ].map(merkleHash)

    /// inclusionProofs in verify_test.go: (1-based leaf, tree size, path).
    static let inclusionVectors: [(leaf: UInt64, size: UInt64, proof: [MerkleHash])] = [
        (1, 1, []),
        (
            1, 8,
            [
                "96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
                "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
                "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4",
            ].map(merkleHash)
        ),
        (
            6, 8,
            [
                "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
                "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
                "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
            ].map(merkleHash)
        ),
        (3, 3, ["fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125"].map(merkleHash)),
        (
            2, 5,
            [
                "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
                "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
                "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
            ].map(merkleHash)
        ),
    ]

    /// consistencyProofs in verify_test.go: (size1, size2, proof).
    static let consistencyVectors: [(size1: UInt64, size2: UInt64, proof: [MerkleHash])] = [
        (1, 1, []),
        (
            1, 8,
            [
                "96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
                "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
                "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4",
            ].map(merkleHash)
        ),
        (
            6, 8,
            [
                "0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a",
                "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
                "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
            ].map(merkleHash)
        ),
        (
            2, 5,
            [
                "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
                "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
            ].map(merkleHash)
        ),
        (
            6, 7,
            [
                "0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a",
                "b08693ec2e721597130641e8211e7eedccb4c26413963eee6c1e2ed16ffb1a5f",
                "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
            ].map(merkleHash)
        ),
    ]

    static var leafHashes: [MerkleHash] { leafInputs.map { MerkleTree.leafHash($0) } }

    @Test func emptyRoot() {
        #expect(MerkleTree.emptyRoot == Self.rootHashes[0])
        #expect(MerkleTree.root(leafHashes: [MerkleHash]()) == Self.rootHashes[0])
        #expect(MerkleFrontier().root == Self.rootHashes[0])
    }

    @Test func leafHashesMatchLevelZero() {
        #expect(Self.leafHashes == Self.nodeHashes[0])
    }

    @Test func perfectSubtreeHashes() {
        for level in 1..<Self.nodeHashes.count {
            for (index, expected) in Self.nodeHashes[level].enumerated() {
                let children = Self.nodeHashes[level - 1]
                #expect(MerkleTree.nodeHash(children[2 * index], children[2 * index + 1]) == expected)
            }
        }
    }

    @Test(arguments: 0...8)
    func rootAtEverySize(_ size: Int) throws {
        let hashes = Array(Self.leafHashes.prefix(size))
        #expect(MerkleTree.root(leafHashes: hashes) == Self.rootHashes[size])
        var frontier = MerkleFrontier()
        for leaf in Self.leafInputs.prefix(size) { leaf.withUnsafeBytes { frontier.append(leaf: $0) } }
        #expect(frontier.size == UInt64(size))
        #expect(frontier.root == Self.rootHashes[size])
        // The frontier is the compact range of transparency-dev's CompactTrees().
        #expect(frontier.hashes.count == size.nonzeroBitCount)
        let restored = try MerkleFrontier(serialized: frontier.serialized)
        #expect(restored == frontier)
        #expect(try MerkleFrontier(serializedText: frontier.serializedText) == frontier)
    }

    @Test func compactRangesMatchReference() {
        let nh = Self.nodeHashes
        let expected: [[MerkleHash]] = [
            [], [nh[0][0]], [nh[1][0]], [nh[1][0], nh[0][2]], [nh[2][0]], [nh[2][0], nh[0][4]],
            [nh[2][0], nh[1][2]], [nh[2][0], nh[1][2], nh[0][6]], [nh[3][0]],
        ]
        var frontier = MerkleFrontier()
        #expect(frontier.hashes == expected[0])
        for (index, leaf) in Self.leafHashes.enumerated() {
            frontier.append(leafHash: leaf)
            #expect(frontier.hashes == expected[index + 1])
        }
    }

    @Test func inclusionProofVectors() throws {
        for vector in Self.inclusionVectors {
            let index = vector.leaf - 1
            let generated = try MerkleTree.inclusionProof(index: index, size: vector.size, leafHashes: Self.leafHashes)
            #expect(generated.hashes == vector.proof, "leaf \(vector.leaf) size \(vector.size)")
            let proof = InclusionProof(leafIndex: index, treeSize: vector.size, hashes: vector.proof)
            #expect(proof.verify(leafHash: Self.leafHashes[Int(index)], root: Self.rootHashes[Int(vector.size)]))
            #expect(!proof.verify(leafHash: Self.leafHashes[Int(index)], root: Self.rootHashes[Int(vector.size) - 1]))
        }
    }

    @Test func consistencyProofVectors() throws {
        for vector in Self.consistencyVectors {
            let generated = try MerkleTree.consistencyProof(oldSize: vector.size1, newSize: vector.size2, leafHashes: Self.leafHashes)
            #expect(generated.hashes == vector.proof, "sizes \(vector.size1) -> \(vector.size2)")
            let proof = ConsistencyProof(oldSize: vector.size1, newSize: vector.size2, hashes: vector.proof)
            #expect(proof.verify(oldRoot: Self.rootHashes[Int(vector.size1)], newRoot: Self.rootHashes[Int(vector.size2)]))
            if vector.size1 != vector.size2 {
                #expect(!proof.verify(oldRoot: Self.rootHashes[Int(vector.size1) + 1], newRoot: Self.rootHashes[Int(vector.size2)]))
            }
        }
    }

    /// TestVerifyConsistency's table of trivial and invalid cases from verify_test.go.
    @Test func consistencyEdgeCases() {
        let root1 = MerkleTree.leafHash(Array("don't care 1".utf8))
        let root2 = MerkleTree.leafHash(Array("don't care 2".utf8))
        let empty = Self.rootHashes[0]
        let cases: [(UInt64, UInt64, MerkleHash, MerkleHash, [MerkleHash], Bool)] = [
            (1, 1, root1, root2, [], false),
            (0, 1, root1, root2, [], true),
            (1, 1, root2, root2, [], true),
            (1, 0, root1, root2, [], false),
            (2, 1, root1, root2, [], false),
            (1, 2, root1, root2, [], false),
            (1, 1, empty, root2, [], false),
            (0, 1, empty, empty, [empty], false),
            (1, 1, empty, empty, [empty], false),
        ]
        for (size1, size2, old, new, hashes, valid) in cases {
            let proof = ConsistencyProof(oldSize: size1, newSize: size2, hashes: hashes)
            #expect(proof.verify(oldRoot: old, newRoot: new) == valid, "\(size1) -> \(size2)")
        }
    }

    @Test func frontierRejectsInconsistentState() {
        #expect(throws: AuditLogError.self) { try MerkleFrontier(size: 3, hashes: [Self.rootHashes[0]]) }
        #expect(throws: AuditLogError.self) { try MerkleFrontier(serialized: [0, 0, 0]) }
        #expect(throws: AuditLogError.self) { try MerkleFrontier(serialized: [0, 0, 0, 0, 0, 0, 0, 1]) }
    }

    @Test func hashEncodings() {
        let hash = Self.rootHashes[8]
        #expect(MerkleHash(hex: hash.hex) == hash)
        #expect(MerkleHash(base64: hash.base64) == hash)
        #expect(MerkleHash(bytes: hash.bytes) == hash)
        #expect(MerkleHash(hex: String(hash.hex.dropLast())) == nil)
        #expect(MerkleHash(bytes: [1, 2, 3]) == nil)
    }
}
