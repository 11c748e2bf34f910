import Crypto
package import Foundation
import JSONCoding
package import PatternCore

/// The kinds of replicated event.
package enum EventKind: String, Codable, Sendable, CaseIterable {
    case contributionAdded = "contribution.added"
    /// Rectification: a new version of a contribution (payload `ContributionAdded`); last
    /// writer wins by HLC, ties by origin then seq.
    case contributionRevised = "contribution.revised"
    case consentChanged = "consent.changed"
    /// An erasure tombstone (`ErasureTombstone`), kept for good so nothing resurrects.
    case erasureRequested = "erasure.requested"
    /// One gateway has purged an erasure request's payloads (`ErasurePurged`).
    case erasurePurged = "erasure.purged"
    /// A decommissioned gateway leaves the set erasure status waits for (`GatewayRetired`).
    case gatewayRetired = "gateway.retired"
    /// An officer states that a retired gateway's data dir was destroyed (`ErasureAttested`):
    /// it completes an erasure that gateway never purged, shown as an attestation.
    case erasureAttested = "erasure.attested"
    /// A bearer token valid on every gateway of the network (`TokenIssued`): its id, role,
    /// the SHA-256 of its secret (never the secret) and, for a deployment, its pseudonym.
    case tokenIssued = "token.issued"
    /// A network token's revocation (`TokenRevoked`), in force on every gateway it reaches.
    case tokenRevoked = "token.revoked"
    /// A deployment token's new plan (`TokenPlanChanged`); the latest by HLC wins.
    case tokenPlanChanged = "token.plan_changed"
    /// A token's membership of a private network (`NetworkMember`), made inside that network
    /// by the gateway that published the token (issue 18): only a token vouched for inside
    /// the network, with the network's key, may use it.
    case networkMember = "network.member"

    /// Kinds whose payload is a contribution record.
    package var carriesContribution: Bool { self == .contributionAdded || self == .contributionRevised }

    /// Kinds a private network's origins may make: its contributions, consent and erasures.
    /// Tokens, retirements and attestations belong to the global network only.
    package var occursInPrivateNetworks: Bool {
        switch self {
        case .contributionAdded, .contributionRevised, .consentChanged, .erasureRequested, .erasurePurged, .networkMember: true
        case .gatewayRetired, .erasureAttested, .tokenIssued, .tokenRevoked, .tokenPlanChanged: false
        }
    }
}

/// One element of the replicated state. Immutable once made; merge is set union by `id`.
package struct Event: Sendable, Hashable {
    package var id: EventID
    package var hlc: HLCTimestamp
    /// The origin's version vector when the event was made: what it had seen.
    package var causalContext: VersionVector
    package var kind: EventKind
    /// Canonical JSON of the payload (see `EventPayloadCoding`).
    package var payload: Data
    /// Hex SHA-256 over kind, clock, causal context and payload.
    package var contentHash: String

    package init(id: EventID, hlc: HLCTimestamp, causalContext: VersionVector, kind: EventKind, payload: Data) {
        self.id = id
        self.hlc = hlc
        self.causalContext = causalContext
        self.kind = kind
        self.payload = payload
        self.contentHash = Self.contentHash(hlc: hlc, causalContext: causalContext, kind: kind, payload: payload)
    }

    /// Recomputes the hash, so a receiver can check what it was sent.
    package static func contentHash(hlc: HLCTimestamp, causalContext: VersionVector, kind: EventKind, payload: Data) -> String {
        var hasher = SHA256()
        let context = causalContext.entries.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: ",")
        hasher.update(data: Array("pg-event-v1\n\(kind.rawValue)\n\(hlc)\n\(context)\n".utf8))
        hasher.update(data: payload)
        return Hex.encode(hasher.finalize())
    }

    /// True when `other` was made by a gateway that had already seen this event.
    package func happenedBefore(_ other: Event) -> Bool {
        other.id != id && other.causalContext.contains(id)
    }
}

/// Canonical JSON for payloads: sorted keys, so the same value always hashes the same.
package enum EventPayloadCoding {
    package static func encode<T: Encodable>(_ value: T) throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return try encoder.encode(value)
    }

    package static func decode<T: Decodable>(_ type: T.Type, from data: Data) throws -> T {
        try JSONDecoder().decode(type, from: data)
    }
}

/// Payload of `contribution.added`: the gated record and pseudonymous identifiers only.
package struct ContributionAdded: Codable, Sendable, Hashable {
    package var contributionId: String
    package var pseudonym: String
    package var patternId: String
    /// Keyed digest of the request body, so a retry can be told from a different body.
    package var requestDigest: String
    package var record: ContributionRecord

    package init(contributionId: String, pseudonym: String, patternId: String, requestDigest: String, record: ContributionRecord) {
        self.contributionId = contributionId
        self.pseudonym = pseudonym
        self.patternId = patternId
        self.requestDigest = requestDigest
        self.record = record
    }
}

/// Payload of `consent.changed`.
package struct ConsentChanged: Codable, Sendable, Hashable {
    package var pseudonym: String
    package var granted: Bool
    package var purposes: [String]
    package var policyVersion: String
    /// `self` when the deployment acted, `officer` when a compliance officer did.
    package var actor: String
    /// Origin wall-clock time, ISO 8601 UTC.
    package var at: String

    package init(pseudonym: String, granted: Bool, purposes: [String], policyVersion: String, actor: String, at: String) {
        self.pseudonym = pseudonym
        self.granted = granted
        self.purposes = purposes
        self.policyVersion = policyVersion
        self.actor = actor
        self.at = at
    }
}

extension ConsentChanged {
    /// A stored payload read with the strict hand-written parser: every contribution checks
    /// its deployment's consent history inside its write transaction, and `JSONDecoder` was
    /// most of that check's time. Nil when the shape differs (the caller then uses
    /// `EventPayloadCoding`, which reports the error).
    package init?(storedPayload data: Data) {
        guard case .object(let fields)? = JSONValue.parse(data), fields.count == 6,
            let pseudonym = fields["pseudonym"]?.string, case .bool(let granted)? = fields["granted"],
            case .array(let purposeValues)? = fields["purposes"], let policyVersion = fields["policyVersion"]?.string,
            let actor = fields["actor"]?.string, let at = fields["at"]?.string
        else { return nil }
        var purposes: [String] = []
        for value in purposeValues {
            guard let purpose = value.string else { return nil }
            purposes.append(purpose)
        }
        self.init(pseudonym: pseudonym, granted: granted, purposes: purposes, policyVersion: policyVersion, actor: actor, at: at)
    }
}

/// Payload of `token.issued`.
package struct TokenIssued: Codable, Sendable, Hashable {
    package static let roles: Set<String> = ["deployment", "officer", "auditor"]

    package var tokenId: String
    package var role: String
    /// Hex SHA-256 of the secret part of the bearer token.
    package var secretHash: String
    /// The deployment's pseudonym, for deployment tokens only.
    package var pseudonym: String?
    package var createdAt: String
    /// The deployment token's plan when issued (`free`, `pro`, `enterprise`); absent for
    /// officer and auditor tokens, and in events made before plans (read as `free`).
    package var plan: String?
    /// The organization an enterprise deployment token belongs to (issue 18), whose private
    /// network it may use; absent otherwise.
    package var organization: String?

    package init(
        tokenId: String, role: String, secretHash: String, pseudonym: String?, createdAt: String, plan: String? = nil,
        organization: String? = nil
    ) {
        self.tokenId = tokenId
        self.role = role
        self.secretHash = secretHash
        self.pseudonym = pseudonym
        self.createdAt = createdAt
        self.plan = plan
        self.organization = organization
    }
}

/// Payload of `token.plan_changed`: a deployment token's plan from `changedAt` on.
package struct TokenPlanChanged: Codable, Sendable, Hashable {
    package var tokenId: String
    package var plan: String
    package var changedAt: String

    package init(tokenId: String, plan: String, changedAt: String) {
        self.tokenId = tokenId
        self.plan = plan
        self.changedAt = changedAt
    }
}

/// Payload of `network.member`: a token (by id) and the role it was issued with, members of
/// the network whose origin made the event.
package struct NetworkMember: Codable, Sendable, Hashable {
    package var tokenId: String
    package var role: String

    package init(tokenId: String, role: String) {
        self.tokenId = tokenId
        self.role = role
    }
}

/// Payload of `token.revoked`.
package struct TokenRevoked: Codable, Sendable, Hashable {
    package var tokenId: String
    package var revokedAt: String

    package init(tokenId: String, revokedAt: String) {
        self.tokenId = tokenId
        self.revokedAt = revokedAt
    }
}
