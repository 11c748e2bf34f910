package import AuditLog
import Foundation
package import Storage

/// The audit API (auditor and officer roles): checkpoints, entries, proofs and the public key.
extension PatternGateway {
    /// Entries per page of `GET /api/v1/audit/entries`.
    package static let auditPageLimit: UInt64 = 1000

    /// The latest signed checkpoint (signing one first if the tree grew since).
    package func auditCheckpoint(_ principal: Principal) async throws -> StoredCheckpoint {
        try principal.require(.auditor, .officer, to: "read the audit log")
        return try await auditLog.checkpoint().checkpoint
    }

    package func auditPublicKey(_ principal: Principal) throws(GatewayError) -> AuditPublicKey {
        try principal.require(.auditor, .officer, to: "read the audit log")
        return auditLog.publicKey
    }

    /// Canonical lines of entries `start..<end` (at most `auditPageLimit`; `end` defaults to
    /// that many or the tree size), and the tree size now.
    package func auditEntries(_ principal: Principal, start: String?, end: String?) async throws -> AuditEntriesPage {
        try principal.require(.auditor, .officer, to: "read the audit log")
        let size = try await database.auditTreeHead().size
        let first = try Self.auditNumber(start, field: "start") ?? 0
        guard first <= size else { throw GatewayError.invalidField("start", "must not exceed the tree size (\(size))") }
        let last = try Self.auditNumber(end, field: "end") ?? min(size, first + Self.auditPageLimit)
        guard last >= first, last <= size, last - first <= Self.auditPageLimit else {
            throw GatewayError.invalidField("end", "must be start…min(tree size, start + \(Self.auditPageLimit))")
        }
        return AuditEntriesPage(start: first, end: last, treeSize: size, lines: try await database.auditLines(start: first, end: last))
    }

    /// Inclusion proof of entry `index` in the tree of `size` entries (default: the latest checkpoint's size).
    package func auditInclusionProof(_ principal: Principal, index: String?, size: String?) async throws -> AuditInclusionProofResponse {
        try principal.require(.auditor, .officer, to: "read the audit log")
        guard let leaf = try Self.auditNumber(index, field: "index") else { throw GatewayError.invalidField("index", "is required") }
        var treeSize = try Self.auditNumber(size, field: "size") ?? 0
        if size == nil { treeSize = try await auditLog.checkpoint().checkpoint.size }
        let head = try await database.auditTreeHead().size
        guard leaf < treeSize, treeSize <= head else {
            throw GatewayError.invalidField("index", "must be below size, and size at most the tree size (\(head))")
        }
        let (proof, leafHash, root) = try await database.auditInclusionProof(index: leaf, size: treeSize)
        return AuditInclusionProofResponse(
            leafIndex: leaf, treeSize: treeSize, leafHash: leafHash.base64, rootHash: root.base64, hashes: proof.hashes.map(\.base64))
    }

    /// Consistency proof between the trees of `from` ≤ `to` entries (default `to`: the latest checkpoint's size).
    package func auditConsistencyProof(_ principal: Principal, from: String?, to: String?) async throws -> AuditConsistencyProofResponse {
        try principal.require(.auditor, .officer, to: "read the audit log")
        guard let old = try Self.auditNumber(from, field: "from") else { throw GatewayError.invalidField("from", "is required") }
        var new = try Self.auditNumber(to, field: "to") ?? 0
        if to == nil { new = try await auditLog.checkpoint().checkpoint.size }
        let head = try await database.auditTreeHead().size
        guard old <= new, new <= head else {
            throw GatewayError.invalidField("from", "must be at most to, and to at most the tree size (\(head))")
        }
        let (proof, oldRoot, newRoot) = try await database.auditConsistencyProof(from: old, to: new)
        return AuditConsistencyProofResponse(
            oldSize: old, newSize: new, oldRootHash: oldRoot.base64, newRootHash: newRoot.base64, hashes: proof.hashes.map(\.base64))
    }

    static func auditNumber(_ text: String?, field: String) throws(GatewayError) -> UInt64? {
        guard let text else { return nil }
        guard let value = UInt64(text), text.utf8.count <= 20 else { throw GatewayError.invalidField(field, "must be a whole number ≥ 0") }
        return value
    }

    /// Checks a checkpoint a peer announced on sync (trust on first use of its key).
    @discardableResult
    package func observePeerAudit(from peer: String, checkpoint: String?, publicKey: String?) async -> PeerCheckpointOutcome? {
        await auditLog.observe(peer: peer, checkpoint: checkpoint, publicKey: publicKey)
    }
}

package struct AuditEntriesPage: Codable, Sendable {
    package var start: UInt64
    package var end: UInt64
    package var treeSize: UInt64
    /// Canonical JSON lines, exactly the bytes hashed into the tree (as JSON strings).
    package var lines: [String]
}

package struct AuditInclusionProofResponse: Codable, Sendable {
    package var leafIndex: UInt64
    package var treeSize: UInt64
    package var leafHash: String
    package var rootHash: String
    package var hashes: [String]
}

package struct AuditConsistencyProofResponse: Codable, Sendable {
    package var oldSize: UInt64
    package var newSize: UInt64
    package var oldRootHash: String
    package var newRootHash: String
    package var hashes: [String]
}
