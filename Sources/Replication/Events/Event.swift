import Crypto
public import Foundation
public import PatternCore

/// The kinds of replicated event.
public enum EventKind: String, Codable, Sendable, CaseIterable {
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

    /// Kinds whose payload is a contribution record.
    public var carriesContribution: Bool { self == .contributionAdded || self == .contributionRevised }
}

/// One element of the replicated state. Immutable once made; merge is set union by `id`.
public struct Event: Sendable, Hashable {
    public var id: EventID
    public var hlc: HLCTimestamp
    /// The origin's version vector when the event was made: what it had seen.
    public var causalContext: VersionVector
    public var kind: EventKind
    /// Canonical JSON of the payload (see `EventPayloadCoding`).
    public var payload: Data
    /// Hex SHA-256 over kind, clock, causal context and payload.
    public var contentHash: String

    public init(id: EventID, hlc: HLCTimestamp, causalContext: VersionVector, kind: EventKind, payload: Data) {
        self.id = id
        self.hlc = hlc
        self.causalContext = causalContext
        self.kind = kind
        self.payload = payload
        self.contentHash = Self.contentHash(hlc: hlc, causalContext: causalContext, kind: kind, payload: payload)
    }

    /// Recomputes the hash, so a receiver can check what it was sent.
    public static func contentHash(hlc: HLCTimestamp, causalContext: VersionVector, kind: EventKind, payload: Data) -> String {
        var hasher = SHA256()
        let context = causalContext.entries.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: ",")
        hasher.update(data: Array("pg-event-v1\n\(kind.rawValue)\n\(hlc)\n\(context)\n".utf8))
        hasher.update(data: payload)
        return Hex.encode(hasher.finalize())
    }

    /// True when `other` was made by a gateway that had already seen this event.
    public func happenedBefore(_ other: Event) -> Bool {
        other.id != id && other.causalContext.contains(id)
    }
}

/// Canonical JSON for payloads: sorted keys, so the same value always hashes the same.
public enum EventPayloadCoding {
    public static func encode<T: Encodable>(_ value: T) throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return try encoder.encode(value)
    }

    public static func decode<T: Decodable>(_ type: T.Type, from data: Data) throws -> T {
        try JSONDecoder().decode(type, from: data)
    }
}

/// Payload of `contribution.added`: the gated record and pseudonymous identifiers only.
public struct ContributionAdded: Codable, Sendable, Hashable {
    public var contributionId: String
    public var pseudonym: String
    public var patternId: String
    /// Keyed digest of the request body, so a retry can be told from a different body.
    public var requestDigest: String
    public var record: ContributionRecord

    public init(contributionId: String, pseudonym: String, patternId: String, requestDigest: String, record: ContributionRecord) {
        self.contributionId = contributionId
        self.pseudonym = pseudonym
        self.patternId = patternId
        self.requestDigest = requestDigest
        self.record = record
    }
}

/// Payload of `consent.changed`.
public struct ConsentChanged: Codable, Sendable, Hashable {
    public var pseudonym: String
    public var granted: Bool
    public var purposes: [String]
    public var policyVersion: String
    /// `self` when the deployment acted, `officer` when a compliance officer did.
    public var actor: String
    /// Origin wall-clock time, ISO 8601 UTC.
    public var at: String

    public init(pseudonym: String, granted: Bool, purposes: [String], policyVersion: String, actor: String, at: String) {
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
    public init?(storedPayload data: Data) {
        guard case .object(let fields)? = FastJSON.parse(data), fields.count == 6,
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
public struct TokenIssued: Codable, Sendable, Hashable {
    public static let roles: Set<String> = ["deployment", "officer", "auditor"]

    public var tokenId: String
    public var role: String
    /// Hex SHA-256 of the secret part of the bearer token.
    public var secretHash: String
    /// The deployment's pseudonym, for deployment tokens only.
    public var pseudonym: String?
    public var createdAt: String

    public init(tokenId: String, role: String, secretHash: String, pseudonym: String?, createdAt: String) {
        self.tokenId = tokenId
        self.role = role
        self.secretHash = secretHash
        self.pseudonym = pseudonym
        self.createdAt = createdAt
    }
}

/// Payload of `token.revoked`.
public struct TokenRevoked: Codable, Sendable, Hashable {
    public var tokenId: String
    public var revokedAt: String

    public init(tokenId: String, revokedAt: String) {
        self.tokenId = tokenId
        self.revokedAt = revokedAt
    }
}
