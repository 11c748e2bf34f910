import ErrorCodes
import Foundation
import Logging
import PatternCore
import Privacy
package import Replication
package import Storage
import Synchronization

extension PatternGateway {
    /// Events per sync message.
    package static let syncBatchSize = 2_000

    /// Handles a peer's sync request: checks its bounds and that it comes from the gateway it
    /// names (`authenticatedPeer`, from its identity signature; nil only in-process), stores
    /// the events it sent (re-checked here), then answers with this gateway's vector and the
    /// events the peer lacks. An inbound request's key directory is not learnt: relayed keys
    /// come only from the answers of peers this gateway dials itself (its `--peer` list), so
    /// a gateway that merely connects cannot pin a false key for a gateway not yet met.
    /// `network` is the network the exchange belongs to (its key authenticated the channel):
    /// only that network's events are taken and sent, and the peer's vector is read for that
    /// network's origins only.
    package func handleSync(_ request: SyncRequest, sender: PeerSender? = nil, network: ReplicaNetwork = .global) async throws -> SyncResponse {
        try Self.validate(from: request.from, vector: request.vector, events: request.events)
        var request = request
        request.vector = network.restrict(request.vector)
        if let sender, sender.id != request.from {
            throw GatewayError(.forbidden, code: .peerIdentityMismatch, message: "a sync request's sender must be the gateway that signed it")
        }
        // A configured peer not dialed yet is answered, so it can pin this gateway; what it
        // sends waits until this gateway has dialed it and pinned its key.
        guard sender?.pinned ?? true else { return try await syncResponse(for: request.vector, network: network) }
        if try await isRetired(request.from) {
            // A retired gateway may only deliver its own purge certificates, and learns only
            // of erasures and retirements: the refusal of everything else shows in the status.
            let certificates = request.events.filter { $0.kind == .erasurePurged && $0.origin == request.from }
            try await receive(certificates, from: request.from, vouchedBy: sender?.id, network: network)
            await syncBook(for: network).failed(peer: request.from, reason: "gateway_retired")
            await syncBook(for: network).refused(peer: request.from, reasons: ["gateway_retired": request.events.count - certificates.count])
            return try await syncResponse(for: request.vector, kinds: [.erasureRequested, .gatewayRetired], network: network)
        }
        try await receive(request.events, from: request.from, vouchedBy: sender?.id, network: network)
        await syncBook(for: network).observe(
            peer: request.from, vector: request.vector, policyHash: request.policyHash, localPolicyHash: policy.hash,
            digest: network == .global ? request.digest : nil)
        guard network == .global else { return try await syncResponse(for: request.vector, network: network) }
        // The request's cosignatures are stored first, so the answer's evidence starts from them.
        let cosigned = await witnessPeerAudit(from: request.from, announced: request.audit)
        var response = try await syncResponse(for: request.vector, network: network, witness: request.from)
        response.auditCosignatures = cosigned.isEmpty ? nil : cosigned
        return response
    }

    /// The bounds every sync message must keep before any of it is used: a valid sender id,
    /// a bounded vector, at most `WireBounds.maximumEventsPerMessage` events (each is checked
    /// on its own when received).
    package static func validate(from: String, vector: VersionVector, events: [SyncEvent]) throws {
        guard WireBounds.isGatewayId(from), WireBounds.isValid(vector), events.count <= WireBounds.maximumEventsPerMessage else {
            throw GatewayError(
                .invalidInput, code: .invalidSyncMessage, message: "a sync message is outside the wire bounds (sender id, vector or event count)")
        }
    }

    /// What this gateway would send a peer that has seen `vector`.
    /// With `witness` (the requester, in the global exchange), the answer carries the evidence
    /// it needs to cosign this gateway's checkpoint.
    package func syncResponse(
        for vector: VersionVector, kinds: Set<EventKind>? = nil, network: ReplicaNetwork = .global, witness: String? = nil
    ) async throws
        -> SyncResponse
    {
        var events = try await database.eventsMissing(for: vector, limit: Self.syncBatchSize + 1, network: network).map(SyncEvent.init)
        if let kinds { events = events.filter { kinds.contains($0.kind) } }
        var response = SyncResponse(
            from: identity.gatewayId, vector: try await database.versionVector(network: network),
            events: Array(events.prefix(Self.syncBatchSize)), policyHash: policy.hash,
            more: events.count > Self.syncBatchSize || events.reduce(0) { $0 + ($1.payload?.count ?? 0) } >= AppDatabase.syncPayloadBudget)
        response.audit = await auditLog.syncAnnouncement(for: network == .global ? witness : nil)
        response.identities = keyDirectory()
        if network == .global { response.digest = try await digestCache.announcement(database) }
        return response
    }

    /// The request this gateway sends a peer whose vector it last saw as `peerVector`;
    /// `ownVector` stands in for this gateway's vector when a batch is still being stored.
    /// With `peer` (its gateway id, once known), the global request carries the evidence that
    /// peer needs to cosign this gateway's checkpoint, and this gateway's cosignature of its log.
    package func syncRequest(
        peerVector: VersionVector, ownVector: VersionVector? = nil, network: ReplicaNetwork = .global, peer: String? = nil
    ) async throws
        -> SyncRequest
    {
        let stored = try await database.versionVector(network: network)
        var request = SyncRequest(
            from: identity.gatewayId, vector: ownVector.map { network.restrict($0).merged(with: stored) } ?? stored,
            events: try await database.eventsMissing(for: network.restrict(peerVector), limit: Self.syncBatchSize, network: network)
                .map(SyncEvent.init),
            policyHash: policy.hash)
        request.audit = await auditLog.syncAnnouncement(for: network == .global ? peer : nil)
        request.identities = keyDirectory()
        if network == .global { request.digest = try await digestCache.announcement(database) }
        return request
    }

    /// Stores events received from a peer. Every event must be signed by its origin's pinned
    /// identity key; clocks more than five minutes ahead are refused; every payload is checked
    /// field by field and must be its canonical encoding; contributions go through this
    /// gateway's own verification scan, and rejected ones become quarantined stubs.
    /// `vouchedBy`: the gateway whose identity signature over the whole message was checked
    /// (nil in-process). Its own events are authenticated by that signature, which covers the
    /// body and so every event in it; events of every other origin are verified one by one.
    package func receive(_ events: [SyncEvent], from peer: String, vouchedBy: String? = nil, network: ReplicaNetwork = .global) async throws {
        try await receive(await check(events, vouchedBy: vouchedBy, network: network), from: peer)
    }

    /// A sync answer from a peer: its bounds, then the keys it relays (so the events it
    /// carries can be checked), then the checks of `check`.
    package func accept(
        _ response: SyncResponse, authenticatedSender: String? = nil, network: ReplicaNetwork = .global
    ) async throws
        -> CheckedBatch
    {
        try Self.validate(from: response.from, vector: response.vector, events: response.events)
        // Keys are learnt from the global network's exchange only: a peer holding only a
        // private network's key must not pin keys for the global network.
        if network == .global { try await learnKeys(response.identities, via: response.from) }
        return await check(response.events, vouchedBy: authenticatedSender == response.from ? authenticatedSender : nil, network: network)
    }

    /// The checks of `receive` that need no database (bounds, signatures, hash, decoding,
    /// this gateway's scan), so a sync client can run them for the next batch while the
    /// current one is stored.
    package func check(_ events: [SyncEvent], vouchedBy: String? = nil, network: ReplicaNetwork = .global) async -> CheckedBatch {
        CheckedBatch(
            events: events,
            checked: await Self.check(events, verifier: verifier, keys: peerKeys.withLock { $0 }, vouchedBy: vouchedBy, network: network),
            network: network)
    }

    /// Stores a checked batch: clocks first (more than five minutes ahead is refused), then
    /// one write transaction.
    package func receive(_ batch: CheckedBatch, from peer: String) async throws {
        guard !batch.events.isEmpty else { return }
        let now = UInt64(max(0, Date().timeIntervalSince1970 * 1000))
        do {
            // Only clocks of events their origin signed move this gateway's clock.
            try clock.withLock { clock throws(ClockError) in
                for received in batch.checked where received.untrusted == nil { try clock.receive(received.incoming.hlc, physicalMillis: now) }
            }
        } catch {
            throw GatewayError(
                .invalidInput, code: .clockSkew, message: "the peer's clock is more than five minutes ahead of this gateway, or out of bounds")
        }
        do {
            let report = try await database.receiveEvents(
                batch.checked, from: peer,
                onCommit: { [self] changes in self.applyToIndex(changes) })
            if !report.quarantined.isEmpty { await syncBook(for: batch.network).quarantined(peer: peer, count: report.quarantined.count) }
            if !report.refused.isEmpty { await syncBook(for: batch.network).refused(peer: peer, reasons: report.refused) }
            if batch.events.contains(where: { $0.kind == .gatewayRetired }) { try await checkRetirement() }
            if batch.events.contains(where: { $0.kind == .erasureRequested }) { try await reconcileRanker() }
        } catch let error as StorageError where error == .sequenceConflict || error == .contentHashMismatch {
            await syncBook(for: batch.network).halt(peer: peer, reason: error.code.rawValue)
            throw GatewayError(.conflict, code: error.code, message: error.message)
        }
    }

    /// Signature, hash check, payload decoding and the receiver's scan need no database, so
    /// they run before the write transaction, split over the machine's cores.
    static func check(
        _ events: [SyncEvent], verifier: PolicyGate, keys: [String: GatewayPublicKey], vouchedBy: String? = nil, network: ReplicaNetwork = .global
    ) async -> [ReceivedEvent] {
        let parts = min(max(1, ProcessInfo.processInfo.activeProcessorCount), max(1, events.count / 64))
        guard parts > 1 else { return events.map { check($0, verifier: verifier, keys: keys, vouchedBy: vouchedBy, network: network) } }
        let size = (events.count + parts - 1) / parts
        return await withTaskGroup(of: (Int, [ReceivedEvent]).self) { group in
            for part in 0..<parts {
                let slice = Array(events[min(events.count, part * size)..<min(events.count, (part + 1) * size)])
                group.addTask { (part, slice.map { check($0, verifier: verifier, keys: keys, vouchedBy: vouchedBy, network: network) }) }
            }
            var results = [[ReceivedEvent]](repeating: [], count: parts)
            for await (part, checked) in group { results[part] = checked }
            return results.flatMap { $0 }
        }
    }

    static func check(
        _ incoming: SyncEvent, verifier: PolicyGate, keys: [String: GatewayPublicKey], vouchedBy: String? = nil, network: ReplicaNetwork = .global
    ) -> ReceivedEvent {
        if let reason = untrusted(incoming, keys: keys, vouchedBy: vouchedBy, network: network) {
            return ReceivedEvent(incoming: incoming.replicated, event: nil, added: nil, findings: [], untrusted: reason)
        }
        guard let event = incoming.verifiedEvent else {
            return ReceivedEvent(incoming: incoming.replicated, event: nil, added: nil, findings: [])
        }
        let added = event.kind.carriesContribution ? try? ContributionPayloadDecoder.decode(event.payload) : nil
        return ReceivedEvent(
            incoming: incoming.replicated, event: event, added: added, findings: findings(in: event, decoded: added, verifier: verifier))
    }

    /// Finding kinds of a received event under this gateway's policy: every field of every
    /// kind validated, the payload's bytes equal to its canonical encoding, and contributions
    /// through this gateway's verification scan.
    static func findings(in event: Event, decoded: ContributionAdded?, verifier: PolicyGate) -> [String] {
        guard event.kind.carriesContribution else {
            let purposes = Set(verifier.policy.consent.purposes)
            if let finding = EventPayloadRules.finding(kind: event.kind, payload: event.payload, origin: event.id.origin, purposes: purposes) {
                return [finding]
            }
            // An attestation's reason is an officer's words: the same scan as free text.
            if event.kind == .erasureAttested, let attested = try? EventPayloadCoding.decode(ErasureAttested.self, from: event.payload) {
                return verifier.textFindings(attested.reason)
            }
            return []
        }
        guard let added = decoded,
            Hex.isLowercaseHex(added.pseudonym, length: 64), Hex.isLowercaseHex(added.contributionId, length: 64),
            Hex.isLowercaseHex(added.requestDigest, length: 64),
            added.patternId == added.record.patternKey(network: ReplicaNetwork(origin: event.id.origin).privateName).patternId,
            isWellFormed(added.record, limits: verifier.policy.limits)
        else { return ["malformed"] }
        if let finding = CanonicalContribution.finding(added, Array(event.payload)) { return [finding] }
        if verifier.unknownNames(in: added.record) { return ["unknown_name"] }
        return verifier.verificationFindings(added.record).map(\.kind)
    }

    /// The record's shape as the gate stores it: bounded counts, canonical (sorted, unique)
    /// resource types, numbers finite and in their ranges.
    static func isWellFormed(_ record: ContributionRecord, limits: Policy.RequestLimits) -> Bool {
        let numbers = [record.successRate, record.durationHours, record.costSavingsPercent] + record.steps.map(\.durationSeconds)
        return CloudProvider.targets.contains(record.targetCloud)
            && !record.resourceTypes.isEmpty && record.resourceTypes.count <= limits.maxResourceTypes
            && record.resourceTypes == Array(Set(record.resourceTypes)).sorted()
            && record.steps.count <= limits.maxSteps
            && numbers.allSatisfy(\.isFinite)
            && (0...1).contains(record.successRate) && record.durationHours >= 0 && (-100...100).contains(record.costSavingsPercent)
            && record.steps.allSatisfy { $0.durationSeconds >= 0 }
            && record.followedPatternId.map { Hex.isLowercaseHex($0, length: 32) } ?? true
    }

    /// `GET /api/v1/sync/status` (and, for a private network, its own status route): the
    /// network's vector, digest and peers. An officer's global status also lists every
    /// hosted private network's (`withPrivateNetworks`); a peer's never does.
    package func syncStatus(network: ReplicaNetwork = .global, withPrivateNetworks: Bool = false) async throws -> SyncStatus {
        let own = try await database.stateDigestWithVector(network: network)
        if network == .global { digestCache.store(DigestAnnouncement(vector: own.vector, digest: own.digest)) }
        var status = SyncStatus(
            gatewayId: identity.gatewayId, vector: own.vector, digest: own.digest,
            policyHash: policy.hash, quarantinedEvents: try await database.quarantinedCount(),
            peers: await syncBook(for: network).snapshot(
                localVector: own.vector, pins: try await database.pinnedKeyRecords(),
                own: DigestAnnouncement(vector: own.vector, digest: own.digest)),
            peerAudit: try await database.peerAuditStates(),
            auditCosigners: try await database.auditCosigners(),
            identityKey: identityKey.publicKeyHex,
            keyConflicts: try await database.keyConflicts(),
            refusedEvents: try await database.refusalSummary())
        status.network = network.privateName
        if withPrivateNetworks, network == .global {
            var networks: [SyncStatus] = []
            for name in hostedNetworks { networks.append(try await syncStatus(network: .named(name))) }
            status.privateNetworks = networks.isEmpty ? nil : networks
        }
        return status
    }
}

/// Received events with the receiver's checks done, ready to store.
package struct CheckedBatch: Sendable {
    package let events: [SyncEvent]
    let checked: [ReceivedEvent]
    /// The network of the exchange the events came in (only its events were accepted).
    package let network: ReplicaNetwork
}

/// The sync status of DESIGN.md.
package struct SyncStatus: Codable, Sendable {
    package var gatewayId: String
    package var vector: VersionVector
    package var digest: String
    package var policyHash: String
    package var quarantinedEvents: Int
    package var peers: [PeerStatus]
    /// Each peer's signed log as this gateway witnesses it: the key of its current segment, the
    /// checkpoint cosigned last, and an alert when the peer presented a contradiction (docs/audit.md#witnesses).
    package var peerAudit: [PeerAuditState] = []
    /// Per witness, the newest of this gateway's checkpoints it cosigned (issue 19, item 4).
    package var auditCosigners: [AuditCosigner] = []
    /// This gateway's identity package key (hex), as peers pin it.
    package var identityKey: String = ""
    /// Keys presented for pinned gateways and refused (a forged or replaced identity).
    package var keyConflicts: [KeyConflict] = []
    /// Events refused without being stored or counted (unsigned, forged, stubs of kinds that
    /// must keep their payload, invalid payloads), by reason and peer.
    package var refusedEvents: [RefusalSummary] = []
    /// The private network this status is of; absent for the global network.
    package var network: String? = nil
    /// Each hosted private network's status, in an officer's global status only.
    package var privateNetworks: [SyncStatus]? = nil
}

package struct PeerStatus: Codable, Sendable, Hashable {
    package var peer: String
    package var lastSuccessfulSync: String?
    package var lastError: String?
    /// Events this gateway holds that the peer had not seen at the last exchange.
    package var eventsBehind: Int
    package var policyMismatch: Bool
    package var quarantinedEvents: Int
    /// `sequence_conflict` or `content_hash_mismatch` when sync with this peer is halted.
    package var halted: String?
    /// Events from this peer refused in this process's lifetime, by reason.
    package var refused: [String: Int] = [:]
    /// Whether the peer's last announced digest equals this gateway's, at equal vectors;
    /// absent until both have announced one at the same vector (traffic in flight).
    package var digestAgrees: Bool?
    /// The peer's pinned identity key (hex), how it was learnt and when.
    package var pinnedKey: String?
    package var pinSource: String?
    package var pinnedAt: String?
}

/// Per-peer sync bookkeeping: shared mutable state, so an actor.
package actor SyncBook {
    private var peers: [String: Entry] = [:]

    struct Entry {
        var vector = VersionVector()
        var lastSuccess: Date?
        var lastError: String?
        var policyMismatch = false
        var quarantined = 0
        var halted: String?
        var refused: [String: Int] = [:]
        /// The peer's last well-formed digest announcement.
        var announced: DigestAnnouncement?
    }

    package init() {}

    package func observe(
        peer: String, vector: VersionVector, policyHash: String, localPolicyHash: String, digest: DigestAnnouncement? = nil
    ) {
        var entry = peers[peer] ?? Entry()
        entry.vector = entry.vector.merged(with: vector)
        entry.lastSuccess = Date()
        entry.lastError = nil
        entry.policyMismatch = policyHash != localPolicyHash
        if let digest, digest.isWellFormed { entry.announced = digest }
        peers[peer] = entry
    }

    /// Drops an entry kept under a peer's URL once its gateway id is known.
    package func forget(peer: String) {
        peers[peer] = nil
    }

    package func failed(peer: String, reason: String) {
        peers[peer, default: Entry()].lastError = reason
    }

    func quarantined(peer: String, count: Int) {
        peers[peer, default: Entry()].quarantined += count
    }

    func refused(peer: String, reasons: [String: Int]) {
        let reasons = reasons.filter { $0.value > 0 }
        peers[peer, default: Entry()].refused.merge(reasons, uniquingKeysWith: +)
    }

    func halt(peer: String, reason: String) {
        peers[peer, default: Entry()].halted = reason
    }

    package func isHalted(_ peer: String) -> Bool { peers[peer]?.halted != nil }

    package func vector(of peer: String) -> VersionVector { peers[peer]?.vector ?? VersionVector() }

    /// The last vector seen from every peer, by gateway id (or URL before it answered).
    package func vectors() -> [String: VersionVector] { peers.mapValues(\.vector) }

    func snapshot(localVector: VersionVector, pins: [String: PinnedKey], own: DigestAnnouncement? = nil) -> [PeerStatus] {
        peers.keys.sorted().map { name in
            let entry = peers[name]!
            let behind = localVector.entries.reduce(0) { $0 + Int($1.value > entry.vector[$1.key] ? $1.value - entry.vector[$1.key] : 0) }
            let pin = pins[name]
            var agrees: Bool?
            if let announced = entry.announced, let own, announced.vector == own.vector { agrees = announced.digest == own.digest }
            return PeerStatus(
                peer: name, lastSuccessfulSync: entry.lastSuccess.map(Timestamps.iso8601), lastError: entry.lastError,
                eventsBehind: behind, policyMismatch: entry.policyMismatch, quarantinedEvents: entry.quarantined, halted: entry.halted,
                refused: entry.refused, digestAgrees: agrees, pinnedKey: pin?.publicKey, pinSource: pin?.source, pinnedAt: pin?.pinnedAt)
        }
    }
}
