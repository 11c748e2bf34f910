package import Foundation
import PatternCore

/// Payload of `erasure.requested`: pseudonymous identifiers and dates only.
///
/// A pseudonym tombstone (no `contributionId`) covers every contribution of that pseudonym,
/// with all its revisions, made without having seen the tombstone. A contribution tombstone
/// covers that contribution id for good; when `pseudonym` is set too (the deployment asked
/// for itself) only if the contribution is that pseudonym's.
package struct ErasureTombstone: Codable, Sendable, Hashable {
    package var requestId: String
    package var pseudonym: String?
    package var contributionId: String?
    /// Origin wall-clock time, ISO 8601 UTC.
    package var requestedAt: String
    /// When every gateway must have purged the payloads.
    package var purgeDueAt: String
    /// One calendar month after the request (Art. 12(3) GDPR).
    package var legalDeadline: String
    /// `request` (erasure asked for) or `consent_revoked`.
    package var reason: String

    package init(
        requestId: String, pseudonym: String?, contributionId: String?, requestedAt: String, purgeDueAt: String,
        legalDeadline: String, reason: String
    ) {
        self.requestId = requestId
        self.pseudonym = pseudonym
        self.contributionId = contributionId
        self.requestedAt = requestedAt
        self.purgeDueAt = purgeDueAt
        self.legalDeadline = legalDeadline
        self.reason = reason
    }

    /// True when this tombstone, made as event `id`, covers a contribution event of
    /// `pseudonym` and `contributionId` made with `causalContext`.
    package func covers(
        tombstoneId id: EventID, pseudonym eventPseudonym: String, contributionId eventContribution: String, causalContext: VersionVector
    ) -> Bool {
        if let contributionId {
            return contributionId == eventContribution && (pseudonym == nil || pseudonym == eventPseudonym)
        }
        return pseudonym == eventPseudonym && !causalContext.contains(id)
    }
}

/// Payload of `erasure.purged`: the gateway that purged, when, how many events, and the
/// learned-ranking models it deleted because they trained on the request's data (absent when
/// none, so certificates made before models existed keep their bytes).
package struct ErasurePurged: Codable, Sendable, Hashable {
    /// At most this many model ids in one certificate (a gateway keeps few models).
    package static let maximumModelsDeleted = 1_000

    package var requestId: String
    package var gateway: String
    package var purgedAt: String
    package var events: Int
    /// Sorted, unique model ids (32 lowercase hex digits).
    package var modelsDeleted: [String]?

    package init(requestId: String, gateway: String, purgedAt: String, events: Int, modelsDeleted: [String]? = nil) {
        self.requestId = requestId
        self.gateway = gateway
        self.purgedAt = purgedAt
        self.events = events
        self.modelsDeleted = modelsDeleted
    }
}

/// Payload of `gateway.retired`.
package struct GatewayRetired: Codable, Sendable, Hashable {
    package var gateway: String
    package var retiredAt: String

    package init(gateway: String, retiredAt: String) {
        self.gateway = gateway
        self.retiredAt = retiredAt
    }
}

/// Payload of `erasure.attested`: an officer's statement that a retired gateway's data dir
/// was destroyed. It completes `requestId` for that gateway, and every request made after
/// `attestedAt` (nothing of them can be held in a destroyed data dir). `reason` is the
/// officer's words: bounded, and checked by every receiver's verification scan.
package struct ErasureAttested: Codable, Sendable, Hashable {
    package static let maximumReasonLength = 500

    package var requestId: String
    package var gateway: String
    package var attestedAt: String
    package var reason: String

    package init(requestId: String, gateway: String, attestedAt: String, reason: String) {
        self.requestId = requestId
        self.gateway = gateway
        self.attestedAt = attestedAt
        self.reason = reason
    }
}

/// Erasure deadlines. `purgeDueAt = min(requestedAt + grace, requestedAt + one calendar
/// month − 1 day)`, so the purge always lands inside the legal month, computed in UTC.
package enum ErasureDeadlines {
    package static func legalDeadline(requestedAt: Date) -> Date {
        calendar.date(byAdding: .month, value: 1, to: requestedAt) ?? requestedAt.addingTimeInterval(28 * 86_400)
    }

    package static func purgeDueAt(requestedAt: Date, graceDays: Int) -> Date {
        let grace = requestedAt.addingTimeInterval(Double(max(0, graceDays)) * 86_400)
        let monthLess = calendar.date(byAdding: .day, value: -1, to: legalDeadline(requestedAt: requestedAt)) ?? grace
        return min(grace, monthLess)
    }

    private static var calendar: Calendar {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        return calendar
    }
}

/// Shape checks for erasure payloads, shared by the API and the receiver's scan.
package enum ErasureRules {
    package static let reasons: Set<String> = ["request", "consent_revoked"]

    /// `er_` and 32 lowercase hex digits.
    package static func isRequestId(_ id: String) -> Bool {
        id.hasPrefix("er_") && Hex.isLowercaseHex(String(id.dropFirst(3)), length: 32)
    }

    /// `erasure.purged`'s `modelsDeleted`: 1…maximum model ids, each 32 lowercase hex digits,
    /// sorted and unique (an empty list is written as an absent field).
    package static func isModelIdList(_ ids: [String]) -> Bool {
        !ids.isEmpty && ids.count <= ErasurePurged.maximumModelsDeleted && ids.allSatisfy { Hex.isLowercaseHex($0, length: 32) }
            && zip(ids, ids.dropFirst()).allSatisfy { $0 < $1 }
    }

    package static func isWellFormed(_ tombstone: ErasureTombstone) -> Bool {
        guard isRequestId(tombstone.requestId), reasons.contains(tombstone.reason),
            tombstone.pseudonym != nil || tombstone.contributionId != nil,
            [tombstone.requestedAt, tombstone.purgeDueAt, tombstone.legalDeadline].allSatisfy({ Self.date($0) != nil })
        else { return false }
        if let pseudonym = tombstone.pseudonym, !Hex.isLowercaseHex(pseudonym, length: 64) { return false }
        if let contributionId = tombstone.contributionId, !Hex.isLowercaseHex(contributionId, length: 64) { return false }
        return true
    }

    /// Parses the ISO 8601 UTC times PatternGate writes (with or without milliseconds).
    package static func date(_ text: String) -> Date? {
        (try? Date(text, strategy: Date.ISO8601FormatStyle(includingFractionalSeconds: true)))
            ?? (try? Date(text, strategy: Date.ISO8601FormatStyle()))
    }
}
