package import Foundation
import GRDB
import PatternCore
import Replication

/// How a gateway's identity key became known here.
package enum KeySource: String, Sendable, Codable {
    /// This gateway's own key.
    case own = "self"
    /// The gateway presented it itself, signing a sync request or answer with it.
    case direct
    /// A peer named it in its key directory (trust on first sight, second hand).
    case relayed
}

/// What pinning a presented key did.
package enum PinOutcome: Sendable, Hashable {
    case pinned
    case alreadyPinned
    /// The gateway is pinned to another key: refused, recorded, audited the first time.
    case conflict
}

/// A pinned key, for the sync status.
package struct PinnedKey: Sendable, Hashable, Codable {
    package var publicKey: String
    package var source: String
    package var pinnedAt: String
}

/// A refused key, for the sync status.
package struct KeyConflict: Sendable, Hashable, Codable {
    package var gateway: String
    package var reportedBy: String
    package var firstSeen: String
    package var lastSeen: String
    package var times: Int
}

/// Refused events per reason, for the sync status.
package struct RefusalSummary: Sendable, Hashable, Codable {
    package var reason: String
    package var peer: String
    package var events: Int
    package var lastSeen: String
}

extension AppDatabase {
    /// Every pinned identity key, by gateway id.
    package func pinnedKeys() async throws -> [String: String] {
        try await read { db in
            var keys: [String: String] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT gateway, public_key FROM gateway_key") { keys[row[0]] = row[1] }
            return keys
        }
    }

    /// Pins `keys` (gateway → hex public key) where the gateway has none yet; a different key
    /// for a pinned gateway is refused, recorded and audited the first time it is seen from
    /// `via`. Never replaces a pin.
    package func pin(_ keys: [String: String], source: KeySource, via: String, now: Date = Date()) async throws -> [String: PinOutcome] {
        try await write { db in
            var outcomes: [String: PinOutcome] = [:]
            let at = Timestamps.iso8601(now)
            for (gateway, key) in keys.sorted(by: { $0.key < $1.key }) {
                guard WireBounds.isGatewayId(gateway), GatewayPublicKey(hex: key) != nil else { continue }
                if let pinned = try String.fetchOne(
                    db.cachedStatement(sql: "SELECT public_key FROM gateway_key WHERE gateway = ?"), arguments: [gateway])
                {
                    if pinned == key {
                        outcomes[gateway] = .alreadyPinned
                        continue
                    }
                    outcomes[gateway] = .conflict
                    try db.run(
                        """
                        INSERT INTO gateway_key_conflict(gateway, public_key, reported_by, first_seen, last_seen, times) VALUES (?, ?, ?, ?, ?, 1)
                        ON CONFLICT(gateway, public_key, reported_by) DO UPDATE SET last_seen = excluded.last_seen, times = times + 1
                        """, [gateway, key, via, at, at])
                    if try Int.fetchOne(
                        db.cachedStatement(sql: "SELECT times FROM gateway_key_conflict WHERE gateway = ? AND public_key = ? AND reported_by = ?"),
                        arguments: [gateway, key, via]) == 1
                    {
                        try AuditWriter.append(
                            db,
                            AuditRecord(
                                actor: AuditActor(role: "peer", id: via), action: "peer.key_refused",
                                details: ["gateway": .text(gateway), "presentedKey": .text(key), "source": .text(source.rawValue)]))
                    }
                    continue
                }
                try db.run(
                    "INSERT INTO gateway_key(gateway, public_key, source, pinned_at, pinned_via) VALUES (?, ?, ?, ?, ?)",
                    [gateway, key, source.rawValue, at, via])
                try AuditWriter.append(
                    db,
                    AuditRecord(
                        actor: AuditActor(role: source == .own ? "system" : "peer", id: via), action: "peer.key_pinned",
                        details: ["gateway": .text(gateway), "key": .text(key), "source": .text(source.rawValue)]))
                outcomes[gateway] = .pinned
            }
            return outcomes
        }
    }

    /// Every pinned key with how and when it was pinned.
    package func pinnedKeyRecords() async throws -> [String: PinnedKey] {
        try await read { db in
            var keys: [String: PinnedKey] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT * FROM gateway_key") {
                keys[row["gateway"]] = PinnedKey(publicKey: row["public_key"], source: row["source"], pinnedAt: row["pinned_at"])
            }
            return keys
        }
    }

    /// Refused keys, newest first.
    package func keyConflicts() async throws -> [KeyConflict] {
        try await read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM gateway_key_conflict ORDER BY last_seen DESC LIMIT 100").map {
                KeyConflict(
                    gateway: $0["gateway"], reportedBy: $0["reported_by"], firstSeen: $0["first_seen"], lastSeen: $0["last_seen"], times: $0["times"])
            }
        }
    }

    /// Refused events grouped by reason and peer.
    package func refusalSummary() async throws -> [RefusalSummary] {
        try await read { db in
            try Row.fetchAll(
                db, sql: "SELECT reason, peer, COUNT(*) AS n, MAX(last_seen) AS last FROM event_refusal GROUP BY reason, peer ORDER BY reason, peer"
            ).map { RefusalSummary(reason: $0["reason"], peer: $0["peer"], events: $0["n"], lastSeen: $0["last"]) }
        }
    }

    /// Signs this gateway's own events stored before signatures existed, so every event it
    /// sends carries its origin's signature. Returns how many were signed.
    package func signOwnUnsignedEvents(origin: String) async throws -> Int {
        guard let signer = eventSigner else { return 0 }
        return try await write { db in
            let rows = try Row.fetchAll(
                db.cachedStatement(sql: "SELECT seq, content_hash FROM event WHERE origin = ? AND signature IS NULL"), arguments: [origin])
            for row in rows {
                let id = EventID(origin: origin, seq: UInt64(row[0] as Int64))
                try db.run(
                    "UPDATE event SET signature = ? WHERE origin = ? AND seq = ?", [signer.sign(id, contentHash: row[1]), origin, row[0] as Int64])
            }
            if !rows.isEmpty {
                try AuditWriter.append(db, AuditRecord(actor: .system, action: "events.signed", details: ["events": .count(rows.count)]))
            }
            return rows.count
        }
    }

    /// Removes stubs of kinds that must never lose their payload (stored by gateways before
    /// issue 13: a stub of a tombstone suppressed the erasure for good) and moves each
    /// origin's vector back to its highest contiguous seq, so honest peers send the real
    /// copies again. Returns how many were dropped.
    package func dropNonContributionStubs() async throws -> Int {
        try await write { db in
            let rows = try Row.fetchAll(
                db,
                sql: """
                    SELECT origin, seq FROM event WHERE payload IS NULL
                    AND kind NOT IN ('contribution.added', 'contribution.revised')
                    """)
            guard !rows.isEmpty else { return 0 }
            var origins = Set<String>()
            for row in rows {
                try db.run("DELETE FROM event WHERE origin = ? AND seq = ?", [row[0] as String, row[1] as Int64])
                origins.insert(row[0])
            }
            for origin in origins {
                try db.run("DELETE FROM version_vector WHERE origin = ?", [origin])
                try EventStore.advanceContiguous(db, origin: origin)
            }
            try AuditWriter.append(db, AuditRecord(actor: .system, action: "sync.stubs_dropped", details: ["events": .count(rows.count)]))
            return rows.count
        }
    }
}

extension EventStore {
    /// Most refusals kept; past it, refusals are still counted in the receive report but not stored.
    static let maximumRefusalRows = 10_000

    /// Records a refused event (never its payload); audits it the first time it is seen.
    /// The seq is clamped: an out-of-bounds one is recorded, never converted with a trap.
    static func refuse(_ db: Database, _ incoming: ReplicatedEvent, reason: String, peer: String, now: String) throws {
        var incoming = incoming
        // An out-of-bounds event's names may be anything: only well-formed ones are kept.
        if !WireBounds.isGatewayId(incoming.origin) { incoming.origin = "(invalid)" }
        if !Hex.isLowercaseHex(incoming.contentHash, length: 64) { incoming.contentHash = "(invalid)" }
        let seq = Int64(clamping: incoming.seq)
        let exists =
            try Bool.fetchOne(
                db.cachedStatement(sql: "SELECT 1 FROM event_refusal WHERE origin = ? AND seq = ? AND content_hash = ? AND reason = ?"),
                arguments: [incoming.origin, seq, incoming.contentHash, reason]) == true
        if exists {
            try db.run(
                "UPDATE event_refusal SET last_seen = ?, times = times + 1 WHERE origin = ? AND seq = ? AND content_hash = ? AND reason = ?",
                [now, incoming.origin, seq, incoming.contentHash, reason])
            return
        }
        guard (try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM event_refusal") ?? 0) < maximumRefusalRows else { return }
        try db.run(
            """
            INSERT INTO event_refusal(origin, seq, content_hash, reason, kind, peer, first_seen, last_seen, times)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, 1)
            """, [incoming.origin, seq, incoming.contentHash, reason, incoming.kind.rawValue, peer, now, now])
        try AuditWriter.append(
            db,
            AuditRecord(
                actor: AuditActor(role: "peer", id: peer), action: "event.refused",
                details: ["event": .text("\(incoming.origin):\(seq)"), "kind": .text(incoming.kind.rawValue), "reason": .text(reason)]))
    }
}
