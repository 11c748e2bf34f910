import Foundation
public import Storage

/// `POST /api/v1/erasure` body: a deployment erases itself (empty body) or some of its
/// contributions; an officer names a deployment id or contribution ids.
public struct ErasureRequestBody: Codable, Sendable, Hashable {
    public var deploymentId: String?
    public var contributionIds: [String]?

    public init(deploymentId: String? = nil, contributionIds: [String]? = nil) {
        self.deploymentId = deploymentId
        self.contributionIds = contributionIds
    }
}

public struct TombstoneReceipt: Codable, Sendable, Hashable {
    /// `origin:seq` of the tombstone event.
    public var event: String
    public var contributionId: String?
    /// This gateway holds nothing of the contribution yet; the tombstone waits for it.
    public var notSeenHere: Bool
}

/// What an erasure request made here.
public struct ErasureReceipt: Codable, Sendable, Hashable {
    public var requestId: String
    public var requestedAt: String
    /// When every gateway purges the payloads (within the legal month).
    public var purgeDueAt: String
    /// One calendar month after the request (Art. 12(3) GDPR).
    public var legalDeadline: String
    public var reason: String
    /// Contributions that left the live set on this gateway.
    public var contributionsCovered: Int
    public var tombstones: [TombstoneReceipt]
    /// True when this answers a request for a deployment that already had an open erasure
    /// covering everything it holds here: that request is returned instead of a second one.
    public var duplicate: Bool = false
}

/// One gateway's progress on an erasure request.
public struct GatewayErasureState: Codable, Sendable, Hashable {
    public var gateway: String
    /// The gateway holds the tombstones (it made them, purged, or has shown it has seen them).
    public var received: Bool
    public var purged: Bool
    public var purgedAt: String?
    /// Learned-ranking models the gateway deleted because they trained on the request's data:
    /// this gateway's own at once, another's from its `erasure.purged` (absent until then).
    public var modelsDeleted: [String]?
    /// Past `purgeDueAt` and not purged (nor attested destroyed).
    public var overdue: Bool
    /// When the gateway was retired, if it was.
    public var retiredAt: String? = nil
    /// Retired before it purged this request: its data dir may still hold the payloads, so
    /// the request is not complete (until its own purge or an attestation).
    public var retiredUnpurged: Bool = false
    /// An officer's attestation that the retired gateway's data dir was destroyed: completes
    /// the request for it, and is shown as what it is, not as a purge.
    public var attestation: StoredAttestation? = nil
}

/// `POST /api/v1/erasure/{id}/attestations` body.
public struct AttestationBody: Codable, Sendable, Hashable {
    public var gatewayId: String?
    public var reason: String?

    public init(gatewayId: String?, reason: String?) {
        self.gatewayId = gatewayId
        self.reason = reason
    }
}

/// `GET /api/v1/erasure/{id}`.
public struct ErasureStatus: Codable, Sendable, Hashable {
    public var requestId: String
    public var requestedAt: String
    public var purgeDueAt: String
    public var legalDeadline: String
    public var reason: String
    public var tombstones: Int
    public var gateways: [GatewayErasureState]
    /// Every gateway of the network has purged, or (retired) was attested destroyed.
    public var complete: Bool
}

/// `POST /api/v1/admin/purge` body.
public struct PurgeRequestBody: Codable, Sendable, Hashable {
    /// Purge as if the clock read this ISO 8601 time (tests, catching up); default now.
    public var asOf: String?
    public var dryRun: Bool?

    public init(asOf: String? = nil, dryRun: Bool? = nil) {
        self.asOf = asOf
        self.dryRun = dryRun
    }
}

/// What a purge removed (or, on a dry run, would remove).
public struct PurgeReport: Codable, Sendable, Hashable {
    public var asOf: String
    public var dryRun: Bool
    public var requests: [PurgeCandidate]
    public var events: Int
    /// `clean` once `wal_checkpoint(TRUNCATE)` copied everything back and emptied the WAL;
    /// `pending` while a reader held an old snapshot (the next run retries).
    public var checkpoint: String
    /// Free pages left after incremental vacuum.
    public var freePages: Int
    /// Payloads of versions a rectification replaced, purged in this run (not on a dry run).
    public var supersededVersions: Int = 0
}

/// `POST /api/v1/admin/gateways/retire` body.
public struct RetireGatewayBody: Codable, Sendable, Hashable {
    public var gatewayId: String?

    public init(gatewayId: String? = nil) {
        self.gatewayId = gatewayId
    }
}

public struct RetireGatewayResponse: Codable, Sendable, Hashable {
    public var gatewayId: String
    public var event: String
    public var retiredAt: String
    /// True when the gateway was retired before: the first retirement is answered.
    public var duplicate: Bool = false
}

/// `GET /api/v1/erasure?state=&limit=&cursor=`: erasure requests known here, oldest first,
/// each with its network status; `nextCursor` continues the listing (null at the end).
public struct ErasureListResponse: Codable, Sendable, Hashable {
    public var requests: [ErasureStatus]
    public var nextCursor: String?

    public init(requests: [ErasureStatus], nextCursor: String?) {
        self.requests = requests
        self.nextCursor = nextCursor
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(requests, forKey: .requests)
        try container.encode(nextCursor, forKey: .nextCursor)  // null, not absent, at the end
    }
}
