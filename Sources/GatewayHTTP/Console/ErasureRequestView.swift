package import Foundation
package import Gateway
import Replication

/// One erasure request as the console shows it: its dates, the days left until the earlier
/// of its purge date and legal deadline, coloured red (overdue, or ≤ 3 days), amber (≤ 10)
/// or green, and each gateway's progress.
package struct ErasureRequestView: Sendable {
    package var requestId: String
    package var scope: String
    package var requestedAt: String
    package var purgeDueAt: String
    package var legalDeadline: String
    package var daysLeft: String
    package var daysClass: String
    package var received: Int
    package var purged: Int
    package var gateways: Int
    package var complete: Bool
    package var overdue: Bool
    /// Seconds to the earlier deadline: the list shows overdue first, then the least time left.
    package var secondsLeft: Double
    package var progress: [GatewayProgress]

    package struct GatewayProgress: Sendable {
        package var gateway: String
        package var received: Bool
        package var purgedAt: String
        package var state: String
        package var stateClass: String
    }

    package init(_ status: ErasureStatus, now: Date) {
        requestId = status.requestId
        let tombstones = status.tombstones == 1 ? "1 tombstone" : "\(status.tombstones) tombstones"
        scope = "\(status.reason == "consent_revoked" ? "consent revoked" : "request"), \(tombstones)"
        requestedAt = Self.shown(status.requestedAt)
        purgeDueAt = Self.shown(status.purgeDueAt)
        legalDeadline = Self.shown(status.legalDeadline)
        received = status.gateways.filter(\.received).count
        purged = status.gateways.filter { $0.purged || $0.attestation != nil }.count
        gateways = status.gateways.count
        complete = status.complete
        let deadline = [status.purgeDueAt, status.legalDeadline].compactMap(ErasureRules.date).min() ?? now
        secondsLeft = deadline.timeIntervalSince(now)
        overdue = !complete && (status.gateways.contains(where: \.overdue) || secondsLeft < 0)
        let days = Int((secondsLeft / 86_400).rounded(.up))
        switch (complete, overdue) {
        case (true, _): (daysLeft, daysClass) = ("complete", "green")
        case (false, true): (daysLeft, daysClass) = ("overdue", "red")
        default: (daysLeft, daysClass) = (days == 1 ? "1 day" : "\(days) days", days <= 3 ? "red" : days <= 10 ? "amber" : "green")
        }
        progress = status.gateways.map { gateway in
            let (state, stateClass): (String, String) =
                if gateway.purged {
                    ("purged", "green")
                } else if gateway.attestation != nil {
                    ("retired; data dir attested destroyed", "green")
                } else if gateway.retiredUnpurged {
                    ("retired before it purged", "red")
                } else if gateway.overdue {
                    ("overdue", "red")
                } else {
                    (gateway.received ? "received, purge pending" : "not yet received", "amber")
                }
            return GatewayProgress(
                gateway: gateway.gateway, received: gateway.received, purgedAt: gateway.purgedAt.map(Self.shown) ?? "", state: state,
                stateClass: stateClass)
        }
    }

    /// Overdue first, then open requests by time left, complete ones last.
    package static func urgentFirst(_ lhs: Self, _ rhs: Self) -> Bool {
        if lhs.complete != rhs.complete { return !lhs.complete }
        if lhs.overdue != rhs.overdue { return lhs.overdue }
        return lhs.secondsLeft < rhs.secondsLeft
    }

    /// An ISO 8601 time as `YYYY-MM-DD HH:MM UTC`.
    package static func shown(_ timestamp: String) -> String {
        guard timestamp.count >= 16 else { return timestamp }
        return timestamp.prefix(16).replacingOccurrences(of: "T", with: " ") + " UTC"
    }
}
