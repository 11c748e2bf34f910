import ErrorCodes
import Foundation
import Logging
import NIOPosix
import PatternCore
import Privacy
import Ranking
import Replication
import Storage
import Synchronization

/// The learned ranking (issue 16, docs/ranking.md): an officer trains on demand; a model
/// serves only when it beat the formula on held-out outcomes; a tombstone that covers any
/// contribution it trained on deletes it (in the tombstone's transaction) and search falls
/// back to the formula at once.
extension PatternGateway {
    /// The training run's settings: the policy's k and candidate count, everything else fixed,
    /// so two gateways with the same live contributions build the same bytes.
    var rankerConfiguration: RankerConfiguration {
        RankerConfiguration(
            minContributors: policy.patterns.minContributors, minLeafExamples: policy.ranking.minLeafExamples,
            candidateLimit: policy.ranking.candidates)
    }

    /// `POST /api/v1/admin/ranker/train`: trains on this gateway's live contributions of one
    /// network (`network`: a hosted private network, issue 18; else the global one), stores
    /// the model with its audit entry, and makes it that network's active model if it won.
    package func trainRanker(_ principal: Principal, network: String? = nil) async throws -> RankerCardResponse {
        try principal.require(.officer, to: "train the ranker")
        let scope = try hostedScope(network, for: principal)
        // One run at a time: a run holds a thread of the pool the privacy gate also uses.
        guard
            rankerTraining.withLock({ running in
                defer { running = true }
                return !running
            })
        else { throw GatewayError.rankerBusy }
        defer { rankerTraining.withLock { $0 = false } }
        let live = try await database.orderedLiveContributions(network: scope.network)
        let contributions = live.map {
            RankingContribution(
                contributionId: $0.contribution.contributionId, pseudonym: $0.contribution.pseudonym, record: $0.contribution.record,
                hlcWallMillis: $0.hlcWallMillis, hlcLogical: $0.hlcLogical, origin: $0.origin, seq: $0.seq,
                followedPatternId: $0.contribution.record.followedPatternId, network: scope.privateName)
        }
        let configuration = rankerConfiguration
        let trainedAt = Timestamps.iso8601(Date())
        // XGBoost and the replay are CPU work: on the blocking pool, never on an event loop.
        let outcome: Result<TrainedRanker, RankingError>
        do {
            outcome = try await NIOThreadPool.singleton.runIfActive {
                Result { () throws(RankingError) -> TrainedRanker in
                    try RankerTraining.train(contributions, configuration: configuration, trainedAt: trainedAt)
                }
            }
        } catch {
            throw GatewayError.internalFailure
        }
        let trained: TrainedRanker
        switch outcome {
        case .success(let value): trained = value
        case .failure(let error):
            logger.error("ranker training failed", metadata: ["code": "\(error.code)", "detail": "\(error.message)"])
            throw GatewayError(error)
        }
        let card = trained.card
        let response = RankerCardResponse(card)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        // The exact versions read: a tombstone that erased one while XGBoost ran refuses the store.
        let read = Dictionary(live.map { ($0.contribution.contributionId, EventID(origin: $0.origin, seq: $0.seq)) }, uniquingKeysWith: { a, _ in a })
        let stored = StoredRankerModel(
            modelId: card.modelId, card: try encoder.encode(response), model: Data(trained.modelBytes), active: card.active,
            trainingSet: card.trainingContributionIds, trainingEvents: card.trainingContributionIds.compactMap { read[$0] },
            network: scope.privateName)
        var audit = AuditRecord(
            actor: AuditActor(role: principal.role.rawValue, id: principal.tokenId), action: "ranker.trained",
            details: [
                "model": .text(card.modelId), "modelDigest": .text(card.modelDigest), "trainingSetDigest": .text(card.trainingSetDigest),
                "examples": .count(card.examples), "trainingSetSize": .count(card.trainingContributionIds.count),
                "holdoutExamples": .count(card.evaluation.holdoutExamples),
                "ndcg10Learned": .text(String(format: "%.6f", card.evaluation.ndcg10Learned)),
                "ndcg10Formula": .text(String(format: "%.6f", card.evaluation.ndcg10Formula)),
                "active": .text(card.active ? "true" : "false"),
            ])
        if let name = scope.privateName { audit.details["network"] = .text(name) }
        // Published in the writer's order: a tombstone committed after the store finds it
        // served and drops it; one committed before refused the store.
        let served = ActiveRanker(modelId: card.modelId, ranker: trained.ranker, trainingSet: Set(card.trainingContributionIds))
        let state = rankerState(for: scope.network)
        let storeOutcome = try await database.storeRankerModel(stored, trainedAt: trainedAt, audit: audit) {
            if card.active { state.write { $0 = served } }
        }
        switch storeOutcome {
        case .stored: break
        case .trainingDataErased:
            throw GatewayError(
                .conflict, code: .rankerTrainingErased,
                message: "a contribution the run trained on was erased while it trained; nothing was stored, train again")
        }
        logger.info("ranker trained", metadata: ["model": "\(card.modelId)", "active": "\(card.active)", "examples": "\(card.examples)"])
        return response
    }

    /// `GET /api/v1/admin/ranker`: the active model's card (of `network`, if given).
    package func rankerCard(_ principal: Principal, network: String? = nil) async throws -> RankerCardResponse {
        try principal.require(.officer, to: "read the ranker")
        let scope = try hostedScope(network, for: principal)
        guard let active = try await database.activeRankerModel(network: scope.privateName) else { throw GatewayError.noModel }
        do {
            return try JSONDecoder().decode(RankerCardResponse.self, from: active.card)
        } catch {
            throw GatewayError.internalFailure
        }
    }

    /// Loads the stored active model of every network at start; one that no longer loads is
    /// not served.
    func loadActiveRanker() async throws {
        for scope in allScopes { try await loadActiveRanker(in: scope.network) }
    }

    private func loadActiveRanker(in network: ReplicaNetwork) async throws {
        guard let stored = try await database.activeRankerModel(network: network.privateName) else { return }
        do {
            let ranker = try LearnedRanker(modelBytes: Array(stored.model), rerankDepth: rankerConfiguration.rerankDepth)
            rankerState(for: network).write {
                $0 = ActiveRanker(modelId: stored.modelId, ranker: ranker, trainingSet: Set(stored.trainingSet))
            }
        } catch {
            // Marked inactive, so the card, the export and search all say the formula serves.
            logger.error("the stored ranker model does not load; search uses the formula", metadata: ["model": "\(stored.modelId)"])
            try await database.deactivateRankerModel(
                stored.modelId,
                audit: AuditRecord(
                    actor: .system, action: "ranker.model_deactivated", details: ["model": .text(stored.modelId), "reason": .text("does_not_load")]))
        }
    }

    /// Brings the served model in line with the store after a tombstone committed (locally or
    /// from a peer): drops a model the store no longer holds, and truncates the WAL when
    /// models were deleted, so their bytes leave the files as a purge's do.
    func reconcileRanker() async throws {
        for scope in allScopes {
            let activeId = try await database.activeRankerModelId(network: scope.privateName)
            rankerState(for: scope.network).write { state in
                if let current = state, current.modelId != activeId { state = nil }
            }
        }
        // Counted as seen only once the WAL is empty; otherwise the next call (or the purge)
        // tries again.
        let deletions = try await database.rankerDeletionCount()
        guard deletions > rankerDeletionsSeen.withLock({ $0 }) else { return }
        if try await database.checkpointTruncate() { rankerDeletionsSeen.withLock { $0 = max($0, deletions) } }
    }

    /// Called with every committed change: a contribution the served model trained on left
    /// the live set, so the model stops serving now (its rows went in the same transaction).
    func forgetRankerIfTrained(on changes: [IndexChange]) {
        let states = [rankerState] + privateRankerStates.values
        guard states.contains(where: { $0.read { $0 != nil } }) else { return }
        let removed = changes.compactMap { change -> String? in
            if case .remove(let contributionId) = change { return contributionId }
            return nil
        }
        guard !removed.isEmpty else { return }
        for served in states {
            served.write { state in
                if let current = state, removed.contains(where: current.trainingSet.contains) { state = nil }
            }
        }
    }

    /// The global model search would use now, if any.
    var activeRanker: ActiveRanker? { rankerState.read { $0 } }

    /// The model `principal`'s search uses: its organization's network's own, when that
    /// network has an active one here, else the global model (which never trained on a
    /// private network's data, so ordering private patterns with it reveals nothing).
    func activeRanker(for principal: Principal) -> ActiveRanker? {
        for name in visiblePrivateNetworks(for: principal).sorted() where principal.role == .deployment {
            if let served = privateRankerStates[name]?.read({ $0 }) { return served }
        }
        return activeRanker
    }

    /// The served-model slot of one network.
    func rankerState(for network: ReplicaNetwork) -> ReadWriteLocked<ActiveRanker?> {
        network.privateName.flatMap { privateRankerStates[$0] } ?? rankerState
    }

}

extension GatewayError {
    /// `ranking=learned` asked of a gateway with no active model.
    package static let noActiveModel = GatewayError(
        .conflict, code: .noModel, message: "ranking=learned needs an active model; none is active on this gateway (ranking=formula always works)")
    package static let rankerBusy = GatewayError(
        .unavailable, code: .busy, message: "a training run is in progress on this gateway; retry when it has finished")
    package static let noModel = GatewayError(
        .notFound, code: .noModel, message: "no learned ranking model is active on this gateway; train one with `patterngate ranker train`")

    /// A training failure, mapped by its code: too few examples is the officer's to fix.
    init(_ error: RankingError) {
        switch error.code {
        case .rankerNoExamples: self.init(.unprocessable, code: error.code, message: error.message)
        default: self.init(.internalFailure, code: error.code, message: "training failed inside XGBoost; see the gateway's log")
        }
    }
}
