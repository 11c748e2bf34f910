import GRDB
import Privacy
package import Replication

/// The exact counts behind the network figures, for one scope (the network, or this gateway).
/// Never published as they are: `NetworkFigures` rounds and suppresses them.
package struct ScopeCounts: Sendable, Hashable {
    /// Distinct pseudonyms with active consent to `contribute`, or a live contribution in the window.
    package var activeDeployments = 0
    /// Live contributions.
    package var contributions = 0
    /// Distinct pattern ids of the live contributions.
    package var uniquePatterns = 0
    /// Live contributions in the window (the reuse rate's denominator).
    package var recentContributions = 0
    /// Of those, the ones that name a `followedPatternId` (its numerator).
    package var recentFollowing = 0

    package init() {}
}

/// The counts for the network (everything this replica holds, from every origin) and for this
/// gateway (contributions whose current version entered here; deployments that contributed or
/// consented here).
package struct NetworkCounts: Sendable, Hashable {
    package var network = ScopeCounts()
    package var gateway = ScopeCounts()
}

extension AppDatabase {
    /// Network figures (issue 17): whether a contribution event names a `followedPatternId`, kept
    /// beside its clock so the reuse rate never reads payloads (docs/design.md, "Network figures").
    static func registerStatsMigrations(_ migrator: inout DatabaseMigrator) {
        migrator.registerMigration("v6-network-figures") { db in
            try db.execute(
                sql: """
                    ALTER TABLE contribution_event ADD COLUMN followed INTEGER NOT NULL DEFAULT 0;
                    UPDATE contribution_event SET followed = 1 WHERE (origin, seq) IN (
                        SELECT origin, seq FROM event
                        WHERE kind IN ('contribution.added', 'contribution.revised') AND payload IS NOT NULL
                        AND json_extract(CAST(payload AS TEXT), '$.record.followedPatternId') IS NOT NULL);
                    """)
        }
    }

    /// The counts as of `asOfMillis` (HLC wall time, ms): live contributions and consent grants
    /// stamped later are left out, and nothing erased counts (an erased contribution has left
    /// the `contribution` projection; an erased deployment's consent was revoked). One read
    /// transaction: two scans of `contribution` joined with `contribution_event` by primary key
    /// (no payload is read), and every consent event.
    /// The global network's only: a private network's contributions and consent never enter
    /// the published figures (issue 18).
    /// `network` picks whose: its origins' contributions and consent only (`gatewayId` is
    /// this gateway's origin in it).
    package func networkCounts(
        gatewayId: String, asOfMillis: Int64, windowMillis: Int64, purpose: String, network: ReplicaNetwork = .global
    ) async throws -> NetworkCounts {
        let suffix = network.originSuffix
        return try await read { db in
            var counts = NetworkCounts()
            let since = asOfMillis - windowMillis
            let totals = try Row.fetchOne(
                db,
                sql: """
                    SELECT COUNT(*), COUNT(DISTINCT c.pattern_id), COALESCE(SUM(c.origin = :gateway), 0),
                           COUNT(DISTINCT CASE WHEN c.origin = :gateway THEN c.pattern_id END)
                    FROM contribution c JOIN contribution_event ce ON ce.origin = c.origin AND ce.seq = c.seq
                    WHERE ce.hlc_wall <= :asOf AND \(ReplicaNetwork.originCondition("c.origin"))
                    """, arguments: ["gateway": gatewayId, "asOf": asOfMillis, "suffix": suffix])
            if let totals {
                counts.network.contributions = totals[0]
                counts.network.uniquePatterns = totals[1]
                counts.gateway.contributions = totals[2]
                counts.gateway.uniquePatterns = totals[3]
            }
            // Per pseudonym with a contribution in the window: how many, how many here, how many
            // following a pattern (network-wide and here).
            var active: [String: Bool] = [:]
            let recent = try Row.fetchCursor(
                db,
                sql: """
                    WITH recent AS (
                        SELECT c.pseudonym, c.origin = :gateway AS here, ce.followed AS following
                        FROM contribution c JOIN contribution_event ce ON ce.origin = c.origin AND ce.seq = c.seq
                        WHERE ce.hlc_wall <= :asOf AND ce.hlc_wall > :since
                          AND \(ReplicaNetwork.originCondition("c.origin")))
                    SELECT pseudonym, COUNT(*), SUM(here), SUM(following), SUM(following AND here) FROM recent
                    GROUP BY pseudonym
                    """, arguments: ["gateway": gatewayId, "asOf": asOfMillis, "since": since, "suffix": suffix])
            while let row = try recent.next() {
                let pseudonym: String = row[0]
                let here: Int = row[2]
                active[pseudonym] = here > 0
                counts.network.recentContributions += row[1] as Int
                counts.gateway.recentContributions += here
                counts.network.recentFollowing += row[3] as Int
                counts.gateway.recentFollowing += row[4] as Int
            }
            // Consent, by the consent rules (revoke wins): grants stamped by `asOf`, and every
            // revoke (an erasure since `asOf` revoked the deployment's consent: it must go).
            let changes = try Row.fetchCursor(
                db,
                sql: """
                    SELECT consent_change.pseudonym AS subject, event.* FROM consent_change JOIN event USING (origin, seq)
                    WHERE event.payload IS NOT NULL
                      AND \(ReplicaNetwork.originCondition("event.origin"))
                    ORDER BY consent_change.pseudonym, event.hlc_wall, event.hlc_logical, event.origin, event.seq
                    """, arguments: ["suffix": suffix])
            var subject: String?
            var entries: [ConsentEntry] = []
            var consentedHere = false
            func settle() {
                guard let subject, ConsentRules.isActive(purpose, in: entries) else { return }
                active[subject] = (active[subject] ?? false) || consentedHere
            }
            while let row = try changes.next() {
                let pseudonym: String = row["subject"]
                if pseudonym != subject {
                    settle()
                    subject = pseudonym
                    entries = []
                    consentedHere = false
                }
                let change = try ConsentStore.storedChange(row)
                if change.change.granted && change.hlc.wallMillis > UInt64(max(0, asOfMillis)) { continue }
                entries.append(change.entry)
                consentedHere = consentedHere || change.id.origin == gatewayId
            }
            settle()
            counts.network.activeDeployments = active.count
            counts.gateway.activeDeployments = active.values.filter { $0 }.count
            return counts
        }
    }
}
