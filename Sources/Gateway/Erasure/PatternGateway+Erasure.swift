import AuditLog
import CoreMetrics
import Crypto
import ErrorCodes
package import Foundation
import PatternCore
import Privacy
import Replication
package import Storage
import Synchronization

extension PatternGateway {
    /// Most contribution ids one erasure request may name.
    package static let maximumErasureIds = 10_000

    /// `POST /api/v1/erasure`. A deployment erasure always makes a tombstone, even when this
    /// gateway holds nothing of the deployment yet; contribution ids unknown here get
    /// tombstones flagged `notSeenHere`. Only malformed input is refused, and then nothing changes.
    package func requestErasure(_ principal: Principal, body: ErasureRequestBody) async throws -> ErasureReceipt {
        try principal.require(.deployment, .officer, to: "request an erasure")
        let ids = body.contributionIds ?? []
        if body.deploymentId != nil && body.contributionIds != nil {
            throw GatewayError.invalidField("contributionIds", "cannot be combined with deploymentId; send two requests")
        }
        guard ids.count <= Self.maximumErasureIds else {
            throw GatewayError.invalidField("contributionIds", "may name at most \(Self.maximumErasureIds) contributions")
        }
        for (index, id) in ids.enumerated() where !Hex.isLowercaseHex(id, length: 64) {
            throw GatewayError.invalidField("contributionIds[\(index)]", "must be a contribution id (64 lowercase hex digits)")
        }
        var subject: String?
        // Where the request acts: contribution ids are erased in the network that holds them.
        var scope = globalScope
        if let deploymentId = body.deploymentId {
            guard !deploymentId.isEmpty, deploymentId.utf8.count <= 256 else {
                throw GatewayError.invalidField("deploymentId", "must be 1–256 bytes")
            }
            subject = keyRing.pseudonym(deploymentId: deploymentId)
            if principal.role == .deployment, subject != principal.pseudonym {
                throw GatewayError.forbidden("erase another deployment")
            }
        } else if principal.role == .deployment {
            subject = principal.pseudonym
        }
        if body.contributionIds != nil && ids.isEmpty { throw GatewayError.invalidField("contributionIds", "must name at least one contribution") }
        guard subject != nil || !ids.isEmpty else {
            throw GatewayError.invalidField("deploymentId", "or contributionIds is required for an officer")
        }
        if body.network != nil, ids.isEmpty { throw GatewayError.invalidField("network", "goes with contributionIds only") }
        if !ids.isEmpty {
            // The network named, else the one holding the ids here (ids held nowhere here: global).
            let named = try body.network.map { name throws(GatewayError) in try Self.requestedNetwork(name) }
            var networks = Set<ReplicaNetwork>()
            for id in ids {
                if let origin = try await database.contributionOrigin(id) { networks.insert(ReplicaNetwork(origin: origin)) }
            }
            if networks.isEmpty { networks.insert(named ?? .global) }
            guard networks.count == 1, let network = networks.first, named == nil || named == network else {
                throw GatewayError.invalidField("contributionIds", "must all belong to one network (the one named); send one request per network")
            }
            // A private contribution is erased by an officer, or by a token of its organization.
            if network != .global {
                guard let hosted = self.scope(of: network),
                    rightsNetworks(for: principal).contains(network.privateName ?? "")
                else { throw GatewayError.unknownNetwork }
                scope = hosted
            }
        }
        if principal.role == .deployment, !ids.isEmpty, let own = principal.pseudonym.map(scope.pseudonym(global:)) {
            for id in ids {
                if let owner = try await database.contributionOwner(id), owner.pseudonym != own {
                    throw GatewayError.forbidden("erase another deployment's contribution")
                }
            }
        }
        let requestedAt = Date()
        guard let subject, ids.isEmpty else {
            var receipt = Self.receipt(
                try await makeTombstones(
                    pseudonym: subject.map(scope.pseudonym(global:)), contributionIds: ids, requestedAt: requestedAt, reason: "request",
                    principal: principal, scope: scope))
            receipt.network = scope.privateName
            return receipt
        }
        var receipt = try await erase(deployment: subject, in: globalScope, requestedAt: requestedAt, principal: principal)
        // A whole deployment is erased in every private network this gateway hosts (an
        // officer) or in its organization's (the deployment itself), each with its own request.
        let privateScopes = rightsNetworks(for: principal).compactMap { self.scope(of: .named($0)) }
        var networkReceipts: [NetworkErasureReceipt] = []
        for privateScope in privateScopes {
            let made = try await erase(deployment: subject, in: privateScope, requestedAt: requestedAt, principal: principal)
            networkReceipts.append(
                NetworkErasureReceipt(
                    network: privateScope.network.name, requestId: made.requestId, contributionsCovered: made.contributionsCovered,
                    duplicate: made.duplicate))
        }
        receipt.privateNetworks = networkReceipts.isEmpty ? nil : networkReceipts
        // Networks of the deployment's tokens this gateway does not host, and (for an officer)
        // hosted networks that never vouched for the officer's token.
        var unreachable = Set(try await database.organizations(pseudonym: subject).filter { privateKeyRings[$0] == nil })
        if principal.role == .officer { unreachable.formUnion(hostedNetworks.filter { !principal.networks.contains($0) }) }
        receipt.unreachableNetworks = unreachable.isEmpty ? nil : unreachable.sorted()
        return receipt
    }

    /// A whole deployment's erasure in one network (its pseudonym there): the open request
    /// that already covers it, or a new one.
    private func erase(
        deployment global: String, in scope: NetworkScope, requestedAt: Date, principal: Principal
    ) async throws
        -> ErasureReceipt
    {
        let pseudonym = scope.pseudonym(global: global)
        if let open = try await openErasure(of: pseudonym) { return open }
        return Self.receipt(
            try await makeTombstones(
                pseudonym: pseudonym, contributionIds: [], requestedAt: requestedAt, reason: "request", principal: principal, scope: scope))
    }

    /// The open erasure of a whole deployment (not yet purged by every gateway) that covers
    /// everything the deployment holds here, as a duplicate receipt; nil when there is none,
    /// or when the deployment has contributed again since (a renewed consent), which needs a
    /// new tombstone.
    func openErasure(of pseudonym: String) async throws -> ErasureReceipt? {
        let stored = try await database.tombstones(pseudonym: pseudonym).filter {
            $0.tombstone.pseudonym == pseudonym && $0.tombstone.contributionId == nil
        }
        guard let newest = stored.last, try await database.liveContributionCount(pseudonym: pseudonym) == 0 else { return nil }
        let officer = systemOfficer
        guard try await !erasureStatus(officer, requestId: newest.tombstone.requestId).complete else { return nil }
        var receipt = Self.receipt([MadeTombstone(event: newest.event, tombstone: newest.tombstone, covered: 0, notSeenHere: false)])
        receipt.duplicate = true
        return receipt
    }

    /// Tombstones for one request: one for a deployment, or one per contribution id.
    func makeTombstones(
        pseudonym: String?, contributionIds: [String], requestedAt: Date, reason: String, principal: Principal, scope: NetworkScope
    ) async throws -> [MadeTombstone] {
        let tombstones = Self.tombstones(
            pseudonym: pseudonym, contributionIds: contributionIds, requestedAt: requestedAt, reason: reason, graceDays: policy.erasure.graceDays)
        // Erasing a whole deployment on request ends its consent (a revoke already did).
        let endingConsent = pseudonym.flatMap { pseudonym -> ConsentChanged? in
            guard contributionIds.isEmpty, reason == "request" else { return nil }
            return ConsentChanged(
                pseudonym: pseudonym, granted: false, purposes: policy.consent.purposes.sorted(), policyVersion: policy.version,
                actor: "erasure", at: Timestamps.iso8601(requestedAt))
        }
        let made = try await database.recordErasure(
            tombstones, endingConsent: endingConsent, origin: scope.origin, actor: auditActor(principal, in: scope),
            stamp: { [self] in self.tick() },
            onCommit: { [self] changes in
                self.applyToIndex(changes)
                self.localCommits.withLock { $0 &+= 1 }
            })
        try await reconcileRanker()
        return made
    }

    static func tombstones(
        pseudonym: String?, contributionIds: [String], requestedAt: Date, reason: String, graceDays: Int
    ) -> [ErasureTombstone] {
        let requestId = "er_" + Hex.encode((0..<16).map { _ in UInt8.random(in: 0...255) })
        let due = ErasureDeadlines.purgeDueAt(requestedAt: requestedAt, graceDays: graceDays)
        let deadline = ErasureDeadlines.legalDeadline(requestedAt: requestedAt)
        func tombstone(_ contributionId: String?) -> ErasureTombstone {
            ErasureTombstone(
                requestId: requestId, pseudonym: pseudonym, contributionId: contributionId,
                requestedAt: Timestamps.iso8601(requestedAt), purgeDueAt: Timestamps.iso8601(due),
                legalDeadline: Timestamps.iso8601(deadline), reason: reason)
        }
        return contributionIds.isEmpty ? [tombstone(nil)] : Array(Set(contributionIds)).sorted().map(tombstone)
    }

    static func receipt(_ made: [MadeTombstone]) -> ErasureReceipt {
        let first = made[0].tombstone
        return ErasureReceipt(
            requestId: first.requestId, requestedAt: first.requestedAt, purgeDueAt: first.purgeDueAt, legalDeadline: first.legalDeadline,
            reason: first.reason, contributionsCovered: made.reduce(0) { $0 + $1.covered },
            tombstones: made.map {
                TombstoneReceipt(event: $0.event.description, contributionId: $0.tombstone.contributionId, notSeenHere: $0.notSeenHere)
            })
    }

    static func auditActor(_ principal: Principal) -> AuditActor {
        AuditActor(role: principal.role.rawValue, id: principal.pseudonym ?? principal.tokenId)
    }

    /// The actor of an action in `scope`: a deployment by its pseudonym there, so the log
    /// never links a deployment's pseudonyms of two networks.
    func auditActor(_ principal: Principal, in scope: NetworkScope) -> AuditActor {
        AuditActor(role: principal.role.rawValue, id: principal.pseudonym.map(scope.pseudonym(global:)) ?? principal.tokenId)
    }

    // MARK: - Status

    /// `GET /api/v1/erasure/{id}`: per gateway of the network (known origins and peers, less
    /// retired ones), whether it holds the tombstones, has purged, or is overdue.
    package func erasureStatus(_ principal: Principal, requestId: String, now: Date = Date()) async throws -> ErasureStatus {
        try principal.require(.deployment, .officer, to: "read an erasure's status")
        guard ErasureRules.isRequestId(requestId) else {
            throw GatewayError.invalidField("id", "must be an erasure request id (er_ and 32 hex digits)")
        }
        let tombstones = try await database.tombstones(requestId: requestId)
        guard let first = tombstones.first?.tombstone else {
            throw GatewayError(.notFound, code: .erasureNotFound, message: "no erasure request with this id is known to this gateway")
        }
        // A request lives in the network of its tombstones; its gateways are that network's
        // origins (`<gateway>@<network>` in a private one), shown by gateway id.
        let requestNetwork = ReplicaNetwork(origin: tombstones[0].event.origin)
        // A private network's request is read only by those it vouched for.
        if let name = requestNetwork.privateName, !rightsNetworks(for: principal).contains(name) {
            throw GatewayError(.notFound, code: .erasureNotFound, message: "no erasure request with this id is known to this gateway")
        }
        if principal.role == .deployment {
            // The deployment's pseudonym in the request's network.
            let mine = principal.pseudonym.flatMap { global in scope(of: requestNetwork).map { $0.pseudonym(global: global) } }
            let owners = try await tombstones.asyncMap { stored -> String? in
                if let pseudonym = stored.tombstone.pseudonym { return pseudonym }
                return try await self.database.contributionOwner(stored.tombstone.contributionId ?? "")?.pseudonym
            }
            guard mine != nil, owners.allSatisfy({ $0 == mine }) else { throw GatewayError.forbidden("read another deployment's erasure") }
        }
        let own = requestNetwork.origin(gateway: identity.gatewayId)
        let network = try await database.erasureNetwork(requestId: requestId, tombstones: tombstones.map(\.event))
        // Peers' vectors in the request's network, by their origin there.
        var peerVectors: [String: VersionVector] = [:]
        for (peer, vector) in await syncBook(for: requestNetwork).vectors() where GatewayIdentity.isValidId(peer) {
            peerVectors[requestNetwork.origin(gateway: peer)] = vector
        }
        let due = ErasureRules.date(first.purgeDueAt) ?? now
        var gateways: [GatewayErasureState] = []
        var everyOrigin = Set(network.gateways).union(peerVectors.keys).union([own])
        if requestNetwork == .global { everyOrigin.formUnion(network.retired.keys) }
        for origin in everyOrigin.sorted() {
            let gateway = ReplicaNetwork.gateway(ofOrigin: origin)
            let purgedAt = network.purged[origin]
            let seen =
                network.received.contains(origin)
                || tombstones.allSatisfy { peerVectors[origin]?.contains($0.event) == true }
            let received = origin == own || purgedAt != nil || seen
            var state = GatewayErasureState(
                gateway: gateway, received: received, purged: purgedAt != nil, purgedAt: purgedAt, overdue: purgedAt == nil && now > due)
            state.modelsDeleted = origin == own ? network.localModelsDeleted : network.modelsDeleted[origin]
            if let retiredAt = network.retired[gateway] {
                // Retirement never completes an erasure by itself: the retired gateway's data
                // dir may still hold the payloads. Only its own purge or an officer's
                // attestation that the data dir was destroyed does.
                state.retiredAt = retiredAt
                state.attestation = purgedAt == nil ? network.attested[gateway] : nil
                state.retiredUnpurged = purgedAt == nil && state.attestation == nil
                state.overdue = state.overdue && state.attestation == nil
            }
            gateways.append(state)
        }
        var status = ErasureStatus(
            requestId: requestId, requestedAt: first.requestedAt, purgeDueAt: first.purgeDueAt, legalDeadline: first.legalDeadline,
            reason: first.reason, tombstones: tombstones.count, gateways: gateways,
            complete: gateways.allSatisfy { $0.purged || $0.attestation != nil })
        status.network = requestNetwork.privateName
        return status
    }

    /// Most requests one listing call reads, whatever the filter keeps: bounded work per call.
    package static let erasureListScanLimit = 1_000

    /// `GET /api/v1/erasure` (officer): requests known here, oldest first, filtered by state
    /// (`open`: not purged by every gateway; `complete`; `overdue`: some gateway past due).
    package func listErasures(_ principal: Principal, state: String?, limit: String?, cursor: String?) async throws -> ErasureListResponse {
        try principal.require(.officer, to: "list erasure requests")
        guard state == nil || ["open", "complete", "overdue"].contains(state!) else {
            throw GatewayError.invalidField("state", "must be open, complete or overdue")
        }
        let count =
            try limit.map { text in
                guard let value = Int(text), (1...200).contains(value) else { throw GatewayError.invalidField("limit", "must be 1…200") }
                return value
            } ?? 50
        let after = try cursor.map { text in
            guard let data = Data(base64Encoded: text), let plain = String(data: data, encoding: .utf8),
                let bar = plain.firstIndex(of: "|"), EventPayloadRules.isTimestamp(String(plain[..<bar])),
                ErasureRules.isRequestId(String(plain[plain.index(after: bar)...]))
            else { throw GatewayError.invalidField("cursor", "must be a nextCursor from an earlier answer") }
            return (requestedAt: String(plain[..<bar]), requestId: String(plain[plain.index(after: bar)...]))
        }
        var position = after
        var requests: [ErasureStatus] = []
        var scanned = 0
        while requests.count < count, scanned < Self.erasureListScanLimit {
            let page = try await database.erasureRequestPage(after: position, limit: min(100, Self.erasureListScanLimit - scanned))
            if page.isEmpty { return ErasureListResponse(requests: requests, nextCursor: nil) }
            for entry in page {
                scanned += 1
                position = entry
                // A private network's request the officer's token is not vouched for is skipped.
                let status: ErasureStatus
                do {
                    status = try await erasureStatus(principal, requestId: entry.requestId)
                } catch let error as GatewayError where error.code == .erasureNotFound {
                    continue
                }
                let keep =
                    switch state {
                    case "open": !status.complete
                    case "complete": status.complete
                    case "overdue": status.gateways.contains(where: \.overdue)
                    default: true
                    }
                if keep { requests.append(status) }
                if requests.count == count { break }
            }
        }
        let more = try await !database.erasureRequestPage(after: position, limit: 1).isEmpty
        let next = position.map { Data("\($0.requestedAt)|\($0.requestId)".utf8).base64EncodedString() }
        return ErasureListResponse(requests: requests, nextCursor: more ? next : nil)
    }

    /// Erasure requests past due that some gateway of the network has not purged; sets the
    /// `patterngate_erasures_overdue` gauge.
    @discardableResult
    package func refreshOverdueErasures(now: Date = Date()) async throws -> Int {
        let officer = systemOfficer
        var overdue = 0
        for requestId in try await database.erasureRequests(dueBefore: now) {
            let status = try await erasureStatus(officer, requestId: requestId, now: now)
            if status.gateways.contains(where: \.overdue) { overdue += 1 }
        }
        metrics.erasuresOverdue.record(overdue)
        return overdue
    }

    // MARK: - Purge

    /// Events purged per transaction: each chunk holds the write lock for a few milliseconds.
    package static let purgeChunkSize = 500

    /// Purges the payloads of every erasure whose `purgeDueAt` has passed `asOf`, in chunks,
    /// then records `erasure.purged` per request, truncates the WAL and returns free pages.
    /// A purge killed half-way resumes on the next run: every step reads what is left.
    ///
    /// `retireAuditSegmentsAsOf` also retires the audit segments past `audit.retentionYears` as of
    /// that time: only the purge service (with the gateway's own clock) and the offline
    /// `purge --data-dir` pass it, never an HTTP request, whose `asOf` any officer token chooses.
    package func purge(
        asOf: Date = Date(), dryRun: Bool = false, actor: AuditActor = .system, retireAuditSegmentsAsOf: Date? = nil,
        progress: (@Sendable (Int) -> Void)? = nil
    ) async throws -> PurgeReport {
        let candidates = try await database.purgeCandidates(asOf: asOf)
        let total = candidates.reduce(0) { $0 + $1.events }
        guard !dryRun else {
            return PurgeReport(asOf: Timestamps.iso8601(asOf), dryRun: true, requests: candidates, events: total, checkpoint: "not run", freePages: 0)
        }
        var purged = 0
        for candidate in candidates {
            while true {
                let removed = try await database.purgeChunk(requestId: candidate.requestId, limit: Self.purgeChunkSize)
                purged += removed
                progress?(purged)
                if removed < Self.purgeChunkSize { break }
            }
        }
        // Versions a rectification replaced, once their purge date has passed.
        var versions = 0
        while true {
            let removed = try await database.purgeSupersededChunk(asOf: asOf, graceDays: policy.erasure.graceDays, limit: Self.purgeChunkSize)
            versions += removed
            if removed == 0 { break }
        }
        // Requests whose payloads are all gone (now or by an earlier, interrupted run).
        for (requestId, origin) in try await database.purgedRequestsNotRecorded(gateway: identity.gatewayId, asOf: asOf) {
            if try await database.recordPurged(requestId: requestId, origin: origin, actor: actor, stamp: { [self] in self.tick() }) {
                localCommits.withLock { $0 &+= 1 }
            }
        }
        var retired: [String] = []
        if let retireAuditSegmentsAsOf {
            retired = try await database.retireAuditSegments(
                asOf: retireAuditSegmentsAsOf, retentionYears: policy.audit.retentionYears, actor: actor
            ).map(\.name)
        }
        var freePages = 0
        var clean = false
        if purged > 0 || versions > 0 || !candidates.isEmpty || !retired.isEmpty {
            for _ in 0..<1_000 {
                freePages = try await database.incrementalVacuum(pages: 256)
                if freePages == 0 { break }
            }
        }
        for attempt in 0..<20 {
            if try await database.checkpointTruncate() { clean = true; break }
            try await Task.sleep(for: .milliseconds(50 * (attempt + 1)))
        }
        try await refreshOverdueErasures()
        return PurgeReport(
            asOf: Timestamps.iso8601(asOf), dryRun: false, requests: candidates, events: purged, checkpoint: clean ? "clean" : "pending",
            freePages: freePages, supersededVersions: versions, auditSegmentsRetired: retired)
    }

    /// `POST /api/v1/admin/purge`.
    package func purge(_ principal: Principal, body: PurgeRequestBody) async throws -> PurgeReport {
        try principal.require(.officer, to: "purge erased data")
        var asOf = Date()
        if let text = body.asOf {
            guard let date = ErasureRules.date(text) ?? Self.day(text) else {
                throw GatewayError.invalidField("asOf", "must be an ISO 8601 date or time (e.g. 2026-03-01 or 2026-03-01T00:00:00Z)")
            }
            asOf = date
        }
        return try await purge(asOf: asOf, dryRun: body.dryRun ?? false, actor: Self.auditActor(principal))
    }

    static func day(_ text: String) -> Date? {
        try? Date(text + "T00:00:00Z", strategy: Date.ISO8601FormatStyle())
    }

    // MARK: - Retirement

    /// `POST /api/v1/admin/gateways/retire`: a decommissioned gateway leaves the set of
    /// gateways that sync, but not the erasures it has not purged (they stay incomplete,
    /// shown as `retiredUnpurged`, until its own purge or an attestation). Only a gateway
    /// this one knows (it holds its events or has synced with it) can be retired (404
    /// `unknown_gateway`); retiring one twice answers the first retirement.
    package func retireGateway(_ principal: Principal, body: RetireGatewayBody) async throws -> RetireGatewayResponse {
        try principal.require(.officer, to: "retire a gateway")
        guard let gateway = body.gatewayId, GatewayIdentity.isValidId(gateway) else {
            throw GatewayError.invalidField("gatewayId", "must be a gateway id (1–64 of a-z, 0-9, '-', '_')")
        }
        guard gateway != identity.gatewayId else { throw GatewayError.invalidField("gatewayId", "cannot be this gateway") }
        if let earlier = try await database.retirement(of: gateway) {
            return RetireGatewayResponse(gatewayId: gateway, event: earlier.event.description, retiredAt: earlier.retiredAt, duplicate: true)
        }
        let known = Set(try await database.knownOrigins()).union(await syncBook.vectors().keys).union(try await database.pinnedKeys().keys)
        guard known.contains(gateway) else {
            throw GatewayError(.notFound, code: .unknownGateway, message: "no gateway with this id is known to this gateway")
        }
        let retired = GatewayRetired(gateway: gateway, retiredAt: Timestamps.iso8601(Date()))
        let event = try await database.recordRetirement(
            retired, origin: identity.gatewayId, actor: Self.auditActor(principal), stamp: { [self] in self.tick() })
        localCommits.withLock { $0 &+= 1 }
        return RetireGatewayResponse(gatewayId: gateway, event: event.description, retiredAt: retired.retiredAt, duplicate: false)
    }

    /// `POST /api/v1/erasure/{id}/attestations` (`erasure attest-destroyed`): an officer states
    /// that a retired gateway's data dir was destroyed. It completes the request for that
    /// gateway, shown as an attestation, never as a purge; the reason passes this gateway's
    /// verification scan (its words replicate), and is not written to the audit log.
    package func attestDestroyed(_ principal: Principal, requestId: String, body: AttestationBody) async throws -> ErasureStatus {
        try principal.require(.officer, to: "attest that a gateway's data was destroyed")
        guard ErasureRules.isRequestId(requestId) else {
            throw GatewayError.invalidField("id", "must be an erasure request id (er_ and 32 hex digits)")
        }
        guard let gateway = body.gatewayId, GatewayIdentity.isValidId(gateway) else {
            throw GatewayError.invalidField("gatewayId", "must be a gateway id (1–64 of a-z, 0-9, '-', '_')")
        }
        guard let reason = body.reason, !reason.isEmpty, reason.unicodeScalars.count <= ErasureAttested.maximumReasonLength,
            !reason.unicodeScalars.contains(where: { $0.properties.generalCategory == .control })
        else { throw GatewayError.invalidField("reason", "is required: 1–\(ErasureAttested.maximumReasonLength) characters, no control characters") }
        guard try await !database.tombstones(requestId: requestId).isEmpty else {
            throw GatewayError(.notFound, code: .erasureNotFound, message: "no erasure request with this id is known to this gateway")
        }
        guard try await database.retirement(of: gateway) != nil else {
            throw GatewayError(
                .conflict, code: .gatewayNotRetired,
                message: "only a retired gateway's data can be attested destroyed; a running gateway completes an erasure by its own purge")
        }
        let findings = verifier.textFindings(reason)
        guard findings.isEmpty else { throw GatewayError.personalDataDetected(findings.map { GateFinding(kind: $0, field: "reason") }) }
        let attested = ErasureAttested(requestId: requestId, gateway: gateway, attestedAt: Timestamps.iso8601(Date()), reason: reason)
        _ = try await database.recordAttestation(
            attested, origin: identity.gatewayId, actor: Self.auditActor(principal), stamp: { [self] in self.tick() })
        localCommits.withLock { $0 &+= 1 }
        return try await erasureStatus(principal, requestId: requestId)
    }
}

extension Sequence {
    func asyncMap<T>(_ transform: (Element) async throws -> T) async rethrows -> [T] {
        var results: [T] = []
        for element in self { results.append(try await transform(element)) }
        return results
    }
}
