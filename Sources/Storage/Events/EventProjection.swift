import ErrorCodes
import Foundation
import GRDB
package import PatternCore
import Replication

/// What the in-memory matcher must do after a commit, in commit order.
package typealias IndexChanges = [IndexChange]

/// Applies a stored event to the projections (live contributions, consent, tombstones,
/// purges, retirements), the same way for local and received events, inside the caller's
/// transaction. Erasure is exact: a covered contribution leaves the live set with all its
/// revisions, and a covered event arriving later never becomes live.
enum EventProjection {
    static func apply(_ db: Database, _ event: Event, contribution: ContributionAdded?, changes: inout IndexChanges) throws {
        switch event.kind {
        case .contributionAdded, .contributionRevised:
            guard let contribution else { throw StorageError(code: .eventMalformed, message: "a contribution event could not be read") }
            try applyContribution(db, event, contribution, changes: &changes)
        case .consentChanged:
            let change = try EventPayloadCoding.decode(ConsentChanged.self, from: event.payload)
            try db.run(
                "INSERT INTO consent_change(origin, seq, pseudonym) VALUES (?, ?, ?)", [event.id.origin, Int64(event.id.seq), change.pseudonym])
        case .erasureRequested:
            try applyTombstone(db, event, try EventPayloadCoding.decode(ErasureTombstone.self, from: event.payload), changes: &changes)
        case .erasurePurged:
            let purged = try EventPayloadCoding.decode(ErasurePurged.self, from: event.payload)
            try db.run(
                "INSERT OR IGNORE INTO erasure_purge(request_id, gateway, purged_at, events, models_deleted) VALUES (?, ?, ?, ?, ?)",
                [purged.requestId, purged.gateway, purged.purgedAt, purged.events, purged.modelsDeleted.map { $0.joined(separator: ",") }])
        case .gatewayRetired:
            let retired = try EventPayloadCoding.decode(GatewayRetired.self, from: event.payload)
            try db.run("INSERT OR IGNORE INTO retired_gateway(gateway, retired_at) VALUES (?, ?)", [retired.gateway, retired.retiredAt])
        case .tokenIssued:
            let token = try EventPayloadCoding.decode(TokenIssued.self, from: event.payload)
            let revokedAt = try String.fetchOne(
                db.cachedStatement(sql: "SELECT revoked_at FROM token_revocation WHERE id = ?"), arguments: [token.tokenId])
            try db.run(
                """
                INSERT OR IGNORE INTO token(id, secret_hash, role, pseudonym, created_at, revoked_at, published, revocation_published, plan,
                                            organization)
                VALUES (?, ?, ?, ?, ?, ?, 1, ?, ?, ?)
                """,
                [
                    token.tokenId, Data(Hex.decode(token.secretHash) ?? []), token.role, token.pseudonym, token.createdAt, revokedAt,
                    revokedAt == nil ? 0 : 1, try TokenPlanStore.initialPlan(db, token), token.organization,
                ])
        case .tokenRevoked:
            let revoked = try EventPayloadCoding.decode(TokenRevoked.self, from: event.payload)
            try db.run("INSERT OR IGNORE INTO token_revocation(id, revoked_at) VALUES (?, ?)", [revoked.tokenId, revoked.revokedAt])
            try db.run(
                "UPDATE token SET revoked_at = COALESCE(revoked_at, ?), revocation_published = 1 WHERE id = ?",
                [revoked.revokedAt, revoked.tokenId])
        case .networkMember:
            let member = try EventPayloadCoding.decode(NetworkMember.self, from: event.payload)
            if let network = ReplicaNetwork(origin: event.id.origin).privateName {
                try db.run(
                    "INSERT OR IGNORE INTO network_member(network, token_id, role) VALUES (?, ?, ?)", [network, member.tokenId, member.role])
            }
        case .tokenPlanChanged:
            try TokenPlanStore.apply(db, event, try EventPayloadCoding.decode(TokenPlanChanged.self, from: event.payload))
        case .erasureAttested:
            let attested = try EventPayloadCoding.decode(ErasureAttested.self, from: event.payload)
            try db.run(
                "INSERT OR IGNORE INTO erasure_attestation(request_id, gateway, attested_at, reason, origin, seq) VALUES (?, ?, ?, ?, ?, ?)",
                [attested.requestId, attested.gateway, attested.attestedAt, attested.reason, event.id.origin, Int64(event.id.seq)])
        }
    }

    private static func applyContribution(_ db: Database, _ event: Event, _ contribution: ContributionAdded, changes: inout IndexChanges) throws {
        let erasedBy =
            try ErasureStore.hasTombstones(db)
            ? ErasureStore.erasingRequest(
                db, contributionId: contribution.contributionId, pseudonym: contribution.pseudonym, causalContext: event.causalContext,
                network: ReplicaNetwork(origin: event.id.origin))
            : nil
        try db.run(
            """
            INSERT INTO contribution_event(origin, seq, contribution_id, pseudonym, hlc_wall, hlc_logical, erased_by, followed)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?)
            """,
            [
                event.id.origin, Int64(event.id.seq), contribution.contributionId, contribution.pseudonym,
                Int64(event.hlc.wallMillis), Int64(event.hlc.logical), erasedBy, contribution.record.followedPatternId != nil,
            ])
        if let requestId = erasedBy {
            // A copy that arrives after this gateway certified the request purged (a peer that
            // was cut off) is kept without its payload, so the certificate stays true. The
            // certificate is this gateway's in the event's network (`gw@acme` in a private one).
            let suffix = ReplicaNetwork(origin: event.id.origin).privateName.map { "@" + $0 } ?? ""
            let purgedHere =
                try Bool.fetchOne(
                    db.cachedStatement(
                        sql: """
                            SELECT 1 FROM erasure_purge p JOIN gateway_meta m ON m.key = 'gateway_id' AND m.value || ? = p.gateway
                            WHERE p.request_id = ?
                            """), arguments: [suffix, requestId]) == true
            try db.run(
                purgedHere
                    ? "UPDATE event SET state = 'purged', payload = NULL WHERE origin = ? AND seq = ?"
                    : "UPDATE event SET state = 'erased' WHERE origin = ? AND seq = ?",
                [event.id.origin, Int64(event.id.seq)])
            return
        }
        // Last writer wins by HLC, ties by origin then seq; the add's request digest stays, so
        // a retried original request is still recognised as a duplicate.
        try db.run(
            """
            INSERT OR IGNORE INTO contribution(contribution_id, pattern_id, pseudonym, request_digest, origin, seq)
            VALUES (?, ?, ?, ?, ?, ?)
            """,
            [
                contribution.contributionId, contribution.patternId, contribution.pseudonym, contribution.requestDigest,
                event.id.origin, Int64(event.id.seq),
            ])
        if db.changesCount == 0,
            let current = try Row.fetchOne(
                db.cachedStatement(
                    sql: """
                        SELECT ce.hlc_wall, ce.hlc_logical, ce.origin, ce.seq FROM contribution c
                        JOIN contribution_event ce ON ce.origin = c.origin AND ce.seq = c.seq WHERE c.contribution_id = ?
                        """), arguments: [contribution.contributionId])
        {
            let stored = (UInt64(current[0] as Int64), UInt32(current[1] as Int64), current[2] as String, UInt64(current[3] as Int64))
            let incoming = (event.hlc.wallMillis, event.hlc.logical, event.id.origin, event.id.seq)
            guard incoming > stored else {
                // A version older than the current one: superseded from the moment it arrives.
                try supersede(db, origin: event.id.origin, seq: Int64(event.id.seq), byWall: stored.0)
                return
            }
            try supersede(db, origin: stored.2, seq: Int64(stored.3), byWall: event.hlc.wallMillis)
            try db.run(
                "UPDATE contribution SET pattern_id = ?, origin = ?, seq = ? WHERE contribution_id = ?",
                [contribution.patternId, event.id.origin, Int64(event.id.seq), contribution.contributionId])
        }
        changes.append(
            .upsert(
                LiveContribution(
                    contributionId: contribution.contributionId, pseudonym: contribution.pseudonym, record: contribution.record,
                    patternId: contribution.patternId, hlcWallMillis: event.hlc.wallMillis,
                    network: ReplicaNetwork(origin: event.id.origin).privateName)))
    }

    /// Rectification forgets: a version that lost last-writer-wins is hidden at once (state
    /// `superseded`, so it syncs as a stub and counts as not held in the digest) and purged
    /// once the purge date counted from `byWall`, the winning version's clock, has passed.
    private static func supersede(_ db: Database, origin: String, seq: Int64, byWall: UInt64) throws {
        try db.run(
            "UPDATE contribution_event SET superseded_at = ? WHERE origin = ? AND seq = ? AND superseded_at IS NULL",
            [Int64(byWall), origin, seq])
        try db.run("UPDATE event SET state = 'superseded' WHERE origin = ? AND seq = ? AND state = 'live'", [origin, seq])
    }

    private static func applyTombstone(_ db: Database, _ event: Event, _ tombstone: ErasureTombstone, changes: inout IndexChanges) throws {
        try db.run(
            """
            INSERT INTO tombstone(origin, seq, request_id, pseudonym, contribution_id, requested_at, purge_due_at, legal_deadline, reason)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
            """,
            [
                event.id.origin, Int64(event.id.seq), tombstone.requestId, tombstone.pseudonym, tombstone.contributionId,
                tombstone.requestedAt, tombstone.purgeDueAt, tombstone.legalDeadline, tombstone.reason,
            ])
        // A tombstone covers events of its own network only: no other network's peer can
        // reach into a private network, whatever ids it names.
        let network = ReplicaNetwork(origin: event.id.origin)
        let covered = try ErasureStore.coveredEvents(db, tombstone: tombstone, id: event.id).filter { network.contains(origin: $0.0) }
        var contributions: [String] = []
        var seen = Set<String>()
        for (origin, seq, contributionId) in covered {
            try db.run("UPDATE contribution_event SET erased_by = ? WHERE origin = ? AND seq = ?", [tombstone.requestId, origin, seq])
            try db.run("UPDATE event SET state = 'erased' WHERE origin = ? AND seq = ? AND state = 'live'", [origin, seq])
            if seen.insert(contributionId).inserted { contributions.append(contributionId) }
        }
        for contributionId in contributions { try refreshLiveVersion(db, contributionId: contributionId, changes: &changes) }
        try RankerForgetting.forget(db, contributionIds: contributions, requestId: tombstone.requestId)
    }

    /// Re-derives a contribution's live version from its events that are not erased: the
    /// last writer among them, or none (the contribution leaves the live set).
    static func refreshLiveVersion(_ db: Database, contributionId: String, changes: inout IndexChanges) throws {
        guard
            let row = try Row.fetchOne(
                db.cachedStatement(
                    sql: """
                        SELECT ce.origin, ce.seq, e.payload, ce.hlc_wall FROM contribution_event ce JOIN event e ON e.origin = ce.origin AND e.seq = ce.seq
                        WHERE ce.contribution_id = ? AND ce.erased_by IS NULL AND e.state = 'live' AND e.payload IS NOT NULL
                        ORDER BY ce.hlc_wall DESC, ce.hlc_logical DESC, ce.origin DESC, ce.seq DESC LIMIT 1
                        """), arguments: [contributionId])
        else {
            try db.run("DELETE FROM contribution WHERE contribution_id = ?", [contributionId])
            changes.append(.remove(contributionId: contributionId))
            return
        }
        let contribution = try ContributionPayloadDecoder.decode(row[2])
        try db.run(
            """
            INSERT INTO contribution(contribution_id, pattern_id, pseudonym, request_digest, origin, seq) VALUES (?, ?, ?, ?, ?, ?)
            ON CONFLICT(contribution_id) DO UPDATE SET pattern_id = excluded.pattern_id, origin = excluded.origin, seq = excluded.seq
            """, [contributionId, contribution.patternId, contribution.pseudonym, contribution.requestDigest, row[0] as String, row[1] as Int64])
        changes.append(
            .upsert(
                LiveContribution(
                    contributionId: contributionId, pseudonym: contribution.pseudonym, record: contribution.record, patternId: contribution.patternId,
                    hlcWallMillis: UInt64(row[3] as Int64), network: ReplicaNetwork(origin: row[0] as String).privateName)))
    }
}
