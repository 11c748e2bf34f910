import AuditLog
import Foundation
import GRDB

/// RFC 9162 proofs over the stored log: subtree roots come from `audit_node` where a perfect,
/// aligned subtree of 2^10 leaves or more is asked for, and from the leaf hashes otherwise, so a
/// proof reads O(log² n) rows instead of every leaf. The algorithms are PATH and SUBPROOF of
/// RFC 9162 §2.1.3.1 and §2.1.4.1 (the same as `MerkleTree`'s, which tests compare against).
struct StoredMerkleTree {
    let db: Database
    /// The segment's id and the `audit_entry.seq` of its leaf 0.
    let segment: Int64
    let firstRow: Int64

    init(db: Database, segment: Int64, firstRow: Int64) {
        self.db = db
        self.segment = segment
        self.firstRow = firstRow
    }

    /// MTH of the leaves `lo..<hi`.
    func root(_ lo: UInt64, _ hi: UInt64) throws -> MerkleHash {
        let count = hi - lo
        guard count > 0 else { return MerkleTree.emptyRoot }
        if count.nonzeroBitCount == 1, count.trailingZeroBitCount >= AuditLogStore.nodeLevel, lo % count == 0,
            let data = try Data.fetchOne(
                db.cachedStatement(sql: "SELECT hash FROM audit_node WHERE segment = ? AND level = ? AND idx = ?"),
                arguments: [segment, count.trailingZeroBitCount, Int64(lo / count)]),
            let hash = MerkleHash(bytes: data)
        {
            return hash
        }
        if count <= 1 << AuditLogStore.nodeLevel {
            var frontier = MerkleFrontier()
            let cursor = try Data.fetchCursor(
                db.cachedStatement(sql: "SELECT leaf_hash FROM audit_entry WHERE seq >= ? AND seq < ? ORDER BY seq"),
                arguments: [firstRow + Int64(lo), firstRow + Int64(hi)])
            while let data = try cursor.next() {
                guard let hash = MerkleHash(bytes: data) else { throw StorageError.auditLogCorrupt }
                frontier.append(leafHash: hash)
            }
            guard frontier.size == count else { throw StorageError.auditLogCorrupt }
            return frontier.root
        }
        let split = Self.splitPoint(count)
        return MerkleTree.nodeHash(try root(lo, lo + split), try root(lo + split, hi))
    }

    func inclusionProof(index: UInt64, size: UInt64) throws -> InclusionProof {
        var path: [MerkleHash] = []
        var lo: UInt64 = 0
        var hi = size
        // Top-down: the sibling of each subtree on the way to the leaf; the proof lists them leaf first.
        while hi - lo > 1 {
            let mid = lo + Self.splitPoint(hi - lo)
            if index < mid {
                path.append(try root(mid, hi))
                hi = mid
            } else {
                path.append(try root(lo, mid))
                lo = mid
            }
        }
        return InclusionProof(leafIndex: index, treeSize: size, hashes: path.reversed())
    }

    func consistencyProof(from old: UInt64, to new: UInt64) throws -> ConsistencyProof {
        var proof: [MerkleHash] = []
        if old > 0 && old < new { try subproof(m: old, lo: 0, hi: new, complete: true, into: &proof) }
        return ConsistencyProof(oldSize: old, newSize: new, hashes: proof)
    }

    private func subproof(m: UInt64, lo: UInt64, hi: UInt64, complete: Bool, into proof: inout [MerkleHash]) throws {
        let count = hi - lo
        if m == count {
            if !complete { proof.append(try root(lo, hi)) }
            return
        }
        let split = Self.splitPoint(count)
        if m <= split {
            try subproof(m: m, lo: lo, hi: lo + split, complete: complete, into: &proof)
            proof.append(try root(lo + split, hi))
        } else {
            try subproof(m: m - split, lo: lo + split, hi: hi, complete: false, into: &proof)
            proof.append(try root(lo, lo + split))
        }
    }

    /// Largest power of two strictly smaller than `n` (n ≥ 2).
    static func splitPoint(_ n: UInt64) -> UInt64 {
        1 << UInt64(63 - (n - 1).leadingZeroBitCount)
    }
}
