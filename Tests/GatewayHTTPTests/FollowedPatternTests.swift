import Foundation
import Gateway
import GatewayTestSupport
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

/// `followedPatternId` (issue 16): the outcome signal of the learned ranking. Accepted only for
/// a pattern visible here, stored, replicated and exported, never in a search answer.
@Suite("Followed pattern")
struct FollowedPatternTests {
    @Test("a visible pattern may be followed; an unknown one is 422 and a malformed one 400, and neither stores anything")
    func acceptance() async throws {
        let harness = try await TestGateway.make()
        defer { harness.remove() }
        try await harness.test { client in
            try await client.grant(harness.alpha)
            try await client.grant(harness.beta)
            let first = try await client.contribute(harness.alpha, wordpress("wp-first"))
            let patternId = try #require(first.object["patternId"] as? String)

            var follower = wordpress("wp-follower", successRate: 0.5)
            follower["followedPatternId"] = patternId
            let followed = try await client.contribute(harness.beta, follower)
            #expect(followed.status == .created)

            follower["migrationId"] = "wp-unknown"
            follower["followedPatternId"] = String(repeating: "0", count: 32)
            let unknown = try await client.contribute(harness.beta, follower)
            #expect(unknown.status == .unprocessableContent)
            #expect(unknown.errorCode == "unknown_pattern")

            for malformed: Any in [String(repeating: "A", count: 32), "1fae9c6a", 42, String(repeating: "0", count: 33)] {
                follower["followedPatternId"] = malformed
                let response = try await client.contribute(harness.beta, follower)
                #expect(response.status == .badRequest)
                #expect(["invalid_field", "invalid_json"].contains(response.errorCode ?? ""))
            }
            #expect(harness.gateway.liveContributionCount == 2)

            // A batch answers per item.
            var good = wordpress("wp-batch-good")
            good["followedPatternId"] = patternId
            var bad = wordpress("wp-batch-bad")
            bad["followedPatternId"] = "f" + String(repeating: "0", count: 31)
            let batch = try await client.execute(
                uri: "/api/v1/patterns/contribute/batch", method: .post, headers: headers(harness.beta), body: json([good, bad]))
            #expect(batch.status == .ok || batch.status.code == 207)
            let results = try #require(batch.object["results"] as? [[String: Any]])
            #expect(results.first?["status"] as? Int == 201)
            #expect((results.last?["error"] as? [String: Any])?["code"] as? String == "unknown_pattern")

            // Never in a search answer or a pattern's page.
            let found = try await client.search(harness.beta, "sourceCloud=aws&targetCloud=azure&resourceTypes=EC2,RDS,S3")
            #expect(found.status == .ok)
            #expect(!found.text.contains("followedPatternId") && !found.text.contains("followed"))
            let page = try await client.execute(uri: "/api/v1/patterns/\(patternId)", method: .get, headers: headers(harness.beta, json: false))
            #expect(!page.text.contains("followed"))

            // Exported with the contribution, to the deployment's officer.
            let export = try await client.execute(
                uri: "/api/v1/export", method: .post, headers: headers(harness.officer),
                body: json(["deploymentId": TestGateway.betaId]))
            #expect(export.status == .ok)
            let contributions = try #require(export.object["contributions"] as? [[String: Any]])
            let records = contributions.compactMap { $0["record"] as? [String: Any] }
            #expect(records.count == 2)
            #expect(records.allSatisfy { $0["followedPatternId"] as? String == patternId })
        }
    }

    @Test("a pattern below the policy's minimum contributors cannot be followed: the answer does not reveal that it exists")
    func hiddenPatternIsUnknown() async throws {
        let harness = try await TestGateway.make(policyFile: "strict.yaml")
        defer { harness.remove() }
        try await harness.test { client in
            try await client.grant(harness.alpha)
            try await client.grant(harness.beta)
            let first = try await client.contribute(harness.alpha, wordpress("wp-hidden"))
            let hidden = try #require(first.object["patternId"] as? String)
            var follower = wordpress("wp-probe")
            follower["followedPatternId"] = hidden
            let probe = try await client.contribute(harness.beta, follower)
            follower["followedPatternId"] = String(repeating: "e", count: 32)
            let absent = try await client.contribute(harness.beta, follower)
            #expect(probe.status == .unprocessableContent && absent.status == .unprocessableContent)
            #expect(probe.text == absent.text)
        }
    }

    @Test("replicated with the contribution, canonical on the wire, and checked again by the receiver")
    func replicated() async throws {
        let key = FileManager.default.temporaryDirectory.appendingPathComponent("followed-\(UUID().uuidString).key").path
        let here = try await TestGateway.make(networkKeyFile: key, gatewayId: "gw-here")
        let there = try await TestGateway.make(networkKeyFile: key, gatewayId: "gw-there")
        defer { here.remove(); there.remove(); try? FileManager.default.removeItem(atPath: key) }
        let alpha = try await here.gateway.authenticate(authorization: "Bearer \(here.alpha)")
        let beta = try await here.gateway.authenticate(authorization: "Bearer \(here.beta)")
        _ = try await here.gateway.changeConsent(alpha, request: ConsentChangeRequest(action: "grant"))
        _ = try await here.gateway.changeConsent(beta, request: ConsentChangeRequest(action: "grant"))
        let first = try await here.gateway.contribute(
            alpha, request: try RequestDecoding.decode(ContributePatternRequest.self, from: JSONSerialization.data(withJSONObject: wordpress("wp-a")))
        )
        var body = wordpress("wp-b")
        body["followedPatternId"] = first.patternId
        let made = try await here.gateway.contribute(
            beta, request: try RequestDecoding.decode(ContributePatternRequest.self, from: JSONSerialization.data(withJSONObject: body)))
        try await ErasureTests.sync(from: here.gateway, to: there.gateway, peer: "gw-here")
        #expect(there.gateway.liveContributionCount == 2)
        #expect(try await here.gateway.database.stateDigest() == there.gateway.database.stateDigest())
        let officer = try await there.gateway.authenticate(authorization: "Bearer \(there.officer)")
        let export = try await there.gateway.export(officer, body: ExportRequestBody(deploymentId: TestGateway.betaId))
        let stored = try #require(export.contributions.first { $0.contributionId == made.contributionId })
        #expect(stored.record?.followedPatternId == first.patternId)
        #expect(try await there.gateway.database.quarantinedCount() == 0)
    }
}
