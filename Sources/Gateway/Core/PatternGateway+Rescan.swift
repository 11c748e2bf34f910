import Foundation
import PatternCore
import Privacy
import Storage

/// The answer of a rescan: which stored contributions the current policy would reject.
package struct RescanReport: Codable, Sendable, Hashable {
    package struct Flagged: Codable, Sendable, Hashable {
        package var contributionId: String
        package var findings: [GateFinding]
    }

    package var dryRun: Bool
    package var scanned: Int
    package var flagged: [Flagged]
    package var policyHash: String
}

/// `POST /api/v1/admin/rescan` body.
package struct RescanRequest: Codable, Sendable, Hashable {
    package var dryRun: Bool?

    package init(dryRun: Bool? = nil) {
        self.dryRun = dryRun
    }
}

extension PatternGateway {
    /// The incident path when a detector was found to miss something: every stored
    /// contribution is scanned with the current policy and the ones it would reject are listed
    /// (ids and kinds, never values), so an officer can erase them. A real run is audited.
    package func rescan(_ principal: Principal, request: RescanRequest) async throws -> RescanReport {
        try principal.require(.officer, to: "rescan stored contributions")
        let contributions = index.read { $0.allContributions }
        var flagged: [RescanReport.Flagged] = []
        for contribution in contributions {
            let findings: [GateFinding]
            do {
                findings = try verifier.verify(contribution.record)
            } catch {
                findings = [GateFinding(kind: "gate_failed", field: "(record)")]
            }
            if !findings.isEmpty { flagged.append(.init(contributionId: contribution.contributionId, findings: findings)) }
        }
        let dryRun = request.dryRun ?? false
        if !dryRun {
            try await database.appendAudit(
                AuditRecord(
                    actor: AuditActor(role: principal.role.rawValue, id: principal.tokenId), action: "rescan.completed",
                    details: [
                        "scanned": .count(contributions.count), "flagged": .count(flagged.count),
                        "contributionIds": .list(flagged.map(\.contributionId)), "policyHash": .text(policy.hash),
                    ]))
        }
        return RescanReport(dryRun: dryRun, scanned: contributions.count, flagged: flagged, policyHash: policy.hash)
    }
}
