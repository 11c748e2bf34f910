import Foundation
import GRDB
package import Privacy
package import Replication

/// A consent change as stored: its event identity, clock, hash and causal context.
package struct StoredConsentChange: Sendable, Hashable {
    package var id: EventID
    package var hlc: HLCTimestamp
    package var contentHash: String
    package var causalContext: VersionVector
    package var change: ConsentChanged

    package var entry: ConsentEntry {
        ConsentEntry(
            origin: id.origin, seq: id.seq, granted: change.granted, purposes: change.purposes,
            seen: causalContext.entries)
    }
}

enum ConsentStore {
    static func history(_ db: Database, pseudonym: String) throws -> [StoredConsentChange] {
        let rows = try Row.fetchAll(
            db.cachedStatement(
                sql: """
                    SELECT event.* FROM consent_change JOIN event USING (origin, seq)
                    WHERE consent_change.pseudonym = ? AND event.payload IS NOT NULL
                    ORDER BY event.hlc_wall, event.hlc_logical, event.origin, event.seq
                    """), arguments: [pseudonym])
        return try rows.map(storedChange)
    }

    /// A consent change from a row holding its `event` columns.
    static func storedChange(_ row: Row) throws -> StoredConsentChange {
        let event = try EventStore.decode(row)
        return StoredConsentChange(
            id: event.id, hlc: event.hlc, contentHash: event.contentHash, causalContext: event.causalContext,
            change: try ConsentChanged(storedPayload: event.payload)
                ?? EventPayloadCoding.decode(ConsentChanged.self, from: event.payload))
    }

    /// Appends a local consent change event with its audit row, inside the caller's transaction.
    static func append(
        _ db: Database, _ change: ConsentChanged, signer: GatewaySigningKey?, origin: String, actor: AuditActor, stamp: () -> HLCTimestamp
    ) throws -> Event {
        let event = try EventStore.appendLocal(
            db, signer: signer, origin: origin, hlc: stamp(), kind: .consentChanged, payload: try EventPayloadCoding.encode(change))
        try db.run("INSERT INTO consent_change(origin, seq, pseudonym) VALUES (?, ?, ?)", [event.id.origin, Int64(event.id.seq), change.pseudonym])
        try AuditWriter.append(
            db,
            AuditRecord(
                actor: actor, action: change.granted ? "consent.granted" : "consent.revoked", subject: change.pseudonym,
                details: ["event": .text(event.id.description), "purposes": .list(change.purposes)]
            ).naming(networkOf: origin))
        return event
    }

    static func isActive(_ db: Database, pseudonym: String, purpose: String) throws -> Bool {
        ConsentRules.isActive(purpose, in: try history(db, pseudonym: pseudonym).map(\.entry))
    }
}

extension AppDatabase {
    /// Appends a consent change as an event, with its audit row, in one transaction; with
    /// `erasure`, the tombstone a revoke makes (policy `eraseOnRevoke`) commits with it.
    package func recordConsent(
        _ change: ConsentChanged, origin: String, actor: AuditActor, stamp: @escaping @Sendable () -> HLCTimestamp,
        erasure: ErasureTombstone? = nil, onCommit: @escaping @Sendable (IndexChanges) -> Void = { _ in }
    ) async throws -> (StoredConsentChange, MadeTombstone?) {
        try await write { db in
            let event = try ConsentStore.append(db, change, signer: eventSigner, origin: origin, actor: actor, stamp: stamp)
            var changes = IndexChanges()
            let made = try erasure.map {
                try ErasureStore.appendTombstone(db, $0, signer: eventSigner, origin: origin, actor: actor, stamp: stamp, changes: &changes)
            }
            if !changes.isEmpty {
                let committed = changes
                db.afterNextTransaction(onCommit: { _ in onCommit(committed) })
            }
            return (
                StoredConsentChange(
                    id: event.id, hlc: event.hlc, contentHash: event.contentHash, causalContext: event.causalContext, change: change), made
            )
        }
    }

    /// Every consent change of `pseudonym`, oldest first.
    package func consentHistory(pseudonym: String) async throws -> [StoredConsentChange] {
        try await read { try ConsentStore.history($0, pseudonym: pseudonym) }
    }

    /// Purposes active for `pseudonym` under the consent rules (off by default, revoke wins).
    package func activePurposes(pseudonym: String) async throws -> Set<String> {
        try await read { ConsentRules.activePurposes(try ConsentStore.history($0, pseudonym: pseudonym).map(\.entry)) }
    }
}
