import Foundation
package import Storage

/// `POST /api/v1/erasure` body: a deployment erases itself (empty body) or some of its
/// contributions; an officer names a deployment id or contribution ids.
package struct ErasureRequestBody: Codable, Sendable, Hashable {
    package var deploymentId: String?
    package var contributionIds: [String]?
    /// The private network the `contributionIds` belong to (issue 18). Without it, ids are
    /// erased in the network that holds them here, and ids held nowhere here in the global one.
    package var network: String?

    package init(deploymentId: String? = nil, contributionIds: [String]? = nil, network: String? = nil) {
        self.deploymentId = deploymentId
        self.contributionIds = contributionIds
        self.network = network
    }
}

package struct TombstoneReceipt: Codable, Sendable, Hashable {
    /// `origin:seq` of the tombstone event.
    package var event: String
    package var contributionId: String?
    /// This gateway holds nothing of the contribution yet; the tombstone waits for it.
    package var notSeenHere: Bool
}

/// What an erasure request made here.
package struct ErasureReceipt: Codable, Sendable, Hashable {
    package var requestId: String
    package var requestedAt: String
    /// When every gateway purges the payloads (within the legal month).
    package var purgeDueAt: String
    /// One calendar month after the request (Art. 12(3) GDPR).
    package var legalDeadline: String
    package var reason: String
    /// Contributions that left the live set on this gateway.
    package var contributionsCovered: Int
    package var tombstones: [TombstoneReceipt]
    /// True when this answers a request for a deployment that already had an open erasure
    /// covering everything it holds here: that request is returned instead of a second one.
    package var duplicate: Bool = false
    /// The private network this request lives in (contribution ids of a private network);
    /// absent for the global network.
    package var network: String? = nil
    /// The same erasure in each private network this gateway hosts (issue 18): one request
    /// per network, since each network has its own pseudonym and its own gateways. Absent
    /// when there are none.
    package var privateNetworks: [NetworkErasureReceipt]? = nil
    /// Private networks the deployment's tokens belong to that this gateway does not host:
    /// erase there from a gateway that hosts them. Absent when there are none.
    package var unreachableNetworks: [String]? = nil
}

/// The request made in one private network for an erasure.
package struct NetworkErasureReceipt: Codable, Sendable, Hashable {
    package var network: String
    package var requestId: String
    package var contributionsCovered: Int
    package var duplicate: Bool
}

/// One gateway's progress on an erasure request.
package struct GatewayErasureState: Codable, Sendable, Hashable {
    package var gateway: String
    /// The gateway holds the tombstones (it made them, purged, or has shown it has seen them).
    package var received: Bool
    package var purged: Bool
    package var purgedAt: String?
    /// Learned-ranking models the gateway deleted because they trained on the request's data:
    /// this gateway's own at once, another's from its `erasure.purged` (absent until then).
    package var modelsDeleted: [String]?
    /// Past `purgeDueAt` and not purged (nor attested destroyed).
    package var overdue: Bool
    /// When the gateway was retired, if it was.
    package var retiredAt: String? = nil
    /// Retired before it purged this request: its data dir may still hold the payloads, so
    /// the request is not complete (until its own purge or an attestation).
    package var retiredUnpurged: Bool = false
    /// An officer's attestation that the retired gateway's data dir was destroyed: completes
    /// the request for it, and is shown as what it is, not as a purge.
    package var attestation: StoredAttestation? = nil
}

/// `POST /api/v1/erasure/{id}/attestations` body.
package struct AttestationBody: Codable, Sendable, Hashable {
    package var gatewayId: String?
    package var reason: String?

    package init(gatewayId: String?, reason: String?) {
        self.gatewayId = gatewayId
        self.reason = reason
    }
}

/// `GET /api/v1/erasure/{id}`.
package struct ErasureStatus: Codable, Sendable, Hashable {
    package var requestId: String
    package var requestedAt: String
    package var purgeDueAt: String
    package var legalDeadline: String
    package var reason: String
    package var tombstones: Int
    package var gateways: [GatewayErasureState]
    /// Every gateway of the network has purged, or (retired) was attested destroyed.
    package var complete: Bool
    /// The private network the request lives in (its gateways are that network's); absent
    /// for the global network.
    package var network: String? = nil
}

/// `POST /api/v1/admin/purge` body.
package struct PurgeRequestBody: Codable, Sendable, Hashable {
    /// Purge as if the clock read this ISO 8601 time (tests, catching up); default now.
    package var asOf: String?
    package var dryRun: Bool?

    package init(asOf: String? = nil, dryRun: Bool? = nil) {
        self.asOf = asOf
        self.dryRun = dryRun
    }
}

/// What a purge removed (or, on a dry run, would remove).
package struct PurgeReport: Codable, Sendable, Hashable {
    package var asOf: String
    package var dryRun: Bool
    package var requests: [PurgeCandidate]
    package var events: Int
    /// `clean` once `wal_checkpoint(TRUNCATE)` copied everything back and emptied the WAL;
    /// `pending` while a reader held an old snapshot (the next run retries).
    package var checkpoint: String
    /// Free pages left after incremental vacuum.
    package var freePages: Int
    /// Payloads of versions a rectification replaced, purged in this run (not on a dry run).
    package var supersededVersions: Int = 0
    /// Audit segments retired in this run (`audit.retentionYears`): never by an HTTP request.
    package var auditSegmentsRetired: [String] = []
}

/// `POST /api/v1/admin/gateways/retire` body.
package struct RetireGatewayBody: Codable, Sendable, Hashable {
    package var gatewayId: String?

    package init(gatewayId: String? = nil) {
        self.gatewayId = gatewayId
    }
}

package struct RetireGatewayResponse: Codable, Sendable, Hashable {
    package var gatewayId: String
    package var event: String
    package var retiredAt: String
    /// True when the gateway was retired before: the first retirement is answered.
    package var duplicate: Bool = false
}

/// `GET /api/v1/erasure?state=&limit=&cursor=`: erasure requests known here, oldest first,
/// each with its network status; `nextCursor` continues the listing (null at the end).
package struct ErasureListResponse: Codable, Sendable, Hashable {
    package var requests: [ErasureStatus]
    package var nextCursor: String?

    package init(requests: [ErasureStatus], nextCursor: String?) {
        self.requests = requests
        self.nextCursor = nextCursor
    }

    package func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(requests, forKey: .requests)
        try container.encode(nextCursor, forKey: .nextCursor)  // null, not absent, at the end
    }
}
