package import AuditLog
package import Foundation
import PatternCore
import Privacy
import Replication
package import Storage
import Synchronization

/// The audit API (auditor and officer roles): checkpoints, entries, proofs and the public key.
extension PatternGateway {
    /// Entries per page of `GET /api/v1/audit/entries`.
    package static let auditPageLimit: UInt64 = 1000

    /// The latest signed checkpoint (signing one first if the tree grew since).
    package func auditCheckpoint(_ principal: Principal) async throws -> StoredCheckpoint {
        try principal.require(.auditor, .officer, to: "read the audit log")
        let signed = try await auditLog.checkpoint().checkpoint
        return try await database.latestCosignedCheckpoint() ?? signed
    }

    /// The key that signs segment `segment` (`GET /api/v1/audit/public-key?segment=`), or the
    /// open segment's without one. 404 `audit_segment_unknown` for a name with no known key.
    package func auditPublicKey(_ principal: Principal, segment: String? = nil) async throws -> AuditPublicKey {
        try principal.require(.auditor, .officer, to: "read the audit log")
        guard let segment else { return auditLog.publicKey }
        guard SegmentName.isValid(segment), let key = try await database.auditSegmentPublicKey(name: segment) else {
            throw GatewayError.auditSegmentUnknown
        }
        return key
    }

    /// Every segment of the chain (`GET /api/v1/audit/segments`).
    package func auditSegments(_ principal: Principal) async throws -> AuditSegmentsResponse {
        try principal.require(.auditor, .officer, to: "read the audit log")
        return AuditSegmentsResponse(segments: try await database.auditSegments())
    }

    /// `POST /api/v1/admin/audit/rotate` (officer): seals the open segment and opens the next,
    /// with a fresh key when `newKey` is true. Appends go on throughout.
    package func rotateAudit(_ principal: Principal, body: AuditRotateBody) async throws -> AuditRotateResponse {
        try principal.require(.officer, to: "rotate the audit log")
        guard let rotation = try await auditLog.rotate(newKey: body.newKey ?? false, actor: Self.auditActor(principal)) else {
            throw GatewayError.internalFailure
        }
        return AuditRotateResponse(rotation)
    }

    /// The yearly boundary (`audit.segment: year`): the first call in a new UTC year seals the
    /// open segment and opens that year's (same key). Returns the rotation when one happened.
    @discardableResult
    package func rotateAuditSegmentIfDue(now: Date = Date()) async throws -> AuditRotation? {
        guard policy.audit.segment == .year else { return nil }
        let year = Int(AuditEntry.timestamp(now).prefix(4)) ?? 1970
        if let opened = auditLog.openedYear.withLock({ $0 }), opened >= year { return nil }
        let open = try await database.openAuditSegment()
        guard open.openedYear < year else {
            auditLog.openedYear.withLock { $0 = open.openedYear }
            return nil
        }
        let rotation = try await auditLog.rotate(newKey: false, actor: .system, onlyIfOpenedBefore: year, at: now)
        auditLog.openedYear.withLock { $0 = year }
        return rotation
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

    /// Witnessing on sync (issue 19, item 4): keeps the cosignatures `peer` sent of this
    /// gateway's checkpoints (checked with `peer`'s pinned identity key, which is its witness
    /// key), and judges and cosigns the checkpoint `peer` announced. Returns this gateway's
    /// cosignatures for `peer`. Only the global exchange witnesses: a gateway's one log is
    /// announced the same way in every network it hosts.
    @discardableResult
    package func witnessPeerAudit(from peer: String, announced: AuditAnnouncement) async -> [WitnessCosignature] {
        let peerKey = peerKeys.withLock { $0[peer] }.flatMap { (key: GatewayPublicKey) in Hex.decode(key.hex) }.flatMap {
            try? AuditPublicKey(rawRepresentation: $0)
        }
        guard let witnessKey = try? AuditSigningKey(rawRepresentation: identityKey.rawRepresentation) else { return [] }
        return await auditLog.witness(peer: peer, peerKey: peerKey, announced: announced, as: identity.gatewayId, key: witnessKey)
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

/// `POST /api/v1/admin/audit/rotate` body.
package struct AuditRotateBody: Codable, Sendable, Hashable {
    /// Start the next segment with a fresh Ed25519 key (default false: the same key).
    package var newKey: Bool?

    package init(newKey: Bool? = nil) { self.newKey = newKey }
}

/// What `POST /api/v1/admin/audit/rotate` answers.
package struct AuditRotateResponse: Codable, Sendable, Hashable {
    /// The segment sealed, and its final size (its last entry is the hand-over).
    package var sealed: String
    package var sealedSize: UInt64
    /// Its final signed checkpoint (C2SP signed note): save it for `audit verify --checkpoint`.
    package var finalCheckpoint: String
    package var opened: String
    package var origin: String
    /// `SHA256:<hex>` of the key that signs the new segment.
    package var keyFingerprint: String
    package var newKey: Bool

    init(_ rotation: AuditRotation) {
        sealed = rotation.sealed
        sealedSize = rotation.sealedSize
        finalCheckpoint = rotation.finalCheckpoint
        opened = rotation.opened
        origin = rotation.openedOrigin
        keyFingerprint = rotation.keyFingerprint
        newKey = rotation.newKey
    }
}

/// `GET /api/v1/audit/segments`.
package struct AuditSegmentsResponse: Codable, Sendable, Hashable {
    package var segments: [AuditSegmentInfo]
}
