package import AuditLog
package import Foundation
import GRDB

/// One segment of the chain as the API lists it.
package struct AuditSegmentInfo: Sendable, Hashable, Codable {
    package var name: String
    /// Nil until the segment's first checkpoint (only the first segment of a fresh log).
    package var origin: String?
    /// `open`, `sealed` or `retired`.
    package var state: String
    package var size: UInt64
    package var keyFingerprint: String?
    package var openedAt: String
    package var sealedAt: String?
    package var retiredAt: String?
}

/// What a rotation did: the segment it sealed and the one it opened.
package struct AuditRotation: Sendable, Hashable {
    package var sealed: String
    package var sealedSize: UInt64
    /// The sealed segment's final checkpoint (signed by its key; covers the hand-over entry).
    package var finalCheckpoint: String
    package var opened: String
    package var openedOrigin: String
    package var keyFingerprint: String
    package var newKey: Bool
}

extension AppDatabase {
    /// Seals the open segment and opens the next, in one write transaction, so appends wait for
    /// the write lock a moment and are never refused: the sealed segment's last entry
    /// (`audit.segment.closed`) names the next segment, its origin and `nextKey`; its final
    /// checkpoint, signed by `currentKey`, covers that entry; the new segment's first entry
    /// (`audit.segment.opened`) records that checkpoint, and its first checkpoint is signed by
    /// `nextKey` at once. With `onlyIfOpenedBefore`, nothing happens (nil) unless the open
    /// segment opened in an earlier UTC year than that one (the yearly boundary).
    package func rotateAuditSegment(
        currentKey: AuditSigningKey, nextKey: AuditSigningKey, gatewayId: String, actor: AuditActor, onlyIfOpenedBefore year: Int? = nil,
        at date: Date = Date()
    ) async throws -> AuditRotation? {
        try await write { db in
            var sealing = try AuditLogStore.openSegment(db)
            if let year, let opened = Int(sealing.openedAt.prefix(4)), opened >= year { return nil }
            _ = try Self.fixSegmentIdentity(db, segment: sealing, key: currentKey.publicKey, gatewayId: gatewayId)
            let now = AuditEntry.timestamp(date)
            let name = SegmentName.next(after: sealing.name, year: Int(now.prefix(4)) ?? 1970)
            let origin = SegmentName.origin(gatewayId: gatewayId, segment: name)
            let handOver = try SegmentHandOver(next: name, nextOrigin: origin, nextKey: nextKey.publicKey)
            try AuditLogStore.append(db, AuditRecord(actor: actor, action: SegmentHandOver.action, details: handOver.details.auditDetails), at: date)
            sealing = try AuditLogStore.openSegment(db)
            let final = try Self.signCheckpoint(db, segment: sealing, key: currentKey, gatewayId: gatewayId, at: date)
            try db.run("UPDATE audit_segment SET sealed_at = ? WHERE id = ?", [now, sealing.id])
            try db.run(
                """
                INSERT INTO audit_segment(id, name, origin, key_fingerprint, public_key, first_row, frontier, opened_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                """,
                [
                    sealing.id + 1, name, origin, nextKey.publicKey.fingerprint, Data(nextKey.publicKey.rawRepresentation),
                    sealing.firstRow + Int64(sealing.frontier.size), Data(MerkleFrontier().serialized), now,
                ])
            let opening = SegmentOpening(segment: name, previous: sealing.name, previousCheckpoint: try SignedNote(parsing: final.note))
            try AuditLogStore.append(db, AuditRecord(actor: actor, action: SegmentOpening.action, details: opening.details.auditDetails), at: date)
            _ = try Self.signCheckpoint(db, segment: try AuditLogStore.openSegment(db), key: nextKey, gatewayId: gatewayId, at: date)
            return AuditRotation(
                sealed: sealing.name, sealedSize: sealing.frontier.size, finalCheckpoint: final.note, opened: name, openedOrigin: origin,
                keyFingerprint: nextKey.publicKey.fingerprint, newKey: nextKey.publicKey != currentKey.publicKey)
        }
    }

    /// Every segment in chain order.
    package func auditSegments() async throws -> [AuditSegmentInfo] {
        try await read { db in
            let rows = try Row.fetchAll(db, sql: "SELECT * FROM audit_segment ORDER BY id")
            return try rows.enumerated().map { index, row in
                let state = row["retired_at"] as String? != nil ? "retired" : index == rows.count - 1 ? "open" : "sealed"
                return AuditSegmentInfo(
                    name: row["name"], origin: row["origin"], state: state, size: try MerkleFrontier(serialized: row["frontier"] as Data).size,
                    keyFingerprint: row["key_fingerprint"], openedAt: row["opened_at"], sealedAt: row["sealed_at"], retiredAt: row["retired_at"])
            }
        }
    }

    /// The public key that signs segment `name`; nil when no such segment (or its key is not known yet).
    package func auditSegmentPublicKey(name: String) async throws -> AuditPublicKey? {
        try await read { db in
            guard let data = try Data.fetchOne(db, sql: "SELECT public_key FROM audit_segment WHERE name = ?", arguments: [name]) else {
                return nil
            }
            return try AuditPublicKey(rawRepresentation: data)
        }
    }

    /// The fingerprint of the open segment's key, once fixed.
    package func openAuditSegmentKeyFingerprint() async throws -> String? {
        try await read { try AuditLogStore.openSegment($0).keyFingerprint }
    }

    /// The open segment's name and the UTC year it opened.
    package func openAuditSegment() async throws -> (name: String, openedYear: Int) {
        try await read { db in
            let segment = try AuditLogStore.openSegment(db)
            return (segment.name, Int(segment.openedAt.prefix(4)) ?? 1970)
        }
    }
}

extension Dictionary where Key == String, Value == AuditValue {
    /// The storage layer's spelling of entry details.
    var auditDetails: [String: AuditDetail] {
        mapValues { value in
            switch value {
            case .text(let text): .text(text)
            case .count(let count): .count(count)
            case .list(let list): .list(list)
            }
        }
    }
}
