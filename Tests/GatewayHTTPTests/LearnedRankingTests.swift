import Foundation
import Gateway
import GatewayTestSupport
import PatternCore
import Replication
import Storage
import TestSupport
import Testing

/// The learned ranking end to end on real gateways (issue 16): a simulated network whose
/// outcomes depend on more than the formula sees, training through the officer API on two
/// gateways (same state, same model bytes), learned search, the export's `trainingSet`, and
/// forgetting: an erasure deletes the model on every gateway it reaches, search falls back to
/// the formula, and the purge certificate names the deleted model.
@Suite("Learned ranking on gateways", .serialized)
struct LearnedRankingTests {
    static let services = ["EC2", "S3", "Lambda", "ECS", "EKS", "SQS", "SNS", "CloudFront", "ELB", "Route53", "VPC", "Glue", "Kinesis", "EFS"]
    static let databases = ["RDS", "Aurora", "DynamoDB", "DocumentDB"]
    static let actions = ["assess_inventory", "replicate_db", "cutover_dns", "sync_data", "validate_data"]

    /// Hidden quality of a pattern, fixed per pattern id.
    static func quality(_ patternId: String) -> Double {
        let value = Int(patternId.prefix(4), radix: 16) ?? 0
        return 0.6 + 0.35 * Double(value) / 65535
    }

    /// Contributes a simulated network: `rounds` rounds, each deployment one batch per round.
    /// The first round follows nothing; afterwards 30% report their own migration and 70%
    /// follow one of the formula's top 10 for their question. A followed pattern missing a
    /// query type costs, a missing database costs most (the formula cannot see that).
    /// With `network`, every contribution goes to that private network (issue 18).
    static func simulate(
        _ harness: TestGateway, deployments: [String], rounds: Int, perBatch: Int, random: inout SeededGenerator, network: String? = nil
    ) async throws -> Int {
        func unit(_ random: inout SeededGenerator) -> Double { Double(random.next() >> 11) / Double(1 << 53) }
        var questions: [(target: String, types: [String])] = []
        for _ in 0..<16 {
            var types = Set<String>()
            while types.count < 2 + random.below(3) { types.insert(services[random.below(services.count)]) }
            if random.below(10) < 7 { types.insert(databases[random.below(databases.count)]) }
            questions.append((random.below(2) == 0 ? "gcp" : "azure", types.sorted()))
        }
        let officer = try await harness.gateway.authenticate(authorization: "Bearer \(harness.officer)")
        var followed = 0
        for round in 0..<rounds {
            for token in deployments {
                let principal = try await harness.gateway.authenticate(authorization: "Bearer \(token)")
                var items: [[String: Any]] = []
                for item in 0..<perBatch {
                    let question = questions[min(random.below(questions.count), random.below(questions.count))]
                    var types = question.types
                    var strategy = MigrationStrategy.allCases[random.below(3)].rawValue
                    var outcome: Double
                    var followedId: String?
                    let top =
                        round == 0 || random.below(10) < 3
                        ? []
                        : try harness.gateway.search(
                            officer, sourceCloud: "aws", targetCloud: question.target, resourceTypes: types.joined(separator: ","), limit: "10",
                            ranking: "formula"
                        ).patterns
                    if top.isEmpty {
                        // Reports its own migration; half of those with a database moved the
                        // application tier only and did well, which makes database-less
                        // patterns bright in the formula's eyes.
                        let appTier = types.filter { !databases.contains($0) }
                        let skipped = appTier.count >= 2 && appTier.count < types.count && random.below(2) == 0
                        if skipped { types = appTier } else if random.below(2) == 0 { types.append(services[random.below(services.count)]) }
                        types = Array(Set(types)).sorted()
                        let key = PatternKey(
                            sourceCloud: .aws, targetCloud: CloudProvider(rawValue: question.target)!,
                            strategy: MigrationStrategy(rawValue: strategy)!, resourceTypes: types, network: network)
                        outcome = quality(key.patternId) + (skipped ? 0.12 : 0.2 * (unit(&random) - 0.5))
                    } else {
                        let weights = top.indices.map { 1 / (1 + Double($0) / 5) }
                        var pick = unit(&random) * weights.reduce(0, +)
                        var chosen = 0
                        for (index, weight) in weights.enumerated() {
                            pick -= weight
                            if pick <= 0 { chosen = index; break }
                        }
                        let pattern = top[chosen]
                        followedId = pattern.patternId
                        strategy = pattern.strategy
                        let have = Set(pattern.resourceTypes)
                        let missing = types.filter { !have.contains($0) }
                        let missingDatabase = missing.contains { databases.contains($0) }
                        outcome =
                            quality(pattern.patternId) - 0.15 * Double(missing.count) - (missingDatabase ? 0.35 : 0)
                            - 0.03 * Double(have.subtracting(types).count) + 0.16 * (unit(&random) - 0.5)
                        // It reports its own migration (its question's types), having followed the pattern.
                        followed += 1
                    }
                    // Reported to three decimals, as clients report it (the gateway would round
                    // it to four: NumericPrecisionTests).
                    outcome = (min(1, max(0, outcome)) * 1000).rounded() / 1000
                    var body: [String: Any] = [
                        "migrationId": "sim-\(round)-\(item)-\(random.next())", "sourceCloud": "aws", "targetCloud": question.target,
                        "resourceTypes": types, "strategy": strategy,
                        "steps": (0..<(2 + random.below(3))).map { _ in
                            [
                                "action": actions[random.below(actions.count)], "durationSeconds": 60 + random.below(600),
                                "success": unit(&random) < outcome,
                            ]
                        },
                        "successRate": outcome, "durationHours": 1 + random.below(48), "costSavingsPercent": random.below(40),
                    ]
                    if let followedId { body["followedPatternId"] = followedId }
                    if let network { body["network"] = network }
                    items.append(body)
                }
                let response = try await harness.gateway.contributeBatch(principal, body: JSONSerialization.data(withJSONObject: items))
                #expect(response.rejected == 0, "\(response.results.compactMap(\.error).prefix(3))")
            }
        }
        return followed
    }

    @Test(
        "a simulated network trains a model that beats the formula; the same state on two gateways gives the same bytes; an erasure deletes it everywhere"
    )
    func endToEnd() async throws {
        var random = SeededGenerator.forTest("LearnedRankingTests", variable: "RANKING_SEED", fallback: 20_261_207)
        let key = FileManager.default.temporaryDirectory.appendingPathComponent("ranking-\(UUID().uuidString).key").path
        let here = try await TestGateway.make(networkKeyFile: key, gatewayId: "gw-here")
        let there = try await TestGateway.make(networkKeyFile: key, gatewayId: "gw-there")
        defer { here.remove(); there.remove(); try? FileManager.default.removeItem(atPath: key) }

        // 30 deployments, each with consent.
        var tokens: [String] = []
        var ids: [String] = []
        for index in 0..<30 {
            let deploymentId = "sim-deployment-\(index)"
            let token = try await here.gateway.tokens.issue(
                role: .deployment, pseudonym: here.gateway.keyRing.pseudonym(deploymentId: deploymentId), actor: .cli
            ).bearer
            let principal = try await here.gateway.authenticate(authorization: "Bearer \(token)")
            _ = try await here.gateway.changeConsent(principal, request: ConsentChangeRequest(action: "grant"))
            tokens.append(token)
            ids.append(deploymentId)
        }
        let started = ContinuousClock.now
        let followed = try await Self.simulate(here, deployments: tokens, rounds: 6, perBatch: 30, random: &random)
        print(
            "LearnedRankingTests: \(here.gateway.liveContributionCount) contributions, \(followed) followed a pattern, simulated in \(ContinuousClock.now - started)"
        )
        #expect(here.gateway.liveContributionCount >= 5_000)

        let officerHere = try await here.gateway.authenticate(authorization: "Bearer \(here.officer)")
        let card = try await here.gateway.trainRanker(officerHere)
        print(
            "LearnedRankingTests: NDCG@10 learned \(card.evaluation.ndcg10Learned), formula \(card.evaluation.ndcg10Formula) on \(card.evaluation.holdoutExamples) held-out outcomes; \(card.reason)"
        )
        #expect(card.active, "\(card.reason)")
        #expect(card.evaluation.ndcg10Learned >= card.evaluation.ndcg10Formula + 0.01)
        #expect(card.evaluation.holdoutExamples >= 200)
        #expect(card.modelId == String(card.modelDigest.prefix(32)))
        #expect(try await here.gateway.rankerCard(officerHere) == card)

        // Learned search: omitted means learned while a model is active; formula on request.
        let question = ("aws", "gcp", "EC2,S3,RDS")
        let learned = try here.gateway.search(officerHere, sourceCloud: question.0, targetCloud: question.1, resourceTypes: question.2, limit: "5")
        #expect(learned.ranking == "learned" && learned.patterns.count <= 5)
        let formula = try here.gateway.search(
            officerHere, sourceCloud: question.0, targetCloud: question.1, resourceTypes: question.2, limit: "5", ranking: "formula")
        #expect(formula.ranking == "formula")
        let json = try #require(
            try here.gateway.searchJSON(
                officerHere, sourceCloud: question.0, targetCloud: question.1, resourceTypes: question.2, limit: "5"))
        #expect(String(decoding: json, as: UTF8.self).contains(#""ranking":"learned""#))

        // The same live state on another gateway trains the same bytes.
        try await ErasureTests.sync(from: here.gateway, to: there.gateway, peer: "gw-here")
        #expect(there.gateway.liveContributionCount == here.gateway.liveContributionCount)
        let officerThere = try await there.gateway.authenticate(authorization: "Bearer \(there.officer)")
        let cardThere = try await there.gateway.trainRanker(officerThere)
        #expect(cardThere.modelDigest == card.modelDigest)
        #expect(cardThere.trainingSetDigest == card.trainingSetDigest)

        // The export says whether the deployment trained the active model.
        let export = try await here.gateway.export(officerHere, body: ExportRequestBody(deploymentId: ids[0]))
        #expect(export.trainingSet.inActiveModel && export.trainingSet.modelId == card.modelId)

        // Erasing a deployment that trained it deletes it here at once...
        let receipt = try await here.gateway.requestErasure(officerHere, body: ErasureRequestBody(deploymentId: ids[0]))
        #expect(try await here.gateway.database.activeRankerModel() == nil)
        await #expect(throws: GatewayError.noModel) { try await here.gateway.rankerCard(officerHere) }
        #expect(
            try here.gateway.search(officerHere, sourceCloud: question.0, targetCloud: question.1, resourceTypes: question.2, limit: nil).ranking
                == "formula")
        #expect(throws: GatewayError.noActiveModel) {
            try here.gateway.search(
                officerHere, sourceCloud: question.0, targetCloud: question.1, resourceTypes: question.2, limit: nil, ranking: "learned")
        }
        let statusHere = try await here.gateway.erasureStatus(officerHere, requestId: receipt.requestId)
        #expect(statusHere.gateways.first { $0.gateway == "gw-here" }?.modelsDeleted == [card.modelId])
        let audit = try await here.gateway.database.auditLines(start: 0, end: try await here.gateway.database.auditTreeHead().size)
        #expect(audit.contains { $0.contains(#""ranker.model_deleted""#) && $0.contains(card.modelId) })
        #expect(audit.contains { $0.contains(#""ranker.trained""#) && $0.contains(card.trainingSetDigest) })

        // ...and on the other gateway as soon as the tombstone arrives.
        // Only what `there` lacks (the tombstone and the erasure's consent change) crosses.
        let arrival = ContinuousClock.now
        let delta = try await here.gateway.syncResponse(for: try await there.gateway.database.versionVector())
        #expect(delta.events.contains { $0.kind == .erasureRequested } && !delta.more)
        try await there.gateway.receive(try await there.gateway.accept(delta), from: "gw-here")
        #expect(try await there.gateway.database.activeRankerModel() == nil)
        let elapsed = ContinuousClock.now - arrival
        print("LearnedRankingTests: the model on gw-there was deleted \(elapsed) after the tombstone's sync message reached it")
        #expect(elapsed < .seconds(1))
        #expect(
            try there.gateway.search(officerThere, sourceCloud: question.0, targetCloud: question.1, resourceTypes: question.2, limit: nil).ranking
                == "formula")

        // The purge certificate names the deleted model, and peers show it per gateway.
        let report = try await here.gateway.purge(asOf: Date().addingTimeInterval(40 * 86_400))
        #expect(!report.requests.isEmpty)
        try await ErasureTests.sync(from: here.gateway, to: there.gateway, peer: "gw-here")
        let statusThere = try await there.gateway.erasureStatus(officerThere, requestId: receipt.requestId)
        #expect(statusThere.gateways.first { $0.gateway == "gw-here" }?.modelsDeleted == [card.modelId])
        #expect(statusThere.gateways.first { $0.gateway == "gw-there" }?.modelsDeleted == [card.modelId])

        // The model's bytes are in no file of the data dir (secure_delete and a truncated WAL).
        for harness in [here, there] {
            _ = try await harness.gateway.database.checkpointTruncate()
            for name in try FileManager.default.contentsOfDirectory(atPath: harness.directory.path) {
                let data = try Data(contentsOf: harness.directory.appendingPathComponent(name))
                #expect(data.range(of: Data(#""tree_param""#.utf8)) == nil, "\(name) still holds model bytes")
            }
        }
    }

    @Test("a stored model that no longer loads is marked inactive at start: card, export and search agree on the formula")
    func unloadableModel() async throws {
        let first = try await TestGateway.make()
        let directory = first.directory
        defer { first.remove() }
        let modelId = String(repeating: "c", count: 32)
        let stored = try await first.gateway.database.storeRankerModel(
            StoredRankerModel(modelId: modelId, card: Data("{}".utf8), model: Data("not a model".utf8), active: true, trainingSet: []),
            trainedAt: "2026-12-07T04:00:00.000Z", audit: AuditRecord(actor: .system, action: "ranker.trained"))
        #expect(stored == .stored)
        await first.gateway.stop()
        let restarted = try await TestGateway.make(directory: directory)
        #expect(try await restarted.gateway.database.activeRankerModelId() == nil)
        let officer = try await restarted.gateway.authenticate(authorization: "Bearer \(restarted.officer)")
        await #expect(throws: GatewayError.noModel) { try await restarted.gateway.rankerCard(officer) }
        #expect(
            try restarted.gateway.search(officer, sourceCloud: "aws", targetCloud: "azure", resourceTypes: "EC2", limit: nil).ranking == "formula")
        #expect(try await restarted.gateway.database.auditEntries().contains { $0.action == "ranker.model_deactivated" })
    }
}
