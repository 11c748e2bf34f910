import Foundation
import Logging
import PatternCore
import Privacy
import Replication
import Storage

extension PatternGateway {
    /// Events per sync message.
    public static let syncBatchSize = 2_000

    /// Handles a peer's sync request: stores the events it sent (re-scanned here), then
    /// answers with this gateway's vector, digest and the events the peer lacks.
    public func handleSync(_ request: SyncRequest) async throws -> SyncResponse {
        try await receive(request.events, from: request.from)
        await syncBook.observe(peer: request.from, vector: request.vector, policyHash: request.policyHash, localPolicyHash: policy.hash)
        await observePeerAudit(from: request.from, checkpoint: request.auditCheckpoint, publicKey: request.auditPublicKey)
        return try await syncResponse(for: request.vector)
    }

    /// What this gateway would send a peer that has seen `vector`.
    public func syncResponse(for vector: VersionVector) async throws -> SyncResponse {
        let events = try await database.eventsMissing(for: vector, limit: Self.syncBatchSize + 1)
        var response = SyncResponse(
            from: identity.gatewayId, vector: try await database.versionVector(),
            events: Array(events.prefix(Self.syncBatchSize)), policyHash: policy.hash, more: events.count > Self.syncBatchSize)
        (response.auditCheckpoint, response.auditPublicKey) = await auditLog.syncAnnouncement()
        return response
    }

    /// The request this gateway sends a peer whose vector it last saw as `peerVector`;
    /// `ownVector` stands in for this gateway's vector when a batch is still being stored.
    public func syncRequest(peerVector: VersionVector, ownVector: VersionVector? = nil) async throws -> SyncRequest {
        let stored = try await database.versionVector()
        var request = SyncRequest(
            from: identity.gatewayId, vector: ownVector.map { $0.merged(with: stored) } ?? stored,
            events: try await database.eventsMissing(for: peerVector, limit: Self.syncBatchSize), policyHash: policy.hash)
        (request.auditCheckpoint, request.auditPublicKey) = await auditLog.syncAnnouncement()
        return request
    }

    /// Stores events received from a peer. Clocks more than five minutes ahead are refused;
    /// every contribution payload goes through this gateway's own verification scan, and
    /// rejected ones become quarantined stubs.
    public func receive(_ events: [SyncEvent], from peer: String) async throws {
        try await receive(await check(events), from: peer)
    }

    /// The checks of `receive` that need no database (hash, decoding, this gateway's scan),
    /// so a sync client can run them for the next batch while the current one is stored.
    public func check(_ events: [SyncEvent]) async -> CheckedBatch {
        CheckedBatch(events: events, checked: await Self.check(events, verifier: verifier))
    }

    /// Stores a checked batch: clocks first (more than five minutes ahead is refused), then
    /// one write transaction.
    public func receive(_ batch: CheckedBatch, from peer: String) async throws {
        guard !batch.events.isEmpty else { return }
        let now = UInt64(max(0, Date().timeIntervalSince1970 * 1000))
        do {
            try clock.withLock { clock throws(ClockError) in
                for event in batch.events { try clock.receive(event.hlc, physicalMillis: now) }
            }
        } catch {
            throw GatewayError(.invalidInput, code: "clock_skew", message: "the peer's clock is more than five minutes ahead of this gateway")
        }
        do {
            let report = try await database.receiveEvents(
                batch.checked, from: peer,
                onCommit: { [self] changes in self.applyToIndex(changes) })
            if !report.quarantined.isEmpty { await syncBook.quarantined(peer: peer, count: report.quarantined.count) }
        } catch let error as StorageError where error == .sequenceConflict || error == .contentHashMismatch {
            await syncBook.halt(peer: peer, reason: error.code)
            throw GatewayError(.conflict, code: error.code, message: error.message)
        }
    }

    /// Hash check, payload decoding and the receiver's scan need no database, so they run
    /// before the write transaction, split over the machine's cores.
    static func check(_ events: [SyncEvent], verifier: PolicyGate) async -> [ReceivedEvent] {
        let parts = min(max(1, ProcessInfo.processInfo.activeProcessorCount), max(1, events.count / 64))
        guard parts > 1 else { return events.map { check($0, verifier: verifier) } }
        let size = (events.count + parts - 1) / parts
        return await withTaskGroup(of: (Int, [ReceivedEvent]).self) { group in
            for part in 0..<parts {
                let slice = Array(events[min(events.count, part * size)..<min(events.count, (part + 1) * size)])
                group.addTask { (part, slice.map { check($0, verifier: verifier) }) }
            }
            var results = [[ReceivedEvent]](repeating: [], count: parts)
            for await (part, checked) in group { results[part] = checked }
            return results.flatMap { $0 }
        }
    }

    static func check(_ incoming: SyncEvent, verifier: PolicyGate) -> ReceivedEvent {
        guard let event = incoming.verifiedEvent else { return ReceivedEvent(incoming: incoming, event: nil, added: nil, findings: []) }
        let added = event.kind.carriesContribution ? try? ContributionPayloadDecoder.decode(event.payload) : nil
        return ReceivedEvent(incoming: incoming, event: event, added: added, findings: findings(in: event, decoded: added, verifier: verifier))
    }

    /// Finding kinds of a received event under this gateway's policy.
    static func findings(in event: Event, decoded: ContributionAdded?, verifier: PolicyGate) -> [String] {
        switch event.kind {
        case .contributionAdded, .contributionRevised:
            guard let added = decoded,
                Hex.isLowercaseHex(added.pseudonym, length: 64), Hex.isLowercaseHex(added.contributionId, length: 64),
                added.patternId == added.record.patternKey.patternId
            else { return ["malformed"] }
            if verifier.unknownNames(in: added.record) { return ["unknown_name"] }
            return verifier.verificationFindings(added.record).map(\.kind)
        case .consentChanged:
            guard let change = try? EventPayloadCoding.decode(ConsentChanged.self, from: event.payload),
                Hex.isLowercaseHex(change.pseudonym, length: 64)
            else { return ["malformed"] }
            return []
        case .erasureRequested:
            guard let tombstone = try? EventPayloadCoding.decode(ErasureTombstone.self, from: event.payload),
                ErasureRules.isWellFormed(tombstone)
            else { return ["malformed"] }
            return []
        case .erasurePurged:
            guard let purged = try? EventPayloadCoding.decode(ErasurePurged.self, from: event.payload),
                ErasureRules.isRequestId(purged.requestId), purged.gateway == event.id.origin, purged.events >= 0
            else { return ["malformed"] }
            return []
        case .gatewayRetired:
            guard let retired = try? EventPayloadCoding.decode(GatewayRetired.self, from: event.payload),
                GatewayIdentity.isValidId(retired.gateway)
            else { return ["malformed"] }
            return []
        }
    }

    /// `GET /api/v1/sync/status`.
    public func syncStatus() async throws -> SyncStatus {
        SyncStatus(
            gatewayId: identity.gatewayId, vector: try await database.versionVector(), digest: try await database.stateDigest(),
            policyHash: policy.hash, quarantinedEvents: try await database.quarantinedCount(),
            peers: await syncBook.snapshot(localVector: try await database.versionVector()),
            peerAudit: try await database.peerAuditStates())
    }
}

/// Received events with the receiver's checks done, ready to store.
public struct CheckedBatch: Sendable {
    public let events: [SyncEvent]
    let checked: [ReceivedEvent]
}

/// The sync status of DESIGN.md.
public struct SyncStatus: Codable, Sendable {
    public var gatewayId: String
    public var vector: VersionVector
    public var digest: String
    public var policyHash: String
    public var quarantinedEvents: Int
    public var peers: [PeerStatus]
    /// Each peer's signed log as seen here: pinned key, largest checkpoint, and an alert when the
    /// peer presented a smaller or different tree than before (see docs/audit.md).
    public var peerAudit: [PeerAuditState] = []
}

public struct PeerStatus: Codable, Sendable, Hashable {
    public var peer: String
    public var lastSuccessfulSync: String?
    public var lastError: String?
    /// Events this gateway holds that the peer had not seen at the last exchange.
    public var eventsBehind: Int
    public var policyMismatch: Bool
    public var quarantinedEvents: Int
    /// `sequence_conflict` or `content_hash_mismatch` when sync with this peer is halted.
    public var halted: String?
}

/// Per-peer sync bookkeeping: shared mutable state, so an actor.
public actor SyncBook {
    private var peers: [String: Entry] = [:]

    struct Entry {
        var vector = VersionVector()
        var lastSuccess: Date?
        var lastError: String?
        var policyMismatch = false
        var quarantined = 0
        var halted: String?
    }

    public init() {}

    public func observe(peer: String, vector: VersionVector, policyHash: String, localPolicyHash: String) {
        var entry = peers[peer] ?? Entry()
        entry.vector = entry.vector.merged(with: vector)
        entry.lastSuccess = Date()
        entry.lastError = nil
        entry.policyMismatch = policyHash != localPolicyHash
        peers[peer] = entry
    }

    /// Drops an entry kept under a peer's URL once its gateway id is known.
    public func forget(peer: String) {
        peers[peer] = nil
    }

    public func failed(peer: String, reason: String) {
        peers[peer, default: Entry()].lastError = reason
    }

    func quarantined(peer: String, count: Int) {
        peers[peer, default: Entry()].quarantined += count
    }

    func halt(peer: String, reason: String) {
        peers[peer, default: Entry()].halted = reason
    }

    public func isHalted(_ peer: String) -> Bool { peers[peer]?.halted != nil }

    public func vector(of peer: String) -> VersionVector { peers[peer]?.vector ?? VersionVector() }

    /// The last vector seen from every peer, by gateway id (or URL before it answered).
    public func vectors() -> [String: VersionVector] { peers.mapValues(\.vector) }

    func snapshot(localVector: VersionVector) -> [PeerStatus] {
        peers.keys.sorted().map { name in
            let entry = peers[name]!
            let behind = localVector.entries.reduce(0) { $0 + Int($1.value > entry.vector[$1.key] ? $1.value - entry.vector[$1.key] : 0) }
            return PeerStatus(
                peer: name, lastSuccessfulSync: entry.lastSuccess.map(Timestamps.iso8601), lastError: entry.lastError,
                eventsBehind: behind, policyMismatch: entry.policyMismatch, quarantinedEvents: entry.quarantined, halted: entry.halted)
        }
    }
}
