import Foundation
import GRDB
import PatternCore
package import Replication

/// What happened to a rectification.
package enum RevisionOutcome: Sendable, Hashable {
    case revised(EventID)
    /// No contribution with this id is known here for this deployment.
    case notFound
    /// The contribution was erased: it cannot be revised (410).
    case erased
    case consentRequired
}

extension AppDatabase {
    /// Stores a `contribution.revised` event for a contribution of `pending.pseudonym`, with
    /// its audit row, in one transaction; consent is checked inside it.
    package func reviseContribution(
        _ pending: PendingContribution, origin: String, requiredPurpose: String, actor: AuditActor,
        stamp: @escaping @Sendable () -> HLCTimestamp, onCommit: @escaping @Sendable (IndexChanges) -> Void
    ) async throws -> RevisionOutcome {
        try await write { db in
            guard try ConsentStore.isActive(db, pseudonym: pending.pseudonym, purpose: requiredPurpose) else { return .consentRequired }
            let owner = try String.fetchOne(
                db.cachedStatement(sql: "SELECT pseudonym FROM contribution_event WHERE contribution_id = ? LIMIT 1"),
                arguments: [pending.contributionId])
            guard owner == pending.pseudonym else { return .notFound }
            let live =
                try Bool.fetchOne(
                    db.cachedStatement(sql: "SELECT 1 FROM contribution WHERE contribution_id = ?"), arguments: [pending.contributionId]) ?? false
            guard live else { return .erased }
            let payload = ContributionAdded(
                contributionId: pending.contributionId, pseudonym: pending.pseudonym, patternId: pending.patternId,
                requestDigest: pending.requestDigest, record: pending.record)
            let event = try EventStore.appendLocal(
                db, signer: eventSigner, origin: origin, hlc: stamp(), kind: .contributionRevised, payload: try EventPayloadCoding.encode(payload))
            var changes = IndexChanges()
            try EventProjection.apply(db, event, contribution: payload, changes: &changes)
            try AuditWriter.append(
                db,
                AuditRecord(
                    actor: actor, action: "contribution.revised", subject: pending.pseudonym,
                    details: ["contributionId": .text(pending.contributionId), "event": .text(event.id.description)]
                ).naming(networkOf: origin))
            if !changes.isEmpty {
                let committed = changes
                db.afterNextTransaction(onCommit: { _ in onCommit(committed) })
            }
            return .revised(event.id)
        }
    }
}
