import ErrorCodes
package import Foundation
import JSONCoding
package import Logging
package import Metrics
import NIOPosix
import PatternCore
package import Privacy
import Ranking
package import Replication
package import Storage
import Synchronization

/// The gatekeeper: every request passes authorization, consent, validation and the privacy
/// gate here before anything is stored, and the matcher is kept in step with each commit.
package final class PatternGateway: Sendable {
    package let configuration: GatewayConfiguration
    package let database: AppDatabase
    package let keyRing: KeyRing
    /// The key rings of the private networks this gateway hosts (issue 18), by name.
    package let privateKeyRings: [String: KeyRing]
    package let identity: GatewayIdentity
    package let tokens: TokenAuthority
    package let gate: any ContributionGate
    package let policy: Policy
    /// The signed audit log's key and checkpoints (see `GatewayAuditLog`).
    package let auditLog: GatewayAuditLog

    private let validator: ContributionValidator
    /// The policy's verification scan, for rescans (whatever gate admits contributions).
    let verifier: PolicyGate
    let index: ReadWriteLocked<PatternIndex>
    /// Search-answer JSON per pattern revision (`PatternJSONCache`).
    let patternJSON = PatternJSONCache()
    /// Open pattern watches and the recent changes they resume from (`WatchHub`).
    package let watchHub: WatchHub
    let clock: Mutex<HybridLogicalClock>
    /// Per-peer sync state in the global network.
    package let syncBook = SyncBook()
    /// This gateway's announced global digest (`DigestCache`).
    let digestCache = DigestCache()
    /// Per-peer sync state in each hosted private network: a peer has a vector per network.
    let privateSyncBooks: [String: SyncBook]
    /// This gateway's Ed25519 identity key: signs its events and sync messages.
    package let identityKey: GatewaySigningKey
    /// Pinned identity keys of every gateway known here (this one included), parsed once.
    let peerKeys: Mutex<[String: GatewayPublicKey]>
    /// True once this gateway knows an officer retired it (see `PatternGateway+Retirement`).
    let retiredHere = Mutex(false)
    /// Counts local commits, so the sync service can push new events at once.
    let localCommits = Mutex<UInt64>(0)
    package var localCommitCount: UInt64 { localCommits.withLock { $0 } }
    let metrics: GatewayMetrics
    let logger: Logger
    /// The learned-ranking model search uses, if any (docs/ranking.md).
    let rankerState = ReadWriteLocked<ActiveRanker?>(nil)
    /// Each hosted private network's served model (issue 18), trained on that network only.
    let privateRankerStates: [String: ReadWriteLocked<ActiveRanker?>]
    /// Model deletions seen so far (`reconcileRanker` truncates the WAL when this grows).
    let rankerDeletionsSeen = Mutex(0)
    /// Whether a training run is in progress (one at a time).
    let rankerTraining = Mutex(false)
    /// The published network figures (`PatternGateway+NetworkFigures`).
    let networkFiguresCache: NetworkFiguresCache
    /// Each hosted private network's published figures, kept apart from the global ones.
    let privateFiguresCaches: [String: NetworkFiguresCache]

    /// The consent purpose a contribution needs.
    package static let contributePurpose = "contribute"

    private init(
        configuration: GatewayConfiguration, opened: DataDirectory.Opened, auditLog: GatewayAuditLog, gate: any ContributionGate,
        index: PatternIndex, clock: HLCTimestamp, metricsFactory: any MetricsFactory, logger: Logger
    ) {
        self.auditLog = auditLog
        self.configuration = configuration
        self.policy = configuration.policy
        self.database = opened.database
        self.keyRing = opened.keyRing
        self.privateKeyRings = opened.privateNetworks
        self.privateSyncBooks = opened.privateNetworks.mapValues { _ in SyncBook() }
        self.privateRankerStates = opened.privateNetworks.mapValues { _ in ReadWriteLocked<ActiveRanker?>(nil) }
        self.identity = opened.identity
        self.identityKey = opened.identityKey
        self.peerKeys = Mutex([:])
        self.tokens = TokenAuthority(database: opened.database, cacheLifetime: configuration.tokenCacheLifetime)
        self.gate = gate
        self.validator = ContributionValidator(policy: configuration.policy)
        self.verifier = PolicyGate(policy: configuration.policy)
        self.index = ReadWriteLocked(index)
        self.watchHub = WatchHub(settings: configuration.policy.watch, minContributors: configuration.policy.patterns.minContributors)
        self.clock = Mutex(HybridLogicalClock(last: clock))
        self.metrics = GatewayMetrics(factory: metricsFactory)
        self.logger = logger
        self.networkFiguresCache = NetworkFiguresCache(
            clock: configuration.networkFiguresClock, interval: .seconds(configuration.policy.stats.recomputeSeconds))
        self.privateFiguresCaches = opened.privateNetworks.mapValues { _ in
            NetworkFiguresCache(clock: configuration.networkFiguresClock, interval: .seconds(configuration.policy.stats.recomputeSeconds))
        }
    }

    /// Opens the data dir, rebuilds the matcher from the stored live contributions and records
    /// the start (with the policy's hash) in the audit log.
    package static func start(
        configuration: GatewayConfiguration,
        gate: (any ContributionGate)? = nil,
        metricsFactory: any MetricsFactory = NOOPMetricsHandler.instance,
        logger: Logger = Logger(label: "patterngate")
    ) async throws -> PatternGateway {
        var opened = try await configuration.dataDirectory.open(
            networkKeyFile: configuration.networkKeyFile, gatewayId: configuration.gatewayId)
        opened.privateNetworks = try await DataDirectory.openPrivateNetworks(configuration.privateNetworks, database: opened.database)
        let live = try await opened.database.liveContributions()
        let auditLog = try await GatewayAuditLog.open(
            directory: configuration.dataDirectory, database: opened.database, gatewayId: opened.identity.gatewayId, logger: logger)
        let gateway = PatternGateway(
            configuration: configuration, opened: opened, auditLog: auditLog, gate: gate ?? PolicyGate(policy: configuration.policy),
            index: PatternIndex(live),
            clock: try await opened.database.latestClock(), metricsFactory: metricsFactory, logger: logger)
        try await opened.database.appendAudit(
            AuditRecord(
                actor: .system, action: "gateway.started",
                details: [
                    "gateway": .text(opened.identity.gatewayId), "policyHash": .text(configuration.policy.hash),
                    "policyVersion": .text(configuration.policy.version), "liveContributions": .count(live.count),
                ]))
        try await auditLog.recordPolicyLoaded(configuration.policy)
        try await gateway.preparePeerTrust()
        try await gateway.checkRetirement()
        try await gateway.loadActiveRanker()
        gateway.rankerDeletionsSeen.withLock { $0 = 0 }
        if opened.tightenedModes > 0 {
            logger.notice("tightened data dir permissions (dir 0700, files 0600)", metadata: ["changed": "\(opened.tightenedModes)"])
        }
        logger.info("gateway started", metadata: ["gateway": "\(opened.identity.gatewayId)", "live": "\(live.count)"])
        return gateway
    }

    /// Records a clean stop in the audit log and signs a final checkpoint.
    package func stop() async {
        do {
            try await database.appendAudit(AuditRecord(actor: .system, action: "gateway.stopped", details: ["gateway": .text(identity.gatewayId)]))
            try await auditLog.checkpoint()
        } catch {
            logger.error("could not record the stop in the audit log", metadata: ["error": "\(type(of: error))"])
        }
    }

    /// A retired gateway serves no client: every bearer-token route answers 410.
    package func authenticate(authorization: String?) async throws -> Principal {
        guard !isRetired else { throw GatewayError.gatewayRetired }
        return try await tokens.authenticate(authorization: authorization)
    }

    // MARK: - Contributions

    /// One contribution. Returns the response and whether it was newly stored (false for a retry).
    /// With `network`, the contribution goes to that private network only (issue 18).
    package func contribute(_ principal: Principal, request: ContributePatternRequest) async throws -> ContributePatternResponse {
        let global = try principal.deploymentPseudonym(to: "contribute")
        let scope = try scope(for: principal, network: request.network)
        let pseudonym = scope.pseudonym(global: global)
        try await requireConsent(pseudonym)
        let pending: PendingContribution
        do {
            pending = try await admitOffLoop(request, pseudonym: pseudonym, scope: scope, principal: principal)
        } catch {
            metrics.rejected(code: error.code)
            try await auditRejection(error, principal: principal)
            throw error
        }
        let outcome = try await store([pending], principal: principal, scope: scope)[0]
        return try respond(to: outcome, pending: pending)
    }

    /// A batch: each item is validated, gated and answered on its own; all admitted items
    /// are stored in one transaction and acknowledged after it commits.
    /// Each item may name its own `network`; items are stored per network, each network's in
    /// one transaction.
    package func contributeBatch(_ principal: Principal, body: Data) async throws -> BatchContributeResponse {
        let global = try principal.deploymentPseudonym(to: "contribute")
        let limits = policy.limits
        guard body.count <= limits.maxBatchBytes else {
            throw GatewayError.payloadTooLarge("a batch must be at most \(limits.maxBatchBytes) bytes")
        }
        let ranges = try JSONArraySplitter.elements(of: body)
        guard ranges.count <= limits.maxBatchItems else {
            throw GatewayError.payloadTooLarge("a batch must have at most \(limits.maxBatchItems) items")
        }
        guard !ranges.isEmpty else { throw GatewayError.invalidField("(body)", "must hold at least one contribution") }
        // Without consent in any network this token may use here, the whole batch is refused
        // before any gating; an item of a network without consent fails alone when stored.
        let usable = [globalScope] + visiblePrivateNetworks(for: principal).sorted().compactMap { scope(of: .named($0)) }
        var consenting = false
        for scope in usable where try await hasConsent(scope.pseudonym(global: global)) { consenting = true }
        guard consenting else {
            metrics.rejected(code: GatewayError.consentRequired.code)
            throw GatewayError.consentRequired
        }

        var results = [BatchItemResult?](repeating: nil, count: ranges.count)
        var admitted: [(index: Int, pending: PendingContribution)] = []
        // Decoding and the privacy gate of every item, on the thread pool; each item on its own.
        let gated = try await offLoop { [self] in
            ranges.enumerated().map { index, range in
                Result { () throws(GatewayError) -> PendingContribution in
                    guard range.count <= limits.maxItemBytes else {
                        throw GatewayError.payloadTooLarge("item \(index) is larger than \(limits.maxItemBytes) bytes")
                    }
                    let request = try RequestDecoding.decode(
                        ContributePatternRequest.self, from: body.subdata(in: range), fieldPrefix: "[\(index)]")
                    let scope = try self.scope(for: principal, network: request.network)
                    return try self.admit(request, pseudonym: scope.pseudonym(global: global), scope: scope, principal: principal)
                }
            }
        }
        for (index, outcome) in gated.enumerated() {
            switch outcome {
            case .success(let pending):
                admitted.append((index, pending))
            case .failure(let error):
                metrics.rejected(code: error.code)
                try await auditRejection(error, principal: principal)
                results[index] = BatchItemResult(index: index, status: 0, result: nil, error: ErrorBody(error).error)
            }
        }
        var outcomes: [ContributionOutcome?] = Array(repeating: nil, count: admitted.count)
        for scope in allScopes {
            let positions = admitted.indices.filter { admitted[$0].pending.network == scope.privateName }
            guard !positions.isEmpty else { continue }
            let stored = try await store(positions.map { admitted[$0].pending }, principal: principal, scope: scope)
            for (position, outcome) in zip(positions, stored) { outcomes[position] = outcome }
        }
        for ((index, pending), outcome) in zip(admitted, outcomes.map { $0! }) {
            do throws(GatewayError) {
                let response = try respond(to: outcome, pending: pending)
                results[index] = BatchItemResult(index: index, status: response.duplicate ? 200 : 201, result: response, error: nil)
            } catch {
                results[index] = BatchItemResult(index: index, status: 0, result: nil, error: ErrorBody(error).error)
            }
        }
        let final = results.map { $0! }
        return BatchContributeResponse(
            accepted: final.filter { $0.status == 201 }.count,
            duplicates: final.filter { $0.status == 200 }.count,
            rejected: final.filter { $0.error != nil }.count,
            results: final)
    }

    /// `admit` on NIO's blocking thread pool: the gate's CPU work must not hold an event loop
    /// (`serve` runs Swift's tasks on the event loops, so a detached task would not do).
    func admitOffLoop(
        _ request: ContributePatternRequest, pseudonym: String, scope: NetworkScope, principal: Principal
    ) async throws(GatewayError) -> PendingContribution {
        let outcome = try await offLoop { [self] in
            Result { () throws(GatewayError) -> PendingContribution in
                try self.admit(request, pseudonym: pseudonym, scope: scope, principal: principal)
            }
        }
        return try outcome.get()
    }

    /// Runs CPU-heavy work on `NIOThreadPool.singleton`, a pool of threads that are not event
    /// loops. A pool that is shut down answers `internal_error`.
    private func offLoop<Value: Sendable>(_ work: @escaping @Sendable () -> Value) async throws(GatewayError) -> Value {
        do {
            return try await NIOThreadPool.singleton.runIfActive(work)
        } catch {
            logger.error("the thread pool for the privacy gate is not running")
            throw GatewayError.internalFailure
        }
    }

    /// Validation, then the privacy gate, then the identifiers: the raw migration id is used
    /// only here, to derive the contribution id (keyed in `scope`'s network), and is never stored.
    func admit(
        _ request: ContributePatternRequest, pseudonym: String, scope: NetworkScope, principal: Principal
    ) throws(GatewayError) -> PendingContribution {
        let validated = try validator.validate(request)
        // Only a visible pattern of the contribution's own network may be named, so a reply
        // cannot tell whether a pattern below k contributors, or another network's, exists
        // (pattern ids are guessable from their key), and no private pattern id is ever
        // carried into another network.
        if let followed = validated.record.followedPatternId {
            guard let summary = index.read({ $0.pattern(id: followed) }), summary.contributors >= policy.patterns.minContributors,
                summary.network == scope.privateName
            else { throw GatewayError.unknownFollowedPattern }
        }
        let record = try gate.admit(validated)
        let canonical: Data
        do { canonical = try validated.canonicalBody() } catch { throw GatewayError.internalFailure }
        return PendingContribution(
            contributionId: scope.keyRing.contributionId(pseudonym: pseudonym, migrationId: validated.migrationId),
            pseudonym: pseudonym, requestDigest: scope.keyRing.requestDigest(canonicalBody: canonical), record: record,
            network: scope.privateName)
    }

    /// Stores items of one network under this gateway's origin there. The audit actor is the
    /// deployment's pseudonym in that network, so the log never links its pseudonyms.
    private func store(_ items: [PendingContribution], principal: Principal, scope: NetworkScope) async throws -> [ContributionOutcome] {
        guard !items.isEmpty else { return [] }
        return try await database.storeContributions(
            items, origin: scope.origin, requiredPurpose: Self.contributePurpose,
            actor: AuditActor(role: principal.role.rawValue, id: items[0].pseudonym),
            stamp: { [self] in self.tick() },
            onCommit: { [self] changes in
                self.applyToIndex(changes)
                self.localCommits.withLock { $0 &+= 1 }
            })
    }

    private func respond(to outcome: ContributionOutcome, pending: PendingContribution) throws(GatewayError) -> ContributePatternResponse {
        let patternId = pending.patternId
        let total = index.read { $0.contributionCount(network: pending.network) }
        switch outcome {
        case .accepted:
            // The counters are public (/metrics): a private network's contributions stay out.
            if pending.network == nil { metrics.accepted.increment() }
            return ContributePatternResponse(
                patternId: patternId, contributed: true, message: "contribution accepted", globalContributions: total,
                contributionId: pending.contributionId, duplicate: false)
        case .duplicate:
            if pending.network == nil { metrics.duplicates.increment() }
            return ContributePatternResponse(
                patternId: patternId, contributed: true, message: "already contributed; counted once", globalContributions: total,
                contributionId: pending.contributionId, duplicate: true)
        case .conflict:
            metrics.rejected(code: .contributionConflict)
            throw GatewayError(
                .conflict, code: .contributionConflict,
                message: "this migration was already contributed with a different body; use rectification (PUT /api/v1/contributions/{id})")
        case .consentRequired:
            metrics.rejected(code: GatewayError.consentRequired.code)
            throw GatewayError.consentRequired
        case .erased:
            metrics.rejected(code: GatewayError.contributionErased.code)
            throw GatewayError.contributionErased
        }
    }

    /// A contribution the privacy gate refused is audited with kinds and field paths only.
    func auditRejection(_ error: GatewayError, principal: Principal) async throws {
        guard error.kind == .rejected else { return }
        let findings = error.findings ?? []
        try await database.appendAudit(
            AuditRecord(
                actor: AuditActor(role: principal.role.rawValue, id: principal.pseudonym ?? principal.tokenId),
                action: "contribution.rejected", subject: principal.pseudonym,
                details: [
                    "code": .text(error.code.rawValue), "kinds": .list(Set(findings.map(\.kind)).sorted()),
                    "fields": .list(Set(findings.map(\.field)).sorted()),
                ]))
    }

    private func hasConsent(_ pseudonym: String) async throws -> Bool {
        try await database.activePurposes(pseudonym: pseudonym).contains(Self.contributePurpose)
    }

    private func requireConsent(_ pseudonym: String) async throws {
        guard try await hasConsent(pseudonym) else {
            metrics.rejected(code: GatewayError.consentRequired.code)
            throw GatewayError.consentRequired
        }
    }

    /// The next clock reading for a local event; called inside the write transaction, so
    /// clock order and sequence order agree.
    func tick() -> HLCTimestamp {
        clock.withLock { $0.tick(physicalMillis: UInt64(max(0, Date().timeIntervalSince1970 * 1000))) }
    }

    // MARK: - Search

    /// The seed's search. Parameters arrive as query strings and are checked here.
    package func search(
        _ principal: Principal, sourceCloud: String?, targetCloud: String?, resourceTypes: String?, limit: String?, ranking: String? = nil
    ) throws(GatewayError) -> SearchPatternsResponse {
        let (outcome, queryTime, used, clampedLimit) = try searchOutcome(
            principal, sourceCloud: sourceCloud, targetCloud: targetCloud, resourceTypes: resourceTypes, limit: limit, ranking: ranking)
        return SearchPatternsResponse(
            patterns: outcome.matches.map { PatternResponse($0.pattern, similarity: $0.similarity) },
            totalMatches: outcome.totalMatches, queryTime: queryTime, ranking: used.rawValue, limit: clampedLimit,
            limitClamped: clampedLimit.map { _ in true })
    }

    /// `search` written as its JSON body (the same bytes as `search(...).json()`), each
    /// pattern's JSON reused while the pattern is unchanged; nil when a number has no JSON
    /// form (the caller then encodes `search(...)`).
    package func searchJSON(
        _ principal: Principal, sourceCloud: String?, targetCloud: String?, resourceTypes: String?, limit: String?, ranking: String? = nil
    ) throws(GatewayError) -> [UInt8]? {
        let generation = patternJSON.generation
        let (outcome, queryTime, used, clampedLimit) = try searchOutcome(
            principal, sourceCloud: sourceCloud, targetCloud: targetCloud, resourceTypes: resourceTypes, limit: limit, ranking: ranking)
        return SearchPatternsResponse.body(
            patternCount: outcome.matches.count, queryTime: queryTime, ranking: used.rawValue, totalMatches: outcome.totalMatches,
            clampedLimit: clampedLimit
        ) { index, out in
            let match = outcome.matches[index]
            guard let fragment = patternJSON.fragment(for: match, generation: generation) else { return false }
            out.append(contentsOf: fragment.head)
            out.append(contentsOf: #","similarity":"#.utf8)
            guard out.appendJSONNumber(match.similarity) else { return false }
            out.append(contentsOf: fragment.tail)
            return true
        }
    }

    /// Checks the query against the policy and the token's plan and runs it; the time is the
    /// matcher's, in ms. The last value is the limit applied when the plan lowered it.
    private func searchOutcome(
        _ principal: Principal, sourceCloud: String?, targetCloud: String?, resourceTypes: String?, limit: String?, ranking: String?
    ) throws(GatewayError) -> (SearchOutcome, Double, SearchRanking, Int?) {
        try principal.require(.deployment, .officer, to: "search patterns")
        let started = ContinuousClock.now
        // Omitted: the learned ranking when a model is active and the plan has it, else the formula.
        let served = activeRanker(for: principal)
        let learnedAllowed = allows(principal, .learnedRanking)
        let used: SearchRanking
        switch ranking {
        case nil: used = served == nil || !learnedAllowed ? .formula : .learned
        case SearchRanking.formula.rawValue?: used = .formula
        case SearchRanking.learned.rawValue?:
            try require(principal, .learnedRanking)
            guard served != nil else { throw GatewayError.noActiveModel }
            used = .learned
        default: throw GatewayError.invalidField("ranking", "must be formula or learned")
        }
        let (source, target, types) = try checkedQuery(sourceCloud: sourceCloud, targetCloud: targetCloud, resourceTypes: resourceTypes)
        let planLimit = searchLimit(for: principal)
        var count = min(policy.patterns.defaultLimit, planLimit)
        var clampedLimit: Int?
        if let limit {
            guard let parsed = Int(limit), (1...policy.patterns.maxLimit).contains(parsed) else {
                throw GatewayError.invalidField("limit", "must be a whole number 1…\(policy.patterns.maxLimit)")
            }
            count = min(parsed, planLimit)
            if count < parsed { clampedLimit = count }
        }
        let query = SearchQuery(
            sourceCloud: source, targetCloud: target, resourceTypes: types, limit: count,
            minContributors: policy.patterns.minContributors, privateNetworks: visiblePrivateNetworks(for: principal))
        var outcome: SearchOutcome
        if used == .learned, let served {
            // Re-order the model's depth even when fewer are asked for, then cut to the limit.
            var deeper = query
            deeper.limit = max(count, served.ranker.rerankDepth)
            outcome = index.read { $0.search(deeper) }
            // The formula's top candidates, re-ordered by the predicted outcome; similarity
            // and every other field stay the seed's.
            let firstSeen = Dictionary(outcome.matches.map { ($0.pattern.patternId, $0.pattern.firstSeenMillis) }, uniquingKeysWith: { a, _ in a })
            outcome.matches = served.ranker.rerank(
                outcome.matches, query: RankingQuery(query), nowMillis: UInt64(max(0, Date().timeIntervalSince1970 * 1000)),
                firstSeenMillis: { firstSeen[$0] ?? nil })
            outcome.matches = Array(outcome.matches.prefix(count))
        } else {
            outcome = index.read { $0.search(query) }
        }
        let elapsed = ContinuousClock.now - started
        return (outcome, Double(elapsed.components.attoseconds) / 1e15 + Double(elapsed.components.seconds) * 1000, used, clampedLimit)
    }

    /// The clouds and resource types of a search (or a watch), checked against the policy:
    /// 400 `invalid_field` or `unknown_resource_type` naming the parameter, never its value.
    func checkedQuery(
        sourceCloud: String?, targetCloud: String?, resourceTypes: String?
    ) throws(GatewayError) -> (source: CloudProvider, target: CloudProvider, types: [String]) {
        guard let sourceName = sourceCloud, let source = CloudProvider(rawValue: sourceName) else {
            throw GatewayError.invalidField("sourceCloud", "must be one of aws, azure, gcp, on-prem")
        }
        guard let targetName = targetCloud, let target = CloudProvider(rawValue: targetName), target.isTarget else {
            throw GatewayError.invalidField("targetCloud", "must be one of aws, azure, gcp")
        }
        let names = (resourceTypes ?? "").split(separator: ",", omittingEmptySubsequences: true)
            .map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        guard !names.isEmpty, names.count <= policy.limits.maxResourceTypes else {
            throw GatewayError.invalidField("resourceTypes", "must list 1–\(policy.limits.maxResourceTypes) comma-separated resource types")
        }
        var types: [String] = []
        for (position, name) in names.enumerated() {
            guard let canonical = policy.vocabulary.resourceType(name, in: source) else {
                throw GatewayError(
                    .invalidInput, code: .unknownResourceType,
                    message: "resourceTypes item \(position) is not a \(source.rawValue) resource type in this gateway's policy")
            }
            types.append(canonical)
        }
        return (source, target, types)
    }

    /// One pattern by id; hidden (404) below the policy's minimum contributors, like in search.
    package func pattern(_ principal: Principal, id: String) throws(GatewayError) -> PatternResponse {
        try principal.require(.deployment, .officer, to: "read patterns")
        guard Hex.isLowercaseHex(id, length: 32) else {
            throw GatewayError.invalidField("id", "must be a pattern id (32 lowercase hex digits)")
        }
        guard let summary = index.read({ $0.pattern(id: id) }), summary.contributors >= policy.patterns.minContributors,
            summary.network.map(visiblePrivateNetworks(for: principal).contains) ?? true
        else {
            throw GatewayError(.notFound, code: .patternNotFound, message: "no pattern with this id is visible here")
        }
        return PatternResponse(summary, similarity: nil)
    }

    /// Applies committed changes to the matcher. When a contribution leaves it or is replaced
    /// (erasure, revision), the search JSON kept per pattern goes too, so none derived from
    /// the old content stays.
    func applyToIndex(_ changes: [IndexChange]) {
        forgetRankerIfTrained(on: changes)
        noteErasures(in: changes)
        let (detached, touched) = index.write { $0.applyReporting(changes) }
        if detached { patternJSON.removeAll() }
        watchHub.publish(touched)
    }

    /// Counts for `/healthz` and tests: the global network's (a private network's count is
    /// its organization's business).
    package var liveContributionCount: Int { index.read { $0.contributionCount(network: nil) } }
}
