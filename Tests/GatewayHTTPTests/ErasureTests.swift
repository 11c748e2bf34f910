import Foundation
import GRDB
import Gateway
import GatewayTestSupport
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import PatternCore
import Replication
import Storage
import TestSupport
import Testing

@Suite("Erasure, rectification, export and purge")
struct ErasureTests {
    /// Every event `to` lacks from `from`, through the same check and store a sync exchange uses.
    static func sync(from: PatternGateway, to: PatternGateway, peer: String) async throws {
        var vector = VersionVector()
        while true {
            let response = try await from.syncResponse(for: vector)
            try await to.receive(try await to.accept(response), from: peer)
            vector = vector.merged(with: VersionVector(Dictionary(grouping: response.events, by: \.origin).mapValues { $0.map(\.seq).max()! }))
            if !response.more { break }
        }
    }

    /// Two gateways of one network. Cut off from `here`, `cutOff` takes a contribution of the
    /// alpha deployment while `here` erases that deployment.
    struct LateCopy {
        let key: String
        let here: TestGateway
        let cutOff: TestGateway
        let contributionId: String
        let requestId: String

        static func make() async throws -> LateCopy {
            let key = FileManager.default.temporaryDirectory.appendingPathComponent("pg-test-key-\(UUID().uuidString)").path
            let here = try await TestGateway.make(networkKeyFile: key, gatewayId: "gw-here")
            let cutOff = try await TestGateway.make(networkKeyFile: key, gatewayId: "gw-cut-off")
            let alphaHere = try await here.gateway.authenticate(authorization: "Bearer \(here.alpha)")
            _ = try await here.gateway.changeConsent(alphaHere, request: ConsentChangeRequest(action: "grant"))
            try await ErasureTests.sync(from: here.gateway, to: cutOff.gateway, peer: "gw-here")
            let alphaThere = try await cutOff.gateway.authenticate(authorization: "Bearer \(cutOff.alpha)")
            let late = try RequestDecoding.decode(ContributePatternRequest.self, from: JSONSerialization.data(withJSONObject: wordpress("wp-late")))
            let made = try await cutOff.gateway.contribute(alphaThere, request: late)
            let officer = try await here.gateway.authenticate(authorization: "Bearer \(here.officer)")
            let receipt = try await here.gateway.requestErasure(officer, body: ErasureRequestBody(deploymentId: TestGateway.alphaId))
            return LateCopy(key: key, here: here, cutOff: cutOff, contributionId: made.contributionId, requestId: receipt.requestId)
        }

        /// The partition heals: `here` receives the late copy.
        func heal() async throws { try await ErasureTests.sync(from: cutOff.gateway, to: here.gateway, peer: "gw-cut-off") }

        /// The late copy's stored state at `here` and whether it still has its payload.
        func stateHere() async throws -> String? {
            try await here.gateway.database.read { [contributionId] db in
                try Row.fetchOne(
                    db,
                    sql: """
                        SELECT e.state, e.payload IS NULL FROM contribution_event ce JOIN event e ON e.origin = ce.origin AND e.seq = ce.seq
                        WHERE ce.contribution_id = ?
                        """, arguments: [contributionId]
                ).map { ($0[0] as String) + (($0[1] as Bool) ? " without payload" : " with payload") }
            }
        }

        func remove() {
            here.remove()
            cutOff.remove()
            try? FileManager.default.removeItem(atPath: key)
        }
    }

    @Test("a covered copy that arrives after the last purge chunk is removed by the certificate's own transaction")
    func lateCopyBeforeCertificate() async throws {
        let late = try await LateCopy.make()
        defer { late.remove() }
        while try await late.here.gateway.database.purgeChunk(requestId: late.requestId, limit: 500) > 0 {}
        try await late.heal()
        #expect(try await late.stateHere() == "erased with payload")
        #expect(
            try await late.here.gateway.database.recordPurged(
                requestId: late.requestId, origin: "gw-here", actor: .system,
                stamp: { HLCTimestamp(wallMillis: UInt64(Date().timeIntervalSince1970 * 1000), logical: 0) }))
        #expect(try await late.stateHere() == "purged without payload")
    }

    @Test("a covered copy that arrives after this gateway certified the purge is stored without its payload")
    func lateCopyAfterPurge() async throws {
        let late = try await LateCopy.make()
        defer { late.remove() }
        _ = try await late.here.gateway.purge(asOf: Date().addingTimeInterval(400 * 86_400))
        try await late.heal()
        #expect(try await late.stateHere() == "purged without payload")
        #expect(late.here.gateway.liveContributionCount == 0)
    }

    @Test("erasing one contribution leaves the others live; aggregates equal a recomputation from the rest")
    func eraseOne() async throws {
        let harness = try await TestGateway.make()
        defer { harness.remove() }
        try await harness.test { client in
            try await client.grant(harness.alpha)
            try await client.grant(harness.beta)
            var ids: [String] = []
            for (n, rate) in [0.9, 0.5, 0.7].enumerated() {
                let made = try await client.contribute(harness.alpha, wordpress("wp-\(n)", successRate: rate))
                ids.append(try #require(made.object["contributionId"] as? String))
            }
            _ = try await client.contribute(harness.beta, wordpress("wp-b", successRate: 0.2))
            let erased = try await client.execute(
                uri: "/api/v1/erasure", method: .post, headers: headers(harness.alpha), body: json(["contributionIds": [ids[1]]]))
            #expect(erased.status == .created)
            #expect(erased.object["contributionsCovered"] as? Int == 1)
            #expect(harness.gateway.liveContributionCount == 3)
            let found = try await client.search(harness.beta, "sourceCloud=aws&targetCloud=azure&resourceTypes=EC2,RDS,S3")
            let pattern = try #require((found.object["patterns"] as? [[String: Any]])?.first)
            let remaining = try await harness.gateway.database.liveContributions()
            let expected = try #require(PatternSummary.derive(key: remaining[0].record.patternKey, from: remaining))
            #expect(abs((pattern["successRate"] as? Double ?? 0) - expected.successRate) < 1e-12)
            #expect(pattern["contributors"] as? Int == expected.contributors)
            #expect(abs(expected.successRate - (0.9 + 0.7 + 0.2) / 3) < 1e-12)
            // The erased one cannot be revised or made again.
            var revised = wordpress("wp-1")
            revised["successRate"] = 0.6
            let gone = try await client.execute(
                uri: "/api/v1/contributions/\(ids[1])", method: .put, headers: headers(harness.alpha), body: json(revised))
            #expect(gone.status == .gone)
            #expect(try await client.contribute(harness.alpha, wordpress("wp-1", successRate: 0.5)).status == .gone)
            // A live one can: the pattern follows the new version.
            revised = wordpress("wp-0")
            revised["successRate"] = 0.3
            let ok = try await client.execute(
                uri: "/api/v1/contributions/\(ids[0])", method: .put, headers: headers(harness.alpha), body: json(revised))
            #expect(ok.status == .ok)
            let after = try await client.search(harness.beta, "sourceCloud=aws&targetCloud=azure&resourceTypes=EC2,RDS,S3")
            let rate = try #require((after.object["patterns"] as? [[String: Any]])?.first?["successRate"] as? Double)
            #expect(abs(rate - (0.3 + 0.7 + 0.2) / 3) < 1e-12)
            // Someone else's contribution: refused, nothing changes.
            let other = try await client.execute(
                uri: "/api/v1/contributions/\(ids[2])", method: .put, headers: headers(harness.beta), body: json(wordpress("wp-2")))
            #expect(other.status == .badRequest || other.status == .notFound)
        }
    }

    @Test("a deployment erasure hides everything at once; purge as of the due date removes payloads and reports purged")
    func eraseDeploymentAndPurge() async throws {
        let harness = try await TestGateway.make()
        defer { harness.remove() }
        try await harness.test { client in
            try await client.grant(harness.alpha)
            for n in 0..<3 { _ = try await client.contribute(harness.alpha, wordpress("wp-\(n)")) }
            let erased = try await client.execute(
                uri: "/api/v1/erasure", method: .post, headers: headers(harness.officer), body: json(["deploymentId": TestGateway.alphaId]))
            #expect(erased.status == .created)
            #expect(erased.object["contributionsCovered"] as? Int == 3)
            let requestId = try #require(erased.object["requestId"] as? String)
            let due = try #require(erased.object["purgeDueAt"] as? String)
            #expect(harness.gateway.liveContributionCount == 0)
            let found = try await client.search(harness.officer, "sourceCloud=aws&targetCloud=azure&resourceTypes=EC2")
            #expect(found.object["totalMatches"] as? Int == 0)

            let dry = try await client.execute(
                uri: "/api/v1/admin/purge", method: .post, headers: headers(harness.officer), body: json(["asOf": due, "dryRun": true]))
            #expect(dry.object["events"] as? Int == 3)
            let before = try await client.execute(
                uri: "/api/v1/admin/purge", method: .post, headers: headers(harness.officer), body: json(["asOf": "2020-01-01"]))
            #expect(before.object["events"] as? Int == 0)
            let purged = try await client.execute(
                uri: "/api/v1/admin/purge", method: .post, headers: headers(harness.officer), body: json(["asOf": due]))
            #expect(purged.status == .ok)
            #expect(purged.object["events"] as? Int == 3)
            #expect(purged.object["checkpoint"] as? String == "clean")
            let stored = try await harness.gateway.database.read { db in
                try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM event WHERE kind = 'contribution.added' AND payload IS NOT NULL") ?? -1
            }
            #expect(stored == 0)
            let status = try await client.execute(uri: "/api/v1/erasure/\(requestId)", method: .get, headers: headers(harness.officer, json: false))
            let gateways = try #require(status.object["gateways"] as? [[String: Any]])
            #expect(gateways.count == 1)
            #expect(gateways.first?["purged"] as? Bool == true)
            #expect(status.object["complete"] as? Bool == true)
            // The deployment reads its own request; another deployment may not.
            #expect(
                try await client.execute(uri: "/api/v1/erasure/\(requestId)", method: .get, headers: headers(harness.alpha, json: false)).status
                    == .ok)
            #expect(
                try await client.execute(uri: "/api/v1/erasure/\(requestId)", method: .get, headers: headers(harness.beta, json: false)).status
                    == .forbidden)
            let actions = try await harness.gateway.database.auditEntries().map(\.action)
            #expect(actions.contains("erasure.requested") && actions.contains("erasure.purged"))
        }
    }

    @Test("malformed erasure requests are 400 and change nothing; unknown ids get notSeenHere tombstones")
    func malformed() async throws {
        let harness = try await TestGateway.make()
        defer { harness.remove() }
        try await harness.test { client in
            // The token publisher (issue 21) would otherwise add the harness's token events
            // while the requests run: publish them first, so the count measures the requests.
            try await harness.gateway.publishTokens()
            let events = try await harness.gateway.database.eventCount()
            for body: [String: Any] in [
                ["contributionIds": ["not-hex"]], ["contributionIds": []], [:], ["deploymentId": ""],
                ["deploymentId": "x", "contributionIds": [String(repeating: "a", count: 64)]],
            ] {
                let response = try await client.execute(uri: "/api/v1/erasure", method: .post, headers: headers(harness.officer), body: json(body))
                #expect(response.status == .badRequest, "\(body)")
            }
            #expect(try await harness.gateway.database.eventCount() == events)
            let unknown = try await client.execute(
                uri: "/api/v1/erasure", method: .post, headers: headers(harness.officer),
                body: json(["contributionIds": [String(repeating: "b", count: 64)]]))
            #expect(unknown.status == .created)
            #expect((unknown.object["tombstones"] as? [[String: Any]])?.first?["notSeenHere"] as? Bool == true)
            // A deployment with nothing here still gets a tombstone.
            let nothing = try await client.execute(uri: "/api/v1/erasure", method: .post, headers: headers(harness.beta), body: json([:]))
            #expect(nothing.status == .created)
            #expect((nothing.object["tombstones"] as? [[String: Any]])?.count == 1)
        }
    }

    @Test("revoking consent erases (eraseOnRevoke); contributions after a renewed grant are live")
    func revokeErases() async throws {
        let harness = try await TestGateway.make()
        defer { harness.remove() }
        try await harness.test { client in
            try await client.grant(harness.alpha)
            _ = try await client.contribute(harness.alpha, wordpress("wp-1"))
            let revoked = try await client.execute(
                uri: "/api/v1/consent", method: .put, headers: headers(harness.alpha), body: json(["action": "revoke"]))
            #expect(revoked.status == .ok)
            let erasure = try #require(revoked.object["erasure"] as? [String: Any])
            #expect(erasure["contributionsCovered"] as? Int == 1)
            #expect(erasure["reason"] as? String == "consent_revoked")
            #expect(harness.gateway.liveContributionCount == 0)
            try await client.grant(harness.alpha)
            #expect(try await client.contribute(harness.alpha, wordpress("wp-2")).status == .created)
            #expect(harness.gateway.liveContributionCount == 1)
        }
    }

    @Test("a whole-deployment erasure ends its consent: a re-send is 403 until a new grant, and then live again (issue 13, finding 5)")
    func erasureEndsConsent() async throws {
        let harness = try await TestGateway.make()
        defer { harness.remove() }
        try await harness.test { client in
            for requester in [harness.alpha, harness.officer] {
                try await client.grant(harness.alpha)
                let first = try await client.contribute(harness.alpha, wordpress("wp-again"))
                #expect(first.status == .created)
                let body: [String: Any] = requester == harness.officer ? ["deploymentId": TestGateway.alphaId] : [:]
                let erased = try await client.execute(uri: "/api/v1/erasure", method: .post, headers: headers(requester), body: json(body))
                #expect(erased.status == .created)
                #expect(harness.gateway.liveContributionCount == 0)
                let resent = try await client.contribute(harness.alpha, wordpress("wp-again"))
                #expect(resent.status == .forbidden)
                #expect(resent.errorCode == "consent_required")
                #expect(harness.gateway.liveContributionCount == 0)
                let state = try await client.execute(uri: "/api/v1/consent", method: .get, headers: headers(harness.alpha, json: false))
                #expect((state.object["activePurposes"] as? [String]) == [])
            }
            // A new grant, made after the tombstone, opts in again: the same body is live under the same id.
            try await client.grant(harness.alpha)
            #expect(try await client.contribute(harness.alpha, wordpress("wp-again")).status == .created)
            #expect(harness.gateway.liveContributionCount == 1)
        }
    }

    @Test("erasing a deployment twice while its request is open returns the open request (200, duplicate) (issue 21)")
    func duplicateErasure() async throws {
        let harness = try await TestGateway.make()
        defer { harness.remove() }
        try await harness.test { client in
            try await client.grant(harness.alpha)
            _ = try await client.contribute(harness.alpha, wordpress("wp-1"))
            let first = try await client.execute(uri: "/api/v1/erasure", method: .post, headers: headers(harness.alpha), body: json([:]))
            #expect(first.status == .created)
            let again = try await client.execute(
                uri: "/api/v1/erasure", method: .post, headers: headers(harness.officer), body: json(["deploymentId": TestGateway.alphaId]))
            #expect(again.status == .ok)
            #expect(again.object["duplicate"] as? Bool == true)
            #expect(again.object["requestId"] as? String == first.object["requestId"] as? String)
            let tombstones = try await harness.gateway.database.tombstones(
                pseudonym: harness.gateway.keyRing.pseudonym(deploymentId: TestGateway.alphaId))
            #expect(tombstones.count == 1)
            // Once purged everywhere (one gateway here), a new request is a new one.
            _ = try await harness.gateway.purge(asOf: Date().addingTimeInterval(40 * 86_400))
            let later = try await client.execute(uri: "/api/v1/erasure", method: .post, headers: headers(harness.alpha), body: json([:]))
            #expect(later.status == .created)
            #expect(later.object["requestId"] as? String != first.object["requestId"] as? String)
        }
    }

    @Test("officers list erasure requests by state, page by page; deployments may not; a bad cursor is 400 (issue 21)")
    func listErasures() async throws {
        let harness = try await TestGateway.make()
        defer { harness.remove() }
        try await harness.test { client in
            var ids: [String] = []
            for token in [harness.alpha, harness.beta] {
                let made = try await client.execute(uri: "/api/v1/erasure", method: .post, headers: headers(token), body: json([:]))
                ids.append(try #require(made.object["requestId"] as? String))
            }
            func list(_ query: String, _ token: String) async throws -> TestResponse {
                try await client.execute(uri: "/api/v1/erasure?\(query)", method: .get, headers: headers(token, json: false))
            }
            let all = try await list("", harness.officer)
            #expect(all.status == .ok)
            #expect((all.object["requests"] as? [[String: Any]])?.compactMap { $0["requestId"] as? String } == ids)
            #expect(all.object.keys.contains("nextCursor") && all.object["nextCursor"] is NSNull)
            let first = try await list("limit=1", harness.officer)
            #expect((first.object["requests"] as? [[String: Any]])?.count == 1)
            let cursor = try #require(first.object["nextCursor"] as? String)
            let second = try await list("limit=1&cursor=\(cursor.addingPercentEncoding(withAllowedCharacters: .alphanumerics)!)", harness.officer)
            #expect((second.object["requests"] as? [[String: Any]])?.first?["requestId"] as? String == ids[1])
            #expect(second.object["nextCursor"] is NSNull)
            #expect((try await list("state=open", harness.officer).object["requests"] as? [[String: Any]])?.count == 2)
            #expect((try await list("state=complete", harness.officer).object["requests"] as? [[String: Any]])?.count == 0)
            _ = try await harness.gateway.purge(asOf: Date().addingTimeInterval(40 * 86_400))
            #expect((try await list("state=complete", harness.officer).object["requests"] as? [[String: Any]])?.count == 2)
            #expect(try await list("", harness.alpha).status == .forbidden)
            #expect(try await list("cursor=bm9wZQ==", harness.officer).status == .badRequest)
            #expect(try await list("state=lost", harness.officer).status == .badRequest)
            #expect(try await list("limit=0", harness.officer).status == .badRequest)
        }
    }

    @Test("a rectification forgets: the old version is hidden at once and, after its purge date, in no file of either gateway (issue 21)")
    func rectificationForgets() async throws {
        let key = FileManager.default.temporaryDirectory.appendingPathComponent("pg-rectify-\(UUID().uuidString).key").path
        let here = try await TestGateway.make(networkKeyFile: key, gatewayId: "gw-here")
        let there = try await TestGateway.make(networkKeyFile: key, gatewayId: "gw-there")
        defer { here.remove(); there.remove(); try? FileManager.default.removeItem(atPath: key) }
        let alpha = try await here.gateway.authenticate(authorization: "Bearer \(here.alpha)")
        _ = try await here.gateway.changeConsent(alpha, request: ConsentChangeRequest(action: "grant"))
        var body = wordpress("wp-rectify")
        body["steps"] = [["action": "replicate_db", "durationSeconds": 60, "success": false, "errorMessage": "xylophone quota exceeded"]]
        let original = try RequestDecoding.decode(ContributePatternRequest.self, from: JSONSerialization.data(withJSONObject: body))
        let made = try await here.gateway.contribute(alpha, request: original)
        try await ErasureTests.sync(from: here.gateway, to: there.gateway, peer: "gw-here")
        #expect(there.gateway.liveContributionCount == 1)
        body["steps"] = [["action": "replicate_db", "durationSeconds": 60, "success": false]]
        let corrected = try RequestDecoding.decode(ContributePatternRequest.self, from: JSONSerialization.data(withJSONObject: body))
        _ = try await here.gateway.reviseContribution(alpha, contributionId: made.contributionId, request: corrected)
        try await ErasureTests.sync(from: here.gateway, to: there.gateway, peer: "gw-here")
        // Hidden at once: the export shows the current version only, and the old one's purge date.
        let officer = try await there.gateway.authenticate(authorization: "Bearer \(there.officer)")
        let export = try await there.gateway.export(officer, body: ExportRequestBody(deploymentId: TestGateway.alphaId))
        #expect(export.contributions.filter { $0.record != nil }.count == 1)
        let old = try #require(export.contributions.first { $0.state == "superseded" })
        #expect(old.record == nil && old.purgeDueAt != nil)
        #expect(try await here.gateway.database.stateDigest() == there.gateway.database.stateDigest())
        // After the purge date, the old version's words are in no file of either data dir.
        for harness in [here, there] {
            let report = try await harness.gateway.purge(asOf: Date().addingTimeInterval(40 * 86_400))
            #expect(report.supersededVersions == 1)
            _ = try await harness.gateway.database.writer.writeWithoutTransaction { try $0.checkpoint(.truncate) }
            for name in try FileManager.default.contentsOfDirectory(atPath: harness.directory.path) {
                let data = try Data(contentsOf: harness.directory.appendingPathComponent(name))
                #expect(data.range(of: Data("xylophone".utf8)) == nil, "\(name)")
            }
        }
        #expect(try await here.gateway.database.stateDigest() == there.gateway.database.stateDigest())
        #expect(there.gateway.liveContributionCount == 1)
    }

    @Test(
        "retirement never completes an erasure: a gateway retired before it purged is retiredUnpurged until its own purge or an attestation (issue 21)"
    )
    func retirementIsNoPurge() async throws {
        let key = FileManager.default.temporaryDirectory.appendingPathComponent("pg-retire-\(UUID().uuidString).key").path
        let a = try await TestGateway.make(networkKeyFile: key, gatewayId: "gw-a")
        let b = try await TestGateway.make(networkKeyFile: key, gatewayId: "gw-b")
        let c = try await TestGateway.make(networkKeyFile: key, gatewayId: "gw-c")
        defer { a.remove(); b.remove(); c.remove(); try? FileManager.default.removeItem(atPath: key) }
        let alpha = try await a.gateway.authenticate(authorization: "Bearer \(a.alpha)")
        _ = try await a.gateway.changeConsent(alpha, request: ConsentChangeRequest(action: "grant"))
        _ = try await a.gateway.contribute(
            alpha, request: try RequestDecoding.decode(ContributePatternRequest.self, from: JSONSerialization.data(withJSONObject: wordpress("wp-r")))
        )
        for (from, to, name) in [(a, b, "gw-a"), (a, c, "gw-a"), (b, a, "gw-b"), (c, a, "gw-c")] {
            try await ErasureTests.sync(from: from.gateway, to: to.gateway, peer: name)
        }
        #expect(c.gateway.liveContributionCount == 1)
        // gw-c is stopped (it hears nothing more); the deployment is erased; gw-c is retired.
        let officer = try await a.gateway.authenticate(authorization: "Bearer \(a.officer)")
        let receipt = try await a.gateway.requestErasure(officer, body: ErasureRequestBody(deploymentId: TestGateway.alphaId))
        try await a.test { client in
            let response = try await client.execute(
                uri: "/api/v1/admin/gateways/retire", method: .post, headers: headers(a.officer), body: json(["gatewayId": "gw-nowhere"]))
            #expect(response.status == .notFound)
            #expect(response.errorCode == "unknown_gateway")
        }
        let retired = try await a.gateway.retireGateway(officer, body: RetireGatewayBody(gatewayId: "gw-c"))
        let again = try await a.gateway.retireGateway(officer, body: RetireGatewayBody(gatewayId: "gw-c"))
        #expect(again.duplicate && again.event == retired.event && again.retiredAt == retired.retiredAt)
        try await ErasureTests.sync(from: a.gateway, to: b.gateway, peer: "gw-a")
        for gateway in [a, b] { _ = try await gateway.gateway.purge(asOf: Date().addingTimeInterval(40 * 86_400)) }
        try await ErasureTests.sync(from: b.gateway, to: a.gateway, peer: "gw-b")
        var status = try await a.gateway.erasureStatus(officer, requestId: receipt.requestId)
        #expect(!status.complete)
        let stateC = try #require(status.gateways.first { $0.gateway == "gw-c" })
        #expect(stateC.retiredUnpurged && !stateC.purged && stateC.retiredAt != nil)
        let others = status.gateways.filter { $0.gateway != "gw-c" }
        #expect(!others.isEmpty && !others.contains { !$0.purged })

        // gw-c comes back: its peers take nothing from it but its purge certificates, and it
        // learns it was retired: it serves no client and purges at once.
        let request = try await c.gateway.syncRequest(peerVector: VersionVector())
        let answer = try await a.gateway.handleSync(request)
        #expect(answer.events.allSatisfy { $0.kind == .erasureRequested || $0.kind == .gatewayRetired })
        let peers = try await a.gateway.syncStatus().peers
        #expect(peers.first { $0.peer == "gw-c" }?.lastError == "gateway_retired")
        try await c.gateway.receive(try await c.gateway.accept(answer), from: "gw-a")
        #expect(c.gateway.isRetired)
        await #expect(throws: GatewayError.self) { _ = try await c.gateway.authenticate(authorization: "Bearer \(c.officer)") }
        #expect(c.gateway.liveContributionCount == 0)
        _ = try await a.gateway.handleSync(try await c.gateway.syncRequest(peerVector: VersionVector()))
        status = try await a.gateway.erasureStatus(officer, requestId: receipt.requestId)
        #expect(status.complete)
        #expect(status.gateways.first { $0.gateway == "gw-c" }?.purged == true)
        _ = try await c.gateway.database.writer.writeWithoutTransaction { try $0.checkpoint(.truncate) }
        for name in try FileManager.default.contentsOfDirectory(atPath: c.directory.path) {
            #expect(try Data(contentsOf: c.directory.appendingPathComponent(name)).range(of: Data("assess_inventory".utf8)) == nil, "\(name)")
        }
    }

    @Test("an officer's attestation that a retired gateway's data dir was destroyed completes the request, shown as an attestation (issue 21)")
    func attestation() async throws {
        let key = FileManager.default.temporaryDirectory.appendingPathComponent("pg-attest-\(UUID().uuidString).key").path
        let a = try await TestGateway.make(networkKeyFile: key, gatewayId: "gw-a")
        let c = try await TestGateway.make(networkKeyFile: key, gatewayId: "gw-c")
        defer { a.remove(); c.remove(); try? FileManager.default.removeItem(atPath: key) }
        try await ErasureTests.sync(from: c.gateway, to: a.gateway, peer: "gw-c")
        try await a.test { client in
            try await client.grant(a.alpha)
            _ = try await client.contribute(a.alpha, wordpress("wp-a"))
            let erased = try await client.execute(uri: "/api/v1/erasure", method: .post, headers: headers(a.alpha), body: json([:]))
            let id = try #require(erased.object["requestId"] as? String)
            func attest(_ gateway: String, _ reason: String, _ token: String) async throws -> TestResponse {
                try await client.execute(
                    uri: "/api/v1/erasure/\(id)/attestations", method: .post, headers: headers(token),
                    body: json(["gatewayId": gateway, "reason": reason]))
            }
            #expect(try await attest("gw-c", "disk shredded", a.officer).errorCode == "gateway_not_retired")
            let retire = try await client.execute(
                uri: "/api/v1/admin/gateways/retire", method: .post, headers: headers(a.officer), body: json(["gatewayId": "gw-c"]))
            #expect(retire.status == .ok)
            _ = try await a.gateway.purge(asOf: Date().addingTimeInterval(40 * 86_400))
            let before = try await client.execute(uri: "/api/v1/erasure/\(id)", method: .get, headers: headers(a.officer, json: false))
            #expect(before.object["complete"] as? Bool == false)
            #expect(try await attest("gw-c", "disk shredded", a.alpha).status == .forbidden)
            let leaky = try await attest("gw-c", "shredded by john.smith@example.com", a.officer)
            #expect(leaky.status == .unprocessableContent)
            #expect(leaky.errorMessage?.contains("example.com") == false)
            let done = try await attest("gw-c", "disk shredded by the vendor, certificate on file", a.officer)
            #expect(done.status == .created)
            #expect(done.object["complete"] as? Bool == true)
            let gateways = try #require(done.object["gateways"] as? [[String: Any]])
            let stateC = try #require(gateways.first { $0["gateway"] as? String == "gw-c" })
            #expect(stateC["purged"] as? Bool == false)
            #expect((stateC["attestation"] as? [String: Any])?["reason"] as? String == "disk shredded by the vendor, certificate on file")
            let audit = try await a.gateway.database.auditEntries(limit: 1000).first { $0.action == "erasure.attested" }
            #expect(audit != nil && audit?.details.contains("vendor") == false)
        }
    }

    @Test("an export holds the subject's contributions (erased ones marked) and validates against docs/export.schema.json")
    func export() async throws {
        let harness = try await TestGateway.make()
        defer { harness.remove() }
        try await harness.test { client in
            try await client.grant(harness.alpha)
            let first = try await client.contribute(harness.alpha, wordpress("wp-1"))
            _ = try await client.contribute(harness.alpha, wordpress("wp-2"))
            _ = try await client.execute(
                uri: "/api/v1/erasure", method: .post, headers: headers(harness.alpha),
                body: json(["contributionIds": [try #require(first.object["contributionId"] as? String)]]))
            let response = try await client.execute(
                uri: "/api/v1/export", method: .post, headers: headers(harness.officer), body: json(["deploymentId": TestGateway.alphaId]))
            #expect(response.status == .ok)
            let contributions = try #require(response.object["contributions"] as? [[String: Any]])
            #expect(contributions.map { $0["state"] as? String }.sorted { ($0 ?? "") < ($1 ?? "") } == ["erased", "live"])
            #expect((response.object["patternIds"] as? [String])?.count == 1)
            #expect((response.object["erasureRequests"] as? [[String: Any]])?.count == 1)
            #expect(response.object["schemaVersion"] as? String == "4")
            #expect((response.object["scope"] as? [String: Any])?["auditEntries"] as? String != nil)
            #expect(((response.object["auditEntries"] as? [[String: Any]])?.first?["details"]) is [String: Any])
            // Nothing of the other deployment.
            #expect(!response.text.contains(harness.gateway.keyRing.pseudonym(deploymentId: TestGateway.betaId)))
            let file = harness.directory.appendingPathComponent("export.json")
            try Data(response.text.utf8).write(to: file)
            let verdict = try SchemaCheck.validate(document: file, schema: repositoryRoot.appendingPathComponent("docs/export.schema.json"))
            #expect(verdict.status == 0, "\(verdict.output)")
            // Deployments export themselves only.
            #expect(
                try await client.execute(
                    uri: "/api/v1/export", method: .post, headers: headers(harness.beta), body: json(["deploymentId": TestGateway.alphaId])
                ).status == .forbidden)
        }
    }

    @Test("an erasure requested on 1 February is purged before 1 March; the legal deadline is 1 March")
    func february() throws {
        let requested = try Date("2026-02-01T09:30:00Z", strategy: Date.ISO8601FormatStyle())
        let due = ErasureDeadlines.purgeDueAt(requestedAt: requested, graceDays: 30)
        let deadline = ErasureDeadlines.legalDeadline(requestedAt: requested)
        #expect(due < (try Date("2026-03-01T00:00:00Z", strategy: Date.ISO8601FormatStyle())))
        #expect(deadline == (try Date("2026-03-01T09:30:00Z", strategy: Date.ISO8601FormatStyle())))
        let summer = try Date("2026-07-01T00:00:00Z", strategy: Date.ISO8601FormatStyle())
        #expect(ErasureDeadlines.purgeDueAt(requestedAt: summer, graceDays: 30) == summer.addingTimeInterval(30 * 86_400))
    }
}

/// Runs python3's `jsonschema` (the outside checker CI installs) on a document.
enum SchemaCheck {
    static func validate(document: URL, schema: URL) throws -> (status: Int32, output: String) {
        try runExternal([
            "python3", "-c",
            "import json,sys,jsonschema; jsonschema.Draft202012Validator(json.load(open(sys.argv[1]))).validate(json.load(open(sys.argv[2])))",
            schema.path, document.path,
        ])
    }
}
