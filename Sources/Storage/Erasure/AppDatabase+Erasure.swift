package import Foundation
import GRDB
import PatternCore
package import Replication

/// One tombstone as made here: its event and what it covered on this gateway.
package struct MadeTombstone: Sendable, Hashable {
    package var event: EventID
    package var tombstone: ErasureTombstone
    /// Contributions that left the live set here.
    package var covered: Int
    /// A contribution tombstone for an id this gateway holds no event of (replicas lag).
    package var notSeenHere: Bool

    package init(event: EventID, tombstone: ErasureTombstone, covered: Int, notSeenHere: Bool) {
        self.event = event
        self.tombstone = tombstone
        self.covered = covered
        self.notSeenHere = notSeenHere
    }
}

/// A stored tombstone, for status and export.
package struct StoredTombstone: Sendable, Hashable {
    package var event: EventID
    package var tombstone: ErasureTombstone
}

extension AppDatabase {
    /// Appends erasure tombstones made here, applies them (covered contributions leave the
    /// live set with all their revisions) and audits them, in one transaction. With
    /// `endingConsent` (an erasure of a whole deployment), the deployment's consent is revoked
    /// by an event that commits first, in the same transaction: a re-send is refused until a
    /// new grant, made after seeing the tombstone, opts in again.
    package func recordErasure(
        _ tombstones: [ErasureTombstone], endingConsent: ConsentChanged? = nil, origin: String, actor: AuditActor,
        stamp: @escaping @Sendable () -> HLCTimestamp, onCommit: @escaping @Sendable (IndexChanges) -> Void
    ) async throws -> [MadeTombstone] {
        try await write { db in
            if let endingConsent {
                _ = try ConsentStore.append(db, endingConsent, signer: eventSigner, origin: origin, actor: actor, stamp: stamp)
            }
            var changes = IndexChanges()
            let made = try tombstones.map {
                try ErasureStore.appendTombstone(db, $0, signer: eventSigner, origin: origin, actor: actor, stamp: stamp, changes: &changes)
            }
            if !changes.isEmpty {
                let committed = changes
                db.afterNextTransaction(onCommit: { _ in onCommit(committed) })
            }
            return made
        }
    }

    /// Tombstones of one erasure request (empty when unknown here).
    package func tombstones(requestId: String) async throws -> [StoredTombstone] {
        try await read { db in
            try Row.fetchAll(db.cachedStatement(sql: "SELECT * FROM tombstone WHERE request_id = ? ORDER BY origin, seq"), arguments: [requestId])
                .map {
                    let (id, tombstone) = ErasureStore.decode($0); return StoredTombstone(event: id, tombstone: tombstone)
                }
        }
    }

    /// Every tombstone that names `pseudonym` (deployment erasures and its contribution erasures).
    package func tombstones(pseudonym: String) async throws -> [StoredTombstone] {
        try await read { db in
            try Row.fetchAll(
                db.cachedStatement(
                    sql: """
                        SELECT * FROM tombstone WHERE pseudonym = ? OR contribution_id IN
                        (SELECT contribution_id FROM contribution_event WHERE pseudonym = ?) ORDER BY requested_at, origin, seq
                        """), arguments: [pseudonym, pseudonym]
            ).map {
                let (id, tombstone) = ErasureStore.decode($0); return StoredTombstone(event: id, tombstone: tombstone)
            }
        }
    }

    /// Live contributions of `pseudonym` here.
    package func liveContributionCount(pseudonym: String) async throws -> Int {
        try await read {
            try Int.fetchOne($0.cachedStatement(sql: "SELECT COUNT(*) FROM contribution WHERE pseudonym = ?"), arguments: [pseudonym]) ?? 0
        }
    }

    /// The origin of the first event of a contribution id held here (its network is the
    /// contribution's); nil when none is held.
    package func contributionOrigin(_ contributionId: String) async throws -> String? {
        try await read { db in
            try String.fetchOne(
                db.cachedStatement(sql: "SELECT origin FROM contribution_event WHERE contribution_id = ? LIMIT 1"), arguments: [contributionId])
        }
    }

    /// The owner of a contribution id as this gateway knows it, and whether it is erased here.
    package func contributionOwner(_ contributionId: String) async throws -> (pseudonym: String, erased: Bool)? {
        try await read { db in
            guard
                let pseudonym = try String.fetchOne(
                    db.cachedStatement(sql: "SELECT pseudonym FROM contribution_event WHERE contribution_id = ? LIMIT 1"), arguments: [contributionId]
                )
            else { return nil }
            let live =
                try Bool.fetchOne(db.cachedStatement(sql: "SELECT 1 FROM contribution WHERE contribution_id = ?"), arguments: [contributionId])
                ?? false
            return (pseudonym, !live)
        }
    }
}

extension ErasureStore {
    /// Appends one local tombstone event, applies it and writes its audit rows.
    static func appendTombstone(
        _ db: Database, _ tombstone: ErasureTombstone, signer: GatewaySigningKey?, origin: String, actor: AuditActor, stamp: () -> HLCTimestamp,
        changes: inout IndexChanges
    ) throws -> MadeTombstone {
        var notSeenHere = false
        if let contributionId = tombstone.contributionId {
            notSeenHere =
                try Bool.fetchOne(
                    db.cachedStatement(sql: "SELECT 1 FROM contribution_event WHERE contribution_id = ? LIMIT 1"), arguments: [contributionId])
                != true
        }
        let event = try EventStore.appendLocal(
            db, signer: signer, origin: origin, hlc: stamp(), kind: .erasureRequested, payload: try EventPayloadCoding.encode(tombstone))
        let before = changes.count
        try EventProjection.apply(db, event, contribution: nil, changes: &changes)
        let covered = changes[before...].filter { if case .remove = $0 { true } else { false } }.count
        try AuditWriter.append(
            db,
            AuditRecord(
                actor: actor, action: "erasure.requested", subject: tombstone.pseudonym,
                details: [
                    "request": .text(tombstone.requestId), "event": .text(event.id.description), "reason": .text(tombstone.reason),
                    "contributionsCovered": .count(covered),
                ].merging(tombstone.contributionId.map { ["contributionId": .text($0)] } ?? [:]) { a, _ in a }
            ).naming(networkOf: origin))
        return MadeTombstone(event: event.id, tombstone: tombstone, covered: covered, notSeenHere: notSeenHere)
    }
}

/// What this gateway knows of the network's progress on one erasure request.
package struct ErasureNetworkView: Sendable, Hashable {
    /// Every origin this gateway has events of.
    package var gateways: [String]
    /// Origins whose latest event here was made after seeing every tombstone of the request.
    package var received: Set<String>
    /// Gateway → when it purged (from `erasure.purged` events).
    package var purged: [String: String]
    /// Gateway → the learned-ranking models its `erasure.purged` says it deleted.
    package var modelsDeleted: [String: [String]]
    /// The models this gateway deleted for the request (when the tombstone arrived).
    package var localModelsDeleted: [String]
    /// Retired gateway → when it was retired.
    package var retired: [String: String]
    /// Retired gateway → the attestation that completes this request for it: one naming the
    /// request, or any made before the request (its data dir was destroyed by then).
    package var attested: [String: StoredAttestation]
}

/// An officer's attestation that a retired gateway's data dir was destroyed.
package struct StoredAttestation: Sendable, Hashable, Codable {
    package var requestId: String
    package var attestedAt: String
    package var reason: String
    /// `origin:seq` of the attestation event (the gateway where the officer made it).
    package var event: String
}

extension AppDatabase {
    /// The view from the request's own network (that of its tombstones): gateways are that
    /// network's origins.
    package func erasureNetwork(requestId: String, tombstones: [EventID]) async throws -> ErasureNetworkView {
        let network = tombstones.first.map { ReplicaNetwork(origin: $0.origin) } ?? .global
        return try await read { db in
            let gateways = try String.fetchAll(db, sql: "SELECT origin FROM version_vector ORDER BY origin").filter(network.contains(origin:))
            var received = Set<String>()
            for gateway in gateways {
                guard
                    let context = try String.fetchOne(
                        db.cachedStatement(sql: "SELECT causal_context FROM event WHERE origin = ? ORDER BY seq DESC LIMIT 1"), arguments: [gateway])
                else { continue }
                let vector = try VersionVector.decode(storedJSON: context)
                if tombstones.allSatisfy({ vector.contains($0) || $0.origin == gateway }) { received.insert(gateway) }
            }
            var purged: [String: String] = [:]
            var modelsDeleted: [String: [String]] = [:]
            for row in try Row.fetchAll(
                db.cachedStatement(sql: "SELECT gateway, purged_at, models_deleted FROM erasure_purge WHERE request_id = ?"), arguments: [requestId])
            {
                purged[row[0]] = row[1]
                let models: String? = row[2]
                modelsDeleted[row[0]] = models.map { $0.split(separator: ",").map(String.init) } ?? []
            }
            var retired: [String: String] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT gateway, retired_at FROM retired_gateway") { retired[row[0]] = row[1] }
            let requestedAt =
                try String.fetchOne(
                    db.cachedStatement(sql: "SELECT MIN(requested_at) FROM tombstone WHERE request_id = ?"), arguments: [requestId]) ?? ""
            var attested: [String: StoredAttestation] = [:]
            for row in try Row.fetchAll(
                db.cachedStatement(
                    sql: """
                        SELECT request_id, gateway, attested_at, reason, origin, seq FROM erasure_attestation
                        WHERE request_id = ? OR attested_at <= ? ORDER BY request_id = ? DESC, attested_at
                        """), arguments: [requestId, requestedAt, requestId])
            where attested[row[1]] == nil {
                attested[row[1]] = StoredAttestation(
                    requestId: row[0], attestedAt: row[2], reason: row[3], event: "\(row[4] as String):\(row[5] as Int64)")
            }
            return ErasureNetworkView(
                gateways: gateways, received: received, purged: purged, modelsDeleted: modelsDeleted,
                localModelsDeleted: try Self.modelsDeleted(db, requestId: requestId), retired: retired, attested: attested)
        }
    }

    /// Erasure requests known here, oldest first, after `cursor` (requested at, request id):
    /// a page for `GET /api/v1/erasure`.
    package func erasureRequestPage(
        after cursor: (requestedAt: String, requestId: String)?, limit: Int
    ) async throws -> [(requestedAt: String, requestId: String)] {
        try await read { db in
            try Row.fetchAll(
                db.cachedStatement(
                    sql: """
                        SELECT MIN(requested_at) AS at, request_id FROM tombstone GROUP BY request_id
                        HAVING (MIN(requested_at), request_id) > (?, ?) ORDER BY at, request_id LIMIT ?
                        """), arguments: [cursor?.requestedAt ?? "", cursor?.requestId ?? "", limit]
            ).map { ($0[0] as String, $0[1] as String) }
        }
    }

    /// Request ids whose `purgeDueAt` is before `date`.
    package func erasureRequests(dueBefore date: Date) async throws -> [String] {
        try await read { db in
            try String.fetchAll(
                db.cachedStatement(sql: "SELECT request_id FROM tombstone GROUP BY request_id HAVING MIN(purge_due_at) <= ? ORDER BY request_id"),
                arguments: [ErasureStore.dueText(date)])
        }
    }

    /// Requests due by `asOf` with no erased payload left here and no `erasure.purged` from
    /// `gateway` yet, each with this gateway's origin in the request's network (a request
    /// lives in the network of its tombstones), which its `erasure.purged` is made under.
    package func purgedRequestsNotRecorded(gateway: String, asOf: Date) async throws -> [(requestId: String, origin: String)] {
        try await read { db in
            let rows = try Row.fetchAll(
                db.cachedStatement(
                    sql: """
                        SELECT t.request_id, MIN(t.origin) FROM tombstone t GROUP BY t.request_id HAVING MIN(t.purge_due_at) <= ?
                        AND NOT EXISTS (SELECT 1 FROM contribution_event ce JOIN event e ON e.origin = ce.origin AND e.seq = ce.seq
                                        WHERE ce.erased_by = t.request_id AND e.payload IS NOT NULL)
                        ORDER BY t.request_id
                        """), arguments: [ErasureStore.dueText(asOf)])
            return try rows.compactMap { row -> (requestId: String, origin: String)? in
                let requestId: String = row[0]
                let origin = ReplicaNetwork(origin: row[1] as String).origin(gateway: gateway)
                let recorded =
                    try Bool.fetchOne(
                        db.cachedStatement(sql: "SELECT 1 FROM erasure_purge WHERE request_id = ? AND gateway = ?"), arguments: [requestId, origin])
                    ?? false
                return recorded ? nil : (requestId, origin)
            }
        }
    }

    /// Appends a `gateway.retired` event with its audit row.
    /// The retirement of `gateway` if it is retired: when, and the event that retired it.
    package func retirement(of gateway: String) async throws -> (retiredAt: String, event: EventID)? {
        try await read { db in
            guard
                let retiredAt = try String.fetchOne(
                    db.cachedStatement(sql: "SELECT retired_at FROM retired_gateway WHERE gateway = ?"), arguments: [gateway])
            else { return nil }
            let events = try Row.fetchAll(
                db.cachedStatement(
                    sql:
                        "SELECT origin, seq, payload FROM event WHERE kind = 'gateway.retired' AND payload IS NOT NULL ORDER BY hlc_wall, hlc_logical"
                ))
            for row in events {
                guard let data = row[2] as Data?, let payload = try? EventPayloadCoding.decode(GatewayRetired.self, from: data),
                    payload.gateway == gateway
                else { continue }
                return (retiredAt, EventID(origin: row[0], seq: UInt64(row[1] as Int64)))
            }
            return (retiredAt, EventID(origin: gateway, seq: 0))
        }
    }

    /// Records an officer's attestation that a retired gateway's data dir was destroyed: an
    /// `erasure.attested` event and its audit row (without the reason's words).
    package func recordAttestation(
        _ attested: ErasureAttested, origin: String, actor: AuditActor, stamp: @escaping @Sendable () -> HLCTimestamp
    ) async throws -> EventID {
        try await write { db in
            let event = try EventStore.appendProjected(
                db, signer: eventSigner, origin: origin, hlc: stamp(), kind: .erasureAttested, payload: attested)
            try AuditWriter.append(
                db,
                AuditRecord(
                    actor: actor, action: "erasure.attested",
                    details: ["request": .text(attested.requestId), "gateway": .text(attested.gateway), "event": .text(event.id.description)]))
            return event.id
        }
    }

    package func recordRetirement(
        _ retired: GatewayRetired, origin: String, actor: AuditActor, stamp: @escaping @Sendable () -> HLCTimestamp
    ) async throws -> EventID {
        try await write { db in
            let event = try EventStore.appendProjected(db, signer: eventSigner, origin: origin, hlc: stamp(), kind: .gatewayRetired, payload: retired)
            try AuditWriter.append(
                db,
                AuditRecord(
                    actor: actor, action: "gateway.retired", details: ["gateway": .text(retired.gateway), "event": .text(event.id.description)]))
            return event.id
        }
    }
}
