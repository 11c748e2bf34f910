import Foundation
import Gateway
import GatewayTestSupport
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Storage
import Testing

@Suite("Contribute, retry, search")
struct ContributionFlowTests {
    @Test("one deployment contributes; another finds it by search and by id")
    func endToEnd() async throws {
        let harness = try await TestGateway.make()
        defer { harness.remove() }
        try await harness.test { client in
            try await client.grant(harness.alpha)
            let created = try await client.contribute(harness.alpha, wordpress())
            #expect(created.status == .created)
            #expect(created.object["contributed"] as? Bool == true)
            #expect(created.object["duplicate"] as? Bool == false)
            #expect(created.object["globalContributions"] as? Int == 1)
            let patternId = try #require(created.object["patternId"] as? String)
            #expect(patternId == "1fae9c6a92a34fe1c91b03edd7f0683b")
            #expect((created.object["contributionId"] as? String)?.count == 64)

            let found = try await client.search(harness.beta, "sourceCloud=aws&targetCloud=azure&resourceTypes=EC2,RDS")
            #expect(found.status == .ok)
            #expect(found.object["totalMatches"] as? Int == 1)
            let patterns = try #require(found.object["patterns"] as? [[String: Any]])
            let first = try #require(patterns.first)
            #expect(first["patternId"] as? String == patternId)
            #expect(abs((first["similarity"] as? Double ?? 0) - 0.8715476066494083) < 1e-9)
            #expect(first["successRate"] as? Double == 0.95)
            #expect(first["avgDuration"] as? Double == 6)
            #expect(first["costSavings"] as? Double == 23)
            #expect(first["contributors"] as? Int == 1)
            #expect((first["steps"] as? [[String: Any]])?.map { $0["action"] as? String } == ["assess_inventory", "replicate_db", "cutover_dns"])
            #expect((first["recommendations"] as? [String])?.first?.contains("replicate_db") == true)
            #expect(found.object["queryTime"] is Double)

            let byId = try await client.execute(uri: "/api/v1/patterns/\(patternId)", method: .get, headers: headers(harness.officer, json: false))
            #expect(byId.status == .ok)
            #expect(byId.object["patternId"] as? String == patternId)
            #expect(byId.object["similarity"] == nil)

            let missing = try await client.execute(
                uri: "/api/v1/patterns/" + String(repeating: "0", count: 32), method: .get, headers: headers(harness.beta, json: false))
            #expect(missing.status == .notFound)
            #expect(missing.errorCode == "pattern_not_found")
            let malformed = try await client.execute(uri: "/api/v1/patterns/XYZ", method: .get, headers: headers(harness.beta, json: false))
            #expect(malformed.status == .badRequest)
        }
    }

    @Test("a retry answers 200 duplicate and counts once; the same id with another body is 409")
    func idempotency() async throws {
        let harness = try await TestGateway.make()
        defer { harness.remove() }
        try await harness.test { client in
            try await client.grant(harness.alpha)
            let first = try await client.contribute(harness.alpha, wordpress())
            #expect(first.status == .created)
            let retry = try await client.contribute(harness.alpha, wordpress())
            #expect(retry.status == .ok)
            #expect(retry.object["duplicate"] as? Bool == true)
            #expect(retry.object["contributionId"] as? String == first.object["contributionId"] as? String)
            let changed = try await client.contribute(harness.alpha, wordpress(successRate: 0.5))
            #expect(changed.status == .conflict)
            #expect(changed.errorCode == "contribution_conflict")
            // Another deployment with the same migration id is a different contribution.
            try await client.grant(harness.beta)
            let other = try await client.contribute(harness.beta, wordpress())
            #expect(other.status == .created)
            #expect(other.object["contributionId"] as? String != first.object["contributionId"] as? String)
            let found = try await client.search(harness.alpha, "sourceCloud=aws&targetCloud=azure&resourceTypes=EC2")
            let pattern = try #require((found.object["patterns"] as? [[String: Any]])?.first)
            #expect(pattern["contributors"] as? Int == 2)
        }
        #expect(try await harness.gateway.database.contributionCount() == 2)
    }

    @Test("a batch answers per item: accepted, duplicate, invalid; the valid ones are stored")
    func batch() async throws {
        let harness = try await TestGateway.make()
        defer { harness.remove() }
        try await harness.test { client in
            try await client.grant(harness.alpha)
            var bad = wordpress("wp-bad")
            bad["resourceTypes"] = ["NotAType"]
            var wrongType = wordpress("wp-wrong")
            wrongType["successRate"] = "high"
            let body = [wordpress("wp-1"), wordpress("wp-2"), bad, wordpress("wp-1"), wrongType]
            let response = try await client.execute(
                uri: "/api/v1/patterns/contribute/batch", method: .post, headers: headers(harness.alpha), body: json(body))
            #expect(response.status == .ok)
            #expect(response.object["accepted"] as? Int == 2)
            #expect(response.object["duplicates"] as? Int == 1)
            #expect(response.object["rejected"] as? Int == 2)
            let results = try #require(response.object["results"] as? [[String: Any]])
            #expect(results.map { $0["status"] as? Int } == [201, 201, 0, 200, 0])
            #expect((results[2]["error"] as? [String: Any])?["code"] as? String == "unknown_resource_type")
            #expect((results[4]["error"] as? [String: Any])?["message"] as? String == "field '[4].successRate' must be a number")
        }
        #expect(try await harness.gateway.database.contributionCount() == 2)
    }

    @Test("data survives a restart and the matcher is rebuilt from the store")
    func restart() async throws {
        let harness = try await TestGateway.make()
        defer { harness.remove() }
        try await harness.test { client in
            try await client.grant(harness.alpha)
            #expect(try await client.contribute(harness.alpha, wordpress("wp-a")).status == .created)
            #expect(try await client.contribute(harness.alpha, wordpress("wp-b", successRate: 0.5)).status == .created)
        }
        await harness.gateway.stop()
        let reopened = try await TestGateway.make(directory: harness.directory)
        #expect(reopened.gateway.identity == harness.gateway.identity)
        #expect(reopened.gateway.liveContributionCount == 2)
        try await reopened.test { client in
            let found = try await client.search(reopened.beta, "sourceCloud=aws&targetCloud=azure&resourceTypes=S3")
            let pattern = try #require((found.object["patterns"] as? [[String: Any]])?.first)
            #expect(pattern["successRate"] as? Double == 0.725)
            // Consent survived too, and a retry after restart is still a duplicate.
            let retry = try await client.contribute(harness.alpha, wordpress("wp-a"))
            #expect(retry.status == .ok)
            #expect(retry.object["duplicate"] as? Bool == true)
        }
        let actions = try await reopened.gateway.database.auditEntries(limit: 10_000).map(\.action)
        #expect(actions.filter { $0 == "gateway.started" }.count == 2)
        #expect(actions.contains("gateway.stopped"))
    }

    @Test("search limits, the strict policy's minimum contributors, and ties by id")
    func searchFilters() async throws {
        let harness = try await TestGateway.make(policyFile: "strict.yaml")
        defer { harness.remove() }
        try await harness.test { client in
            try await client.grant(harness.alpha)
            try await client.grant(harness.beta)
            #expect(try await client.contribute(harness.alpha, wordpress("a")).status == .created)
            #expect(try await client.contribute(harness.beta, wordpress("b")).status == .created)
            let hidden = try await client.search(harness.beta, "sourceCloud=aws&targetCloud=azure&resourceTypes=EC2")
            #expect(hidden.object["totalMatches"] as? Int == 0)
            let id = "1fae9c6a92a34fe1c91b03edd7f0683b"
            #expect(
                try await client.execute(uri: "/api/v1/patterns/\(id)", method: .get, headers: headers(harness.beta, json: false)).status == .notFound
            )
            let third = try await harness.gateway.tokens.issue(
                role: .deployment, pseudonym: harness.gateway.keyRing.pseudonym(deploymentId: "gamma"), actor: .cli)
            try await client.grant(third.bearer)
            #expect(try await client.contribute(third.bearer, wordpress("c")).status == .created)
            let shown = try await client.search(harness.beta, "sourceCloud=aws&targetCloud=azure&resourceTypes=EC2&limit=1")
            #expect(shown.object["totalMatches"] as? Int == 1)
            #expect((shown.object["patterns"] as? [[String: Any]])?.first?["contributors"] as? Int == 3)
        }
    }
}
