import Foundation
import GRDB
import Gateway
import GatewayTestSupport
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Privacy
import Replication
import Storage
import TestSupport
import Testing

/// `GET /api/v1/network/stats` and the network gauges of `/metrics` (docs/design.md, "Network
/// figures"): rounded to 10, suppressed below `stats.minCount`, recomputed at most once per
/// interval on the injected clock, and an erasure removed at the next read.
@Suite("Network figures")
struct NetworkFiguresTests {
    /// Resource-type sets, one pattern each (with the seed's WordPress source, target and strategy).
    static let typeSets: [[String]] = {
        let types = ["EC2", "EBS", "S3", "Glacier", "EFS", "RDS", "Aurora", "DynamoDB", "Lambda", "ECS", "EKS", "ELB"]
        return types.indices.flatMap { first in types.indices.filter { $0 > first }.map { [types[first], types[$0]] } }
    }()

    /// A migration of the seed's shape on the `index`-th resource-type set.
    static func migration(_ id: String, pattern index: Int, following: String? = nil) -> [String: Any] {
        var body = wordpress(id)
        body["resourceTypes"] = typeSets[index % typeSets.count]
        if let following { body["followedPatternId"] = following }
        return body
    }

    /// `count` more deployments with consent, one contribution each on its own pattern; every
    /// `followEvery`-th follows `followed`. Returns their tokens.
    static func populate(
        _ harness: TestGateway, _ client: any TestClientProtocol, count: Int, from start: Int = 0, followed: String? = nil, followEvery: Int = 2
    ) async throws -> [String] {
        var tokens: [String] = []
        for index in start..<(start + count) {
            let pseudonym = harness.gateway.keyRing.pseudonym(deploymentId: "stats-deployment-\(index)")
            let token = try await harness.gateway.tokens.issue(role: .deployment, pseudonym: pseudonym, actor: .cli).bearer
            try await client.grant(token)
            let following = index % followEvery == 0 ? followed : nil
            let made = try await client.contribute(token, migration("stats-\(index)", pattern: index, following: following))
            #expect(made.status == .created)
            tokens.append(token)
        }
        return tokens
    }

    static func stats(_ client: any TestClientProtocol, _ token: String) async throws -> [String: Any] {
        let response = try await client.execute(uri: "/api/v1/network/stats", method: .get, headers: headers(token, json: false))
        #expect(response.status == .ok)
        return response.object
    }

    /// A figure as `(value, suppressed)`; `value` nil when the JSON says null.
    static func figure(_ stats: [String: Any], _ scope: String, _ name: String) -> (value: Double?, suppressed: Bool) {
        let figure = (stats[scope] as? [String: Any])?[name] as? [String: Any] ?? [:]
        #expect(figure.keys.sorted() == ["suppressed", "value"], "\(scope).\(name) has both keys")
        return ((figure["value"] as? NSNumber)?.doubleValue, figure["suppressed"] as? Bool ?? false)
    }

    static let names = ["activeDeployments", "contributions", "uniquePatterns", "reuseRate", "multiplier"]

    @Test("counts round to the nearest 10, halves up; a share to tenths; below minCount is suppressed")
    func rounding() {
        #expect(NetworkFigure.count(9, minCount: 10) == .suppressedFigure)
        #expect(NetworkFigure.count(10, minCount: 10).value == 10)
        #expect(NetworkFigure.count(14, minCount: 10).value == 10)
        #expect(NetworkFigure.count(15, minCount: 10).value == 20)
        #expect(NetworkFigure.count(299_996, minCount: 10).value == 300_000)
        #expect(NetworkFigure.share(9, of: 100, minCount: 10) == .suppressedFigure)
        #expect(NetworkFigure.share(10, of: 9, minCount: 10) == .suppressedFigure)
        #expect(NetworkFigure.share(10, of: 30, minCount: 10).value == 0.3)
        #expect(NetworkFigure.share(15, of: 20, minCount: 10).value == 0.8)
        #expect(NetworkFigure.share(20, of: 20, minCount: 10).value == 1)
        var counts = ScopeCounts()
        counts.activeDeployments = 44
        counts.uniquePatterns = 25
        let figures = NetworkScopeFigures(counts, minCount: 10)
        // log10(40) × 30 = 48.06 → 50, from the published (rounded) inputs.
        #expect(figures.multiplier.value == 50)
        counts.uniquePatterns = 9
        #expect(NetworkScopeFigures(counts, minCount: 10).multiplier == .suppressedFigure)
    }

    @Test("a small gateway: every figure suppressed, for every role; no token is 401; /metrics has no network figure")
    func smallGateway() async throws {
        let harness = try await TestGateway.make()
        defer { harness.remove() }
        try await harness.test { client in
            try await client.grant(harness.alpha)
            _ = try await client.contribute(harness.alpha, wordpress("small-1"))
            for token in [harness.alpha, harness.officer, harness.auditor] {
                let stats = try await Self.stats(client, token)
                #expect(stats.keys.sorted() == ["asOf", "gateway", "network"])
                for scope in ["gateway", "network"] {
                    #expect((stats[scope] as? [String: Any])?.keys.sorted() == Self.names.sorted())
                    for name in Self.names {
                        let figure = Self.figure(stats, scope, name)
                        #expect(figure.value == nil && figure.suppressed, "\(scope).\(name)")
                    }
                }
            }
            let unauthenticated = try await client.execute(uri: "/api/v1/network/stats", method: .get)
            #expect(unauthenticated.status == .unauthorized)
            let metrics = try await client.execute(uri: "/metrics", method: .get)
            #expect(!metrics.text.contains("patterngate_network_"))
        }
    }

    @Test("a large gateway: rounded figures and the multiplier, the same for the gateway and the network; /metrics carries the network's")
    func largeGateway() async throws {
        let harness = try await TestGateway.make()
        defer { harness.remove() }
        try await harness.test { client in
            try await client.grant(harness.alpha)
            let first = try await client.contribute(harness.alpha, Self.migration("large-0", pattern: 0))
            let followed = try #require(first.object["patternId"] as? String)
            // alpha + 33 deployments = 34 active; 34 contributions on 34 patterns; 17 of 34 follow one.
            _ = try await Self.populate(harness, client, count: 33, from: 1, followed: followed)
            let stats = try await Self.stats(client, harness.beta)
            for scope in ["gateway", "network"] {
                #expect(Self.figure(stats, scope, "activeDeployments") == (30, false))
                #expect(Self.figure(stats, scope, "contributions") == (30, false))
                #expect(Self.figure(stats, scope, "uniquePatterns") == (30, false))
                #expect(Self.figure(stats, scope, "reuseRate") == (0.5, false))
                // log10(30) × 30 = 44.3 → 40.
                #expect(Self.figure(stats, scope, "multiplier") == (40, false))
            }
            let metrics = try await client.execute(uri: "/metrics", method: .get).text
            let lines = metrics.split(separator: "\n").filter { $0.hasPrefix("patterngate_network_") }.sorted()
            #expect(
                lines == [
                    "patterngate_network_active_deployments 30.0", "patterngate_network_contributions 30.0",
                    "patterngate_network_multiplier 40.0", "patterngate_network_reuse_rate 0.5",
                    "patterngate_network_unique_patterns 30.0",
                ])
        }
    }

    @Test("recomputed at most once per interval (the clock moves, nobody sleeps); an erasure leaves at the next read, as of the same moment")
    func interval() async throws {
        let clock = ManualClock()
        let harness = try await TestGateway.make(networkFiguresClock: clock)
        defer { harness.remove() }
        try await harness.test { client in
            let tokens = try await Self.populate(harness, client, count: 35)
            let before = try await Self.stats(client, harness.officer)
            #expect(Self.figure(before, "network", "contributions") == (40, false))
            #expect(Self.figure(before, "network", "activeDeployments") == (40, false))
            // Ten more contributions: not seen before the interval has passed.
            _ = try await Self.populate(harness, client, count: 10, from: 35)
            clock.advance(by: .seconds(3599))
            let cached = try await Self.stats(client, harness.officer)
            #expect(NSDictionary(dictionary: cached) == NSDictionary(dictionary: before))
            // One deployment erases itself: gone at the next read (35 → 34 rounds 40 → 30), and
            // the ten made after the figures were taken still do not count.
            let erased = try await client.execute(uri: "/api/v1/erasure", method: .post, headers: headers(tokens[0]), body: json([:]))
            #expect(erased.status == .created)
            let afterErasure = try await Self.stats(client, harness.officer)
            #expect(afterErasure["asOf"] as? String == before["asOf"] as? String)
            #expect(Self.figure(afterErasure, "network", "contributions") == (30, false))
            #expect(Self.figure(afterErasure, "network", "activeDeployments") == (30, false))
            #expect(Self.figure(afterErasure, "gateway", "contributions") == (30, false))
            // The interval passes: the figures are taken again, with the ten (44 → 40).
            clock.advance(by: .seconds(1))
            let later = try await Self.stats(client, harness.officer)
            #expect(later["asOf"] as? String != before["asOf"] as? String)
            #expect(Self.figure(later, "network", "contributions") == (40, false))
            #expect(Self.figure(later, "network", "activeDeployments") == (40, false))
        }
    }

    @Test("two gateways: the network figures count every origin, the gateway figures only what entered here")
    func gatewayAndNetwork() async throws {
        let network = try await TestNetwork.make(2)
        defer { network.remove() }
        let (americas, europe) = (network.gateways[0], network.gateways[1])
        try await americas.test { client in _ = try await Self.populate(americas, client, count: 24) }
        try await europe.test { client in _ = try await Self.populate(europe, client, count: 12, from: 24) }
        // Europe receives Americas' events by the sync exchange.
        try await ErasureTests.sync(from: americas.gateway, to: europe.gateway, peer: "gw-americas")
        try await europe.test { client in
            let stats = try await Self.stats(client, europe.officer)
            #expect(Self.figure(stats, "network", "contributions") == (40, false))
            #expect(Self.figure(stats, "network", "activeDeployments") == (40, false))
            #expect(Self.figure(stats, "gateway", "contributions") == (10, false))
            #expect(Self.figure(stats, "gateway", "activeDeployments") == (10, false))
        }
    }

    @Test("the policy's stats block: defaults, bounds, and the hash covers it")
    func policy() throws {
        let policy = try TestGateway.policy()
        #expect(policy.stats == Policy.StatsSettings(minCount: 10, recomputeSeconds: 3600))
        let text = try String(contentsOf: repositoryRoot.appendingPathComponent("policies/default.yaml"), encoding: .utf8)
        for (old, new) in [("minCount: 10", "minCount: 4"), ("recomputeSeconds: 3600", "recomputeSeconds: 59")] {
            #expect(throws: PolicyError.self) {
                try PolicyLoader.load(yaml: text.replacingOccurrences(of: old, with: new)) { try Self.listText($0) }
            }
        }
        let changed = try PolicyLoader.load(yaml: text.replacingOccurrences(of: "minCount: 10", with: "minCount: 20")) {
            try Self.listText($0)
        }
        #expect(changed.stats.minCount == 20)
        #expect(changed.hash != policy.hash)
    }

    /// The seed's year 3 (10,000 deployments, 300,000 contributions) at `NETWORK_FIGURES_SCALE`
    /// (default 0.1: 1,000 and 30,000), written straight into the tables, two origins; the time of
    /// the counts is printed, not asserted (docs/design.md, "Network figures").
    @Test("the counts at scale: exact before rounding; the time is printed")
    func scale() async throws {
        let scale = Double(ProcessInfo.processInfo.environment["NETWORK_FIGURES_SCALE"] ?? "0.1") ?? 0.1
        let deployments = Int(10_000 * scale), contributions = Int(300_000 * scale)
        let harness = try await TestGateway.make()
        defer { harness.remove() }
        let now = Int64(Date().timeIntervalSince1970 * 1000)
        let day: Int64 = 24 * 3600 * 1000
        let grant = try EventPayloadCoding.encode(
            ConsentChanged(pseudonym: "", granted: true, purposes: ["contribute"], policyVersion: "2026-11-25", actor: "self", at: "x"))
        try await harness.gateway.database.write { db in
            let event = try db.makeStatement(
                sql:
                    "INSERT INTO event(origin, seq, hlc_wall, hlc_logical, kind, causal_context, content_hash, payload) VALUES (?, ?, ?, 0, ?, '{}', 'h', ?)"
            )
            let contributionEvent = try db.makeStatement(
                sql:
                    "INSERT INTO contribution_event(origin, seq, contribution_id, pseudonym, hlc_wall, hlc_logical, followed) VALUES (?, ?, ?, ?, ?, 0, ?)"
            )
            let contribution = try db.makeStatement(
                sql: "INSERT INTO contribution(contribution_id, pattern_id, pseudonym, request_digest, origin, seq) VALUES (?, ?, ?, 'd', ?, ?)")
            let consent = try db.makeStatement(sql: "INSERT INTO consent_change(origin, seq, pseudonym) VALUES (?, ?, ?)")
            // Deployments 0, 2, 4, … consented (on gw-scale-a); every deployment contributes.
            for d in stride(from: 0, to: deployments, by: 2) {
                let pseudonym = "p\(d)"
                var payload = try JSONSerialization.jsonObject(with: grant) as! [String: Any]
                payload["pseudonym"] = pseudonym
                try event.execute(arguments: ["gw-scale-a", d + 1, now - day, "consent.changed", try JSONSerialization.data(withJSONObject: payload)])
                try consent.execute(arguments: ["gw-scale-a", d + 1, pseudonym])
            }
            for c in 0..<contributions {
                let origin = c % 2 == 0 ? "gw-scale-a" : "gw-scale-b", seq = 1_000_000 + c
                // One in ten older than the window; one in three follows a pattern.
                let wall = c % 10 == 0 ? now - 200 * day : now - Int64(c % 80) * day
                let payload = c % 3 == 0 ? #"{"record":{"followedPatternId":"0123456789abcdef0123456789abcdef"}}"# : #"{"record":{}}"#
                try event.execute(arguments: [origin, seq, wall, "contribution.added", Data(payload.utf8)])
                try contributionEvent.execute(arguments: [origin, seq, "c\(c)", "p\(c % deployments)", wall, c % 3 == 0])
                try contribution.execute(arguments: ["c\(c)", "pattern-\(c % (contributions / 6))", "p\(c % deployments)", origin, seq])
            }
        }
        let started = ContinuousClock.now
        let counts = try await harness.gateway.database.networkCounts(
            gatewayId: "gw-scale-a", asOfMillis: now, windowMillis: 90 * day, purpose: "contribute")
        let elapsed = ContinuousClock.now - started
        print("network counts: \(deployments) deployments, \(contributions) contributions: \(elapsed)")
        #expect(counts.network.contributions == contributions)
        #expect(counts.network.uniquePatterns == contributions / 6)
        #expect(counts.network.activeDeployments == deployments)
        #expect(counts.network.recentContributions == contributions - contributions / 10)
        #expect(counts.gateway.contributions == contributions / 2)
        // Consented here (every even deployment) or contributed here recently (the even ones too).
        #expect(counts.gateway.activeDeployments == deployments / 2)
        let following = (0..<contributions).filter { $0 % 3 == 0 && $0 % 10 != 0 }.count
        #expect(counts.network.recentFollowing == following)
    }

    static func listText(_ path: String) throws -> String {
        try String(contentsOf: repositoryRoot.appendingPathComponent("policies").appendingPathComponent(path), encoding: .utf8)
    }
}
