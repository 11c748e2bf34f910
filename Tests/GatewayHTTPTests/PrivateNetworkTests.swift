import AsyncHTTPClient
import Foundation
import Gateway
import GatewayHTTP
import GatewayTestSupport
import HTTPTypes
import HummingbirdTesting
import Logging
import NIOCore
import PatternCore
import Replication
import ServiceLifecycle
import Storage
import TestSupport
import Testing

/// Private networks (issue 18): an organization's network hosted by two of three gateways.
@Suite("Private networks", .serialized)
struct PrivateNetworkTests {
    /// Sends everything `from` holds in `network` to `to`, as one sync exchange per batch.
    static func sync(from: PatternGateway, to: PatternGateway, peer: String, network: ReplicaNetwork) async throws {
        var vector = VersionVector()
        while true {
            let response = try await from.syncResponse(for: vector, network: network)
            try await to.receive(try await to.accept(response, network: network), from: peer)
            vector = vector.merged(with: VersionVector(Dictionary(grouping: response.events, by: \.origin).mapValues { $0.map(\.seq).max()! }))
            if !response.more { break }
        }
    }

    static func request(_ migration: String, network: String?, types: [String] = ["EC2", "RDS"]) -> ContributePatternRequest {
        ContributePatternRequest(
            migrationId: migration, sourceCloud: "aws", targetCloud: "azure", resourceTypes: types, strategy: "rehost",
            steps: [.init(action: "create_vm", durationSeconds: 60, success: true)], successRate: 1, durationHours: 2, costSavingsPercent: 10,
            network: network)
    }

    /// Every byte of a data dir's files (database, WAL, keys).
    static func files(of harness: TestGateway) throws -> Data {
        var all = Data()
        for name in try FileManager.default.contentsOfDirectory(atPath: harness.directory.path) {
            all.append(FileManager.default.contents(atPath: harness.directory.appendingPathComponent(name).path) ?? Data())
        }
        return all
    }

    /// Three gateways; gw-americas and gw-europe host `acme`, gw-apac does not. Tokens are
    /// made on gw-americas and published to the others.
    struct Scenario {
        let network: TestNetwork
        let acmeKey: String
        var americas: TestGateway { network.gateways[0] }
        var europe: TestGateway { network.gateways[1] }
        var apac: TestGateway { network.gateways[2] }
        let acme1: String
        let acme2: String
        let globex: String
        let pro: String

        static func make() async throws -> Scenario {
            let acmeKey = temporaryPath("pg-acme").path + ".key"
            let network = try await TestNetwork.make(3, privateNetworks: [0: ["acme": acmeKey], 1: ["acme": acmeKey]])
            let americas = network.gateways[0]
            func token(_ id: String, _ plan: Plan, _ organization: String?) async throws -> String {
                try await americas.gateway.tokens.issue(
                    role: .deployment, pseudonym: americas.gateway.keyRing.pseudonym(deploymentId: id), plan: plan, organization: organization,
                    actor: .cli
                ).bearer
            }
            let scenario = Scenario(
                network: network, acmeKey: acmeKey, acme1: try await token("acme-deploy-1", .enterprise, "acme"),
                acme2: try await token("acme-deploy-2", .enterprise, "acme"), globex: try await token("globex-deploy-1", .enterprise, "globex"),
                pro: try await token("pro-deploy-1", .pro, nil))
            _ = try await americas.gateway.publishTokens()
            try await scenario.globalSync()
            return scenario
        }

        /// gw-americas ↔ the others in the global network.
        func globalSync() async throws {
            for other in [europe, apac] {
                try await ErasureTests.sync(from: americas.gateway, to: other.gateway, peer: "gw-americas")
                try await ErasureTests.sync(from: other.gateway, to: americas.gateway, peer: other.gateway.identity.gatewayId)
            }
        }

        /// gw-americas ↔ gw-europe in `acme`.
        func acmeSync() async throws {
            try await PrivateNetworkTests.sync(from: americas.gateway, to: europe.gateway, peer: "gw-americas", network: .named("acme"))
            try await PrivateNetworkTests.sync(from: europe.gateway, to: americas.gateway, peer: "gw-europe", network: .named("acme"))
        }

        func principal(_ harness: TestGateway, _ token: String) async throws -> Principal {
            try await harness.gateway.authenticate(authorization: "Bearer \(token)")
        }

        func remove() {
            network.remove()
            try? FileManager.default.removeItem(atPath: acmeKey)
        }
    }

    @Test("an organization's contributions reach only the gateways hosting its network, and only its tokens see them")
    func privateStaysPrivate() async throws {
        let s = try await Scenario.make()
        defer { s.remove() }
        let (a, b, c) = (s.americas.gateway, s.europe.gateway, s.apac.gateway)
        let acme1 = try await s.principal(s.americas, s.acme1)
        let acme2 = try await s.principal(s.americas, s.acme2)
        // Consent in acme is its own: granting in the global network does not open acme.
        _ = try await a.changeConsent(acme1, request: ConsentChangeRequest(action: "grant"))
        await #expect(throws: GatewayError.consentRequired) {
            try await a.contribute(acme1, request: Self.request("acme-m-1", network: "acme"))
        }
        _ = try await a.changeConsent(acme1, request: ConsentChangeRequest(action: "grant", network: "acme"))
        _ = try await a.changeConsent(acme2, request: ConsentChangeRequest(action: "grant", network: "acme"))
        let first = try await a.contribute(acme1, request: Self.request("acme-m-1", network: "acme"))
        let second = try await a.contribute(acme2, request: Self.request("acme-m-2", network: "acme"))
        let global = try await a.contribute(acme1, request: Self.request("global-m-1", network: nil))
        // The same migration shape is another pattern in acme, with its own id.
        #expect(first.patternId == second.patternId)
        #expect(first.patternId != global.patternId)
        #expect(second.globalContributions == 2)
        #expect(global.globalContributions == 1)

        try await s.acmeSync()
        try await s.globalSync()

        // Its own tokens see private and global patterns together, on both hosting gateways.
        for (harness, token) in [(s.americas, s.acme1), (s.europe, s.acme2)] {
            let answer = try harness.gateway.search(
                try await s.principal(harness, token), sourceCloud: "aws", targetCloud: "azure", resourceTypes: "EC2", limit: nil)
            #expect(Set(answer.patterns.map(\.network)) == ["acme", "global"])
            #expect(answer.patterns.first { $0.network == "acme" }?.contributors == 2)
            #expect(try harness.gateway.pattern(try await s.principal(harness, token), id: first.patternId).network == "acme")
        }
        // Another organization, a pro token and the gateway that does not host acme see only global.
        for (harness, token) in [(s.americas, s.globex), (s.americas, s.pro), (s.apac, s.acme1)] {
            let principal = try await s.principal(harness, token)
            let answer = try harness.gateway.search(principal, sourceCloud: "aws", targetCloud: "azure", resourceTypes: "EC2", limit: nil)
            #expect(answer.patterns.map(\.network) == ["global"])
            #expect(throws: GatewayError.self) { try harness.gateway.pattern(principal, id: first.patternId) }
        }
        // Contributing there: a plan without private networks is 403, another organization or
        // a gateway that does not host the network 404, the same answer either way.
        await #expect(throws: GatewayError.self) {
            try await a.contribute(try await s.principal(s.americas, s.pro), request: Self.request("x", network: "acme"))
        }
        for (harness, token) in [(s.americas, s.globex), (s.apac, s.acme1)] {
            do {
                _ = try await harness.gateway.contribute(try await s.principal(harness, token), request: Self.request("x", network: "acme"))
                Issue.record("a contribution to a network this token may not use was accepted")
            } catch let error as GatewayError {
                #expect(error.code == .unknownNetwork)
            }
        }
        // Nothing of acme's events reached gw-apac's files: no origin, id or pseudonym of it.
        let apacBytes = try Self.files(of: s.apac)
        let acmePseudonym = try #require(a.scope(of: .named("acme"))).pseudonym(global: try #require(acme1.pseudonym))
        for marker in ["gw-americas@acme", "gw-europe@acme", first.contributionId, second.contributionId, first.patternId, acmePseudonym] {
            #expect(apacBytes.range(of: Data(marker.utf8)) == nil, "gw-apac holds \(marker.prefix(20))")
        }
        #expect(try await c.database.versionVector(network: .global).entries.keys.allSatisfy { !$0.contains("@") })
        // gw-europe holds them, under its own replica of acme.
        #expect(try Self.files(of: s.europe).range(of: Data(first.contributionId.utf8)) != nil)
        #expect(try await b.database.versionVector(network: .named("acme"))["gw-americas@acme"] >= 4)
        // The global figures count only the global network's contributions.
        #expect(a.liveContributionCount == 1)
        // The audit log names the network of each private action.
        let accepted = try await a.database.auditEntries().filter { $0.action == "contribution.accepted" }
        #expect(accepted.filter { $0.details.contains("\"network\":\"acme\"") }.count == 2)
    }

    @Test("erasing a deployment at a hosting gateway erases it in both networks, and both purge")
    func erasureInBothNetworks() async throws {
        let s = try await Scenario.make()
        defer { s.remove() }
        let (a, b, c) = (s.americas.gateway, s.europe.gateway, s.apac.gateway)
        let acme1 = try await s.principal(s.americas, s.acme1)
        _ = try await a.changeConsent(acme1, request: ConsentChangeRequest(action: "grant"))
        _ = try await a.changeConsent(acme1, request: ConsentChangeRequest(action: "grant", network: "acme"))
        let privateOne = try await a.contribute(acme1, request: Self.request("acme-m-1", network: "acme"))
        _ = try await a.contribute(acme1, request: Self.request("global-m-1", network: nil))
        try await s.acmeSync()
        try await s.globalSync()
        let officer = try await s.principal(s.americas, s.americas.officer)

        // At gw-apac (not hosting acme) the erasure says which network it could not reach.
        let apacOfficer = try await c.authenticate(authorization: "Bearer \(s.apac.officer)")
        let fromApac = try await c.requestErasure(apacOfficer, body: ErasureRequestBody(deploymentId: "acme-deploy-1"))
        #expect(fromApac.unreachableNetworks == ["acme"])
        #expect(fromApac.privateNetworks == nil)

        let receipt = try await a.requestErasure(officer, body: ErasureRequestBody(deploymentId: "acme-deploy-1"))
        let acmeRequest = try #require(receipt.privateNetworks?.first { $0.network == "acme" })
        #expect(acmeRequest.contributionsCovered == 1)
        #expect(receipt.unreachableNetworks == nil)
        try await s.acmeSync()
        try await s.globalSync()
        // The private contribution left both hosting gateways' live sets.
        for harness in [s.americas, s.europe] {
            let principal = try await s.principal(harness, s.acme2)
            #expect(throws: GatewayError.self) { try harness.gateway.pattern(principal, id: privateOne.patternId) }
        }
        // Both gateways purge (as of after the grace period); the acme request completes on both.
        let later = Date().addingTimeInterval(40 * 86_400)
        _ = try await a.purge(asOf: later)
        _ = try await b.purge(asOf: later)
        try await s.acmeSync()
        try await s.globalSync()
        for gateway in [a, b] {
            let status = try await gateway.erasureStatus(officer, requestId: acmeRequest.requestId, now: later)
            #expect(status.network == "acme")
            #expect(Set(status.gateways.map(\.gateway)) == ["gw-americas", "gw-europe"])
            #expect(status.complete, "\(status.gateways)")
            let global = try await gateway.erasureStatus(officer, requestId: receipt.requestId, now: later)
            #expect(global.network == nil)
            #expect(global.gateways.contains { $0.gateway == "gw-apac" })
        }
        // The purged payload is gone from both hosting gateways' files.
        for harness in [s.americas, s.europe] {
            let bytes = try Self.files(of: harness)
            #expect(bytes.range(of: Data("\"acme-m-1\"".utf8)) == nil)
        }
        // The export of the other acme deployment carries its acme part under its acme pseudonym.
        let acme2 = try await s.principal(s.americas, s.acme2)
        _ = try await a.changeConsent(acme2, request: ConsentChangeRequest(action: "grant", network: "acme"))
        let export = try await a.export(officer, body: ExportRequestBody(deploymentId: "acme-deploy-2"))
        let section = try #require(export.privateNetworks?.first)
        #expect(section.network == "acme")
        #expect(section.subject != export.subject)
        #expect(section.consentHistory.count == 1)
    }

    @Test("events of a private network are refused on the global exchange, and the global one sends none")
    func wrongNetworkRefused() async throws {
        let s = try await Scenario.make()
        defer { s.remove() }
        let a = s.americas.gateway
        let acme1 = try await s.principal(s.americas, s.acme1)
        _ = try await a.changeConsent(acme1, request: ConsentChangeRequest(action: "grant", network: "acme"))
        _ = try await a.contribute(acme1, request: Self.request("acme-m-1", network: "acme"))
        // The global exchange never carries them.
        let global = try await a.syncResponse(for: VersionVector(), network: .global)
        #expect(global.events.allSatisfy { !$0.origin.contains("@") })
        #expect(global.vector.entries.keys.allSatisfy { !$0.contains("@") })
        // Pushed on the global exchange anyway (a peer holding the global key only), they are
        // refused and nothing of them is stored.
        let acme = try await a.syncResponse(for: VersionVector(), network: .named("acme"))
        #expect(!acme.events.isEmpty)
        let apac = s.apac.gateway
        try await apac.receive(try await apac.accept(acme, network: .global), from: "gw-americas")
        #expect(try await apac.database.versionVector(network: .named("acme")).entries.isEmpty)
        #expect(try Self.files(of: s.apac).range(of: Data("gw-americas@acme".utf8)) == nil)
        // A token or retirement event claiming a private origin is refused at the payload rules.
        #expect(EventPayloadRules.finding(kind: .tokenIssued, payload: Data("{}".utf8), origin: "gw-x@acme", purposes: []) == "wrong_network")
    }

    @Test("a token minted by a gateway that does not host acme opens nothing in acme, whatever its organization or role says")
    func mintedOutsideOpensNothing() async throws {
        let s = try await Scenario.make()
        defer { s.remove() }
        let (a, c) = (s.americas.gateway, s.apac.gateway)
        let acme1 = try await s.principal(s.americas, s.acme1)
        _ = try await a.changeConsent(acme1, request: ConsentChangeRequest(action: "grant", network: "acme"))
        let made = try await a.contribute(acme1, request: Self.request("acme-m-1", network: "acme"))
        // gw-apac (the global key and its own identity, not acme's) mints an enterprise acme
        // token and an officer token; both reach gw-americas through the global network.
        let forged = try await c.tokens.issue(
            role: .deployment, pseudonym: c.keyRing.pseudonym(deploymentId: "intruder"), plan: .enterprise, organization: "acme", actor: .cli)
        let forgedOfficer = try await c.tokens.issue(role: .officer, pseudonym: nil, actor: .cli)
        _ = try await c.publishTokens()
        try await s.globalSync()
        try await s.acmeSync()
        let intruder = try await s.principal(s.americas, forged.bearer)
        #expect(intruder.organization == "acme" && intruder.networks.isEmpty)
        #expect(throws: GatewayError.self) { try a.pattern(intruder, id: made.patternId) }
        for attempt in [
            { _ = try await a.contribute(intruder, request: Self.request("x", network: "acme")) },
            { _ = try await a.changeConsent(intruder, request: ConsentChangeRequest(action: "grant", network: "acme")) },
            { _ = try await a.networkStats(intruder, network: "acme") },
        ] as [@Sendable () async throws -> Void] {
            do {
                try await attempt()
                Issue.record("a token acme never vouched for acted in acme")
            } catch let error as GatewayError {
                #expect(error.code == .unknownNetwork)
            }
        }
        let officer = try await s.principal(s.americas, forgedOfficer.bearer)
        #expect(throws: GatewayError.self) { try a.pattern(officer, id: made.patternId) }
        await #expect(throws: GatewayError.self) { try await a.trainRanker(officer, network: "acme") }
        let erasure = try await a.requestErasure(officer, body: ErasureRequestBody(deploymentId: "acme-deploy-1"))
        #expect(erasure.privateNetworks == nil)
        #expect(erasure.unreachableNetworks == ["acme"])
        // The export of an acme deployment by this officer has no acme section.
        #expect(try await a.export(officer, body: ExportRequestBody(deploymentId: "acme-deploy-1")).privateNetworks == nil)
        // While gw-americas' own officer token was vouched for at publication.
        let own = try await s.principal(s.americas, s.americas.officer)
        #expect(own.networks == ["acme"])
        #expect(try a.pattern(own, id: made.patternId).network == "acme")
    }

    @Test("rectification of a private contribution is made in its network, under its pseudonym there, and audited naming it")
    func rectification() async throws {
        let s = try await Scenario.make()
        defer { s.remove() }
        let a = s.americas.gateway
        let acme1 = try await s.principal(s.americas, s.acme1)
        _ = try await a.changeConsent(acme1, request: ConsentChangeRequest(action: "grant", network: "acme"))
        let made = try await a.contribute(acme1, request: Self.request("acme-fix-1", network: "acme"))
        var fixed = Self.request("acme-fix-1", network: "acme")
        fixed.successRate = 0.5
        let revised = try await a.reviseContribution(acme1, contributionId: made.contributionId, request: fixed)
        #expect(revised.revised && revised.patternId == made.patternId)
        #expect(revised.event.hasSuffix("@acme:\(revised.event.split(separator: ":").last!)"))
        #expect(try a.pattern(acme1, id: made.patternId).successRate == 0.5)
        // Without `network`, the same migration id names another (global) contribution id.
        fixed.network = nil
        do {
            _ = try await a.reviseContribution(acme1, contributionId: made.contributionId, request: fixed)
            Issue.record("a global rectification reached a private contribution")
        } catch let error as GatewayError {
            #expect(error.code == .contributionIdMismatch)
        }
        let audit = try await a.database.auditEntries().filter { $0.action == "contribution.revised" }
        #expect(audit.count == 1 && audit[0].details.contains("\"network\":\"acme\""))
    }

    @Test("a private network's figures count its contributions only, and go only to its organization and officers")
    func figures() async throws {
        let s = try await Scenario.make()
        defer { s.remove() }
        let a = s.americas.gateway
        // Twelve acme deployments contribute in acme: above the policy's minimum count.
        for index in 0..<12 {
            let token = try await a.tokens.issue(
                role: .deployment, pseudonym: a.keyRing.pseudonym(deploymentId: "acme-fig-\(index)"), plan: .enterprise, organization: "acme",
                actor: .cli)
            _ = try await a.publishTokens()  // acme vouches for it, as the running gateway does within 250 ms
            let principal = try await a.authenticate(authorization: "Bearer \(token.bearer)")
            _ = try await a.changeConsent(principal, request: ConsentChangeRequest(action: "grant", network: "acme"))
            _ = try await a.contribute(principal, request: Self.request("acme-fig-m-\(index)", network: "acme"))
        }
        let acme1 = try await s.principal(s.americas, s.acme1)
        let acme = try await a.networkStats(acme1, network: "acme")
        #expect(acme.privateNetwork == "acme")
        #expect(acme.network.contributions.value == 10)
        #expect(acme.network.activeDeployments.value == 10)
        let global = try await a.networkStats(acme1)
        #expect(global.privateNetwork == nil)
        #expect(global.network.contributions.value == nil)  // none in the global network: suppressed
        #expect(try await a.networkStats(try await s.principal(s.americas, s.americas.officer), network: "acme").network == acme.network)
        for token in [s.globex, s.americas.auditor] {
            do {
                _ = try await a.networkStats(try await s.principal(s.americas, token), network: "acme")
                Issue.record("another organization or an auditor read acme's figures")
            } catch let error as GatewayError {
                #expect(error.code == .unknownNetwork)
            }
        }
        await #expect(throws: GatewayError.self) { try await a.networkStats(try await s.principal(s.americas, s.pro), network: "acme") }
    }

    @Test("a private network trains its own model on its own contributions only; its tokens search with it; an erasure there deletes it")
    func learnedRankingPerNetwork() async throws {
        let s = try await Scenario.make()
        defer { s.remove() }
        let a = s.americas.gateway
        var random = SeededGenerator.forTest("PrivateNetworkTests.ranking", variable: "RANKING_SEED", fallback: 20_261_218)
        var tokens: [String] = []
        for index in 0..<30 {
            let token = try await a.tokens.issue(
                role: .deployment, pseudonym: a.keyRing.pseudonym(deploymentId: "acme-sim-\(index)"), plan: .enterprise,
                organization: "acme", actor: .cli
            ).bearer
            _ = try await a.publishTokens()
            _ = try await a.changeConsent(
                try await a.authenticate(authorization: "Bearer \(token)"), request: ConsentChangeRequest(action: "grant", network: "acme"))
            tokens.append(token)
        }
        _ = try await LearnedRankingTests.simulate(s.americas, deployments: tokens, rounds: 6, perBatch: 30, random: &random, network: "acme")
        // One global contribution, which acme's model must not train on.
        let acme1 = try await s.principal(s.americas, s.acme1)
        _ = try await a.changeConsent(acme1, request: ConsentChangeRequest(action: "grant"))
        _ = try await a.contribute(acme1, request: Self.request("global-only", network: nil))
        let officer = try await s.principal(s.americas, s.americas.officer)
        let card = try await a.trainRanker(officer, network: "acme")
        print("PrivateNetworkTests: acme model \(card.modelId), \(card.examples) examples, active \(card.active): \(card.reason)")
        #expect(card.trainingSetSize == 30 * 6 * 30)
        #expect(card.active, "\(card.reason)")
        #expect(try await a.rankerCard(officer, network: "acme") == card)
        // The global network has no model; acme's is not the global one.
        await #expect(throws: GatewayError.self) { try await a.rankerCard(officer) }
        // Not hosted: 404 unknown_network; malformed: 400.
        do {
            _ = try await a.trainRanker(officer, network: "globex")
            Issue.record("trained in a network not hosted here")
        } catch let error as GatewayError { #expect(error.code == .unknownNetwork) }
        // acme's tokens search with acme's model; another organization's with the formula.
        let acmeSearch = try a.search(acme1, sourceCloud: "aws", targetCloud: "gcp", resourceTypes: "EC2,S3,RDS", limit: "5")
        #expect(acmeSearch.ranking == "learned")
        let globex = try await s.principal(s.americas, s.globex)
        #expect(try a.search(globex, sourceCloud: "aws", targetCloud: "gcp", resourceTypes: "EC2,S3", limit: "5").ranking == "formula")
        // Erasing an acme deployment whose contributions it trained on deletes it.
        let erased = try await a.requestErasure(officer, body: ErasureRequestBody(deploymentId: "acme-sim-0"))
        #expect(erased.privateNetworks?.first?.contributionsCovered ?? 0 > 0)
        await #expect(throws: GatewayError.self) { try await a.rankerCard(officer, network: "acme") }
        #expect(try a.search(acme1, sourceCloud: "aws", targetCloud: "gcp", resourceTypes: "EC2,S3,RDS", limit: "5").ranking == "formula")
    }

    @Test("the HTTP edge: network in bodies and queries, 403 plan_required, 404 unknown_network, 400 for a bad name")
    func httpEdge() async throws {
        let s = try await Scenario.make()
        defer { s.remove() }
        try await s.americas.test { client in
            let consent = try await client.execute(
                uri: "/api/v1/consent", method: .put, headers: headers(s.acme1), body: json(["action": "grant", "network": "acme"]))
            #expect(consent.status == .ok)
            let shown = try await client.execute(uri: "/api/v1/consent?network=acme", method: .get, headers: headers(s.acme1, json: false))
            #expect(shown.object["contribute"] as? Bool == true)
            let globalShown = try await client.execute(uri: "/api/v1/consent", method: .get, headers: headers(s.acme1, json: false))
            #expect(globalShown.object["contribute"] as? Bool == false)
            var body = wordpress("acme-http-1")
            body["network"] = "acme"
            #expect(try await client.contribute(s.acme1, body).status == .created)
            #expect(try await client.contribute(s.pro, body).errorCode == "plan_required")
            #expect(try await client.contribute(s.globex, body).errorCode == "unknown_network")
            body["network"] = "Not A Name"
            #expect(try await client.contribute(s.acme1, body).errorCode == "invalid_field")
            let search = try await client.search(s.acme1, "sourceCloud=aws&targetCloud=azure&resourceTypes=EC2")
            let networks = (search.object["patterns"] as? [[String: Any]] ?? []).compactMap { $0["network"] as? String }
            #expect(networks == ["acme"])
            // The sync path of a network not hosted here answers as a bad signature does.
            let probe = try await client.execute(uri: "/api/v1/networks/globex/sync", method: .post, headers: [:], body: ByteBuffer())
            let hosted = try await client.execute(uri: "/api/v1/networks/acme/sync", method: .post, headers: [:], body: ByteBuffer())
            #expect(probe.status == .unauthorized)
            #expect(hosted.status == .unauthorized)
            #expect(probe.errorCode == hosted.errorCode)
        }
    }

    @Test("live: three serve-like gateways, acme's sync service on two of them; acme converges there and never reaches the third")
    func liveSync() async throws {
        let s = try await Scenario.make()
        defer { s.remove() }
        let gateways = [s.americas, s.europe, s.apac]
        let logger = Logger(label: "private-network-test")
        try await serving(3, logger: logger) { position, onServerRunning in
            try PatternGateApplication.make(
                gateway: gateways[position].gateway, registry: gateways[position].registry,
                server: ServerConfiguration(host: "127.0.0.1", port: 0), onServerRunning: onServerRunning)
        } body: { ports in
            var services: [any Service] = []
            for position in 0..<3 {
                let others = (0..<3).filter { $0 != position }.map { "http://127.0.0.1:\(ports[$0])" }
                services.append(
                    SyncService(
                        gateway: gateways[position].gateway, configuration: SyncConfiguration(peers: others), client: HTTPClient.shared,
                        logger: logger))
            }
            // acme's peers: gw-americas and gw-europe name each other (gw-apac is not asked).
            for (position, peer) in [(0, 1), (1, 0)] {
                services.append(
                    SyncService(
                        gateway: gateways[position].gateway,
                        configuration: SyncConfiguration(peers: ["http://127.0.0.1:\(ports[peer])"], network: .named("acme")),
                        client: HTTPClient.shared, logger: logger))
            }
            let group = ServiceGroup(configuration: .init(services: services, logger: logger))
            try await withThrowingTaskGroup(of: Void.self) { tasks in
                tasks.addTask { try await group.run() }
                let acme1 = try await s.principal(s.americas, s.acme1)
                _ = try await s.americas.gateway.changeConsent(acme1, request: ConsentChangeRequest(action: "grant", network: "acme"))
                let made = try await s.americas.gateway.contribute(acme1, request: Self.request("acme-live-1", network: "acme"))
                let europe = s.europe.gateway
                let seen = try await eventually(within: .seconds(60)) {
                    let principal = try await s.principal(s.europe, s.acme2)
                    return (try? europe.pattern(principal, id: made.patternId)) != nil
                }
                #expect(seen, "acme's contribution did not reach gw-europe")
                let digests = [
                    try await s.americas.gateway.database.stateDigest(network: .named("acme")),
                    try await europe.database.stateDigest(network: .named("acme")),
                ]
                #expect(digests[0] == digests[1])
                // Global sync ran all along: gw-apac has the tokens, and nothing of acme.
                #expect(try await s.apac.gateway.database.versionVector(network: .global)["gw-americas"] > 0)
                #expect(try Self.files(of: s.apac).range(of: Data(made.contributionId.utf8)) == nil)
                // An officer's status lists acme with its digest; acme's peers see only acme's.
                let status = try await s.americas.gateway.syncStatus(withPrivateNetworks: true)
                #expect(status.privateNetworks?.first?.network == "acme")
                #expect(status.privateNetworks?.first?.digest == digests[0])
                #expect(status.privateNetworks?.first?.peers.map(\.peer) == ["gw-europe"])
                await group.triggerGracefulShutdown()
            }
        }
    }
}
