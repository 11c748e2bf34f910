import Foundation
import GRDB
package import PatternCore
package import Replication

/// A contribution that passed validation and the privacy gate, ready to store.
package struct PendingContribution: Sendable, Hashable {
    package var contributionId: String
    package var pseudonym: String
    package var requestDigest: String
    package var record: ContributionRecord
    /// The private network it goes to; nil: the global network.
    package var network: String?

    package init(contributionId: String, pseudonym: String, requestDigest: String, record: ContributionRecord, network: String? = nil) {
        self.contributionId = contributionId
        self.pseudonym = pseudonym
        self.requestDigest = requestDigest
        self.record = record
        self.network = network
    }

    /// The id of the pattern it counts in, in its network.
    package var patternId: String { record.patternKey(network: network).patternId }
}

/// What happened to one pending contribution.
package enum ContributionOutcome: Sendable, Hashable {
    /// Stored as this event.
    case accepted(EventID)
    /// The same id with the same body was stored before: counted once.
    case duplicate
    /// The same id with a different body is stored: use rectification.
    case conflict
    /// The contributor has no active consent for `purpose` at commit time.
    case consentRequired
    /// An erasure tombstone covers this contribution id: it cannot be made again.
    case erased
}

extension AppDatabase {
    /// Stores contributions as `contribution.added` events with their audit rows, all in one
    /// transaction; consent is checked inside it, so a revoke cannot slip between check and store.
    /// `onCommit` runs after the commit, in commit order, with what became live.
    package func storeContributions(
        _ items: [PendingContribution],
        origin: String,
        requiredPurpose: String,
        actor: AuditActor,
        stamp: @escaping @Sendable () -> HLCTimestamp,
        onCommit: @escaping @Sendable (IndexChanges) -> Void
    ) async throws -> [ContributionOutcome] {
        try await write { db in
            var consent: [String: Bool] = [:]
            var digests: [String: String] = [:]
            var outcomes: [ContributionOutcome] = []
            var changes = IndexChanges()
            let tombstones = try ErasureStore.hasTombstones(db)
            for item in items {
                if consent[item.pseudonym] == nil {
                    consent[item.pseudonym] = try ConsentStore.isActive(db, pseudonym: item.pseudonym, purpose: requiredPurpose)
                }
                guard consent[item.pseudonym] == true else {
                    outcomes.append(.consentRequired)
                    continue
                }
                let known =
                    try digests[item.contributionId]
                    ?? String.fetchOne(
                        db.cachedStatement(sql: "SELECT request_digest FROM contribution WHERE contribution_id = ?"), arguments: [item.contributionId]
                    )
                if let known {
                    outcomes.append(known == item.requestDigest ? .duplicate : .conflict)
                    continue
                }
                // A tombstoned id cannot be made again; the vector is read only when tombstones exist.
                if tombstones,
                    try ErasureStore.erasingRequest(
                        db, contributionId: item.contributionId, pseudonym: item.pseudonym,
                        causalContext: EventStore.versionVector(db, network: ReplicaNetwork(origin: origin)), network: ReplicaNetwork(origin: origin)
                    ) != nil
                {
                    outcomes.append(.erased)
                    continue
                }
                let payload = ContributionAdded(
                    contributionId: item.contributionId, pseudonym: item.pseudonym, patternId: item.patternId,
                    requestDigest: item.requestDigest, record: item.record)
                let event = try EventStore.appendLocal(
                    db, signer: eventSigner, origin: origin, hlc: stamp(), kind: .contributionAdded, payload: try EventPayloadCoding.encode(payload))
                try EventProjection.apply(db, event, contribution: payload, changes: &changes)
                try AuditWriter.append(
                    db,
                    AuditRecord(
                        actor: actor, action: "contribution.accepted", subject: item.pseudonym,
                        details: ["contributionId": .text(item.contributionId), "event": .text(event.id.description)]
                    ).naming(networkOf: origin))
                digests[item.contributionId] = item.requestDigest
                outcomes.append(.accepted(event.id))
            }
            if !changes.isEmpty {
                let committed = changes
                db.afterNextTransaction(onCommit: { _ in onCommit(committed) })
            }
            return outcomes
        }
    }

    /// Every live contribution, to rebuild the matcher at start.
    package func liveContributions() async throws -> [LiveContribution] {
        try await read { db in
            let rows = try Row.fetchAll(
                db,
                sql: """
                    SELECT e.payload, ce.hlc_wall, c.origin FROM contribution c JOIN event e ON e.origin = c.origin AND e.seq = c.seq
                    JOIN contribution_event ce ON ce.origin = c.origin AND ce.seq = c.seq
                    WHERE e.payload IS NOT NULL
                    """)
            return try rows.map { row in
                let added = try ContributionPayloadDecoder.decode(row[0])
                return LiveContribution(
                    contributionId: added.contributionId, pseudonym: added.pseudonym, record: added.record, patternId: added.patternId,
                    hlcWallMillis: UInt64(row[1] as Int64), network: ReplicaNetwork(origin: row[2] as String).privateName)
            }
        }
    }

    /// Every live contribution with its place in the replicated order (the HLC and id of the
    /// event that made its current version), read in one snapshot: the learned ranking's input.
    /// One network's only (the global one by default): a model never trains on another
    /// network's contributions (issue 18).
    package func orderedLiveContributions(network: ReplicaNetwork = .global) async throws -> [OrderedLiveContribution] {
        let suffix = network.originSuffix
        return try await read { db in
            let rows = try Row.fetchAll(
                db,
                sql: """
                    SELECT e.payload, ce.hlc_wall, ce.hlc_logical, c.origin, c.seq FROM contribution c
                    JOIN event e ON e.origin = c.origin AND e.seq = c.seq
                    JOIN contribution_event ce ON ce.origin = c.origin AND ce.seq = c.seq
                    WHERE e.payload IS NOT NULL AND ce.erased_by IS NULL
                      AND \(ReplicaNetwork.originCondition("c.origin"))
                    """, arguments: ["suffix": suffix])
            return try rows.map { row in
                let added = try ContributionPayloadDecoder.decode(row[0])
                return OrderedLiveContribution(
                    contribution: LiveContribution(
                        contributionId: added.contributionId, pseudonym: added.pseudonym, record: added.record, patternId: added.patternId,
                        hlcWallMillis: UInt64(row[1] as Int64)),
                    hlcWallMillis: UInt64(row[1] as Int64), hlcLogical: UInt32(row[2] as Int64), origin: row[3], seq: UInt64(row[4] as Int64))
            }
        }
    }

    package func contributionCount() async throws -> Int {
        try await read { try Int.fetchOne($0, sql: "SELECT COUNT(*) FROM contribution") ?? 0 }
    }
}

/// A live contribution and the (HLC, origin, seq) of the event that made its current version.
package struct OrderedLiveContribution: Sendable, Hashable {
    package var contribution: LiveContribution
    package var hlcWallMillis: UInt64
    package var hlcLogical: UInt32
    package var origin: String
    package var seq: UInt64
}
