import Foundation
import Gateway
import GatewayTestSupport
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import PatternCore
import Privacy
import Prometheus
import Storage
import TestSupport
import Testing

/// A gateway like `TestGateway.make`, with the policy's gate work budget set to `budget`.
func budgetGateway(_ budget: Int? = nil, gate: (@Sendable (Policy) -> any ContributionGate)? = nil) async throws -> TestGateway {
    var policy = try TestGateway.policy()
    if let budget { policy.limits.gateWorkBudget = budget }
    return try await TestGateway.make(policy: policy, gate: gate?(policy))
}

/// A contribution whose steps carry `messages` as error text.
func contribution(_ id: String, messages: [String]) -> [String: Any] {
    var body = wordpress(id)
    body["steps"] = messages.map { ["action": "replicate_db", "durationSeconds": 600, "success": false, "errorMessage": $0] }
    return body
}

/// Text every policy keeps as it is.
let honestText = "Replication of the orders database to the target region timed out after 3 retries; the cutover was moved to the next window. "

/// `unit` repeated to `count` characters.
func repeated(_ unit: String, _ count: Int) -> String {
    String(String(repeating: unit, count: count / unit.count + 1).prefix(count))
}

@Suite("Gate work budget at the HTTP edge")
struct GateBudgetTests {
    @Test("a contribution over the policy's gate work budget is a 422 gate_budget_exceeded, audited without values, nothing stored")
    func overBudget() async throws {
        // 40,000 steps: the small honest contribution passes, 20 KB of digits and dashes does not.
        let harness = try await budgetGateway(40_000)
        defer { harness.remove() }
        try await harness.test { client in
            try await client.grant(harness.alpha)
            let small = try await client.contribute(harness.alpha, contribution("ok-1", messages: ["replication timed out after retry"]))
            #expect(small.status == .created)
            let eventsBefore = try await harness.gateway.database.eventCount()
            let big = try await client.contribute(harness.alpha, contribution("big-1", messages: Array(repeating: repeated("1-", 4096), count: 5)))
            #expect(big.status == .unprocessableContent)
            #expect(big.errorCode == "gate_budget_exceeded")
            #expect(!big.text.contains("1-1-1"))
            #expect(try await harness.gateway.database.eventCount() == eventsBefore)
        }
        #expect(try await harness.gateway.database.contributionCount() == 1)
        #expect(harness.gateway.liveContributionCount == 1)
        let rejection = try #require(try await harness.gateway.database.auditEntries(limit: 1000).first { $0.action == "contribution.rejected" })
        #expect(rejection.details.contains("gate_budget_exceeded"))
        #expect(!rejection.details.contains("1-1-1"))
    }

    @Test("in a batch only the item over budget fails, with gate_budget_exceeded; the others are stored")
    func batchItem() async throws {
        let harness = try await budgetGateway(40_000)
        defer { harness.remove() }
        try await harness.test { client in
            try await client.grant(harness.alpha)
            let items = [
                contribution("b-1", messages: ["replication timed out after retry"]),
                contribution("b-2", messages: Array(repeating: repeated("1 ", 4096), count: 5)),
                contribution("b-3", messages: ["cutover finished late"]),
            ]
            let response = try await client.execute(
                uri: "/api/v1/patterns/contribute/batch", method: .post, headers: headers(harness.alpha), body: json(items))
            #expect(response.status == .ok)
            let results = try #require(response.object["results"] as? [[String: Any]])
            #expect(results.count == 3)
            #expect(results[0]["status"] as? Int == 201)
            #expect(((results[1]["error"] as? [String: Any])?["code"] as? String) == "gate_budget_exceeded")
            #expect(results[2]["status"] as? Int == 201)
        }
        #expect(try await harness.gateway.database.contributionCount() == 2)
    }

    @Test("a received record over the budget is the finding gate_budget_exceeded (it is quarantined), on every gateway alike")
    func receivePath() throws {
        var policy = try PolicyFile.load(path: repositoryRoot.appendingPathComponent("policies/default.yaml").path)
        policy.limits.gateWorkBudget = 40_000
        let record = ContributionRecord(
            sourceCloud: .aws, targetCloud: .azure, resourceTypes: ["EC2"], strategy: .rehost,
            steps: Array(
                repeating: MigrationStep(action: "replicate_db", durationSeconds: 60, success: false, errorMessage: repeated("1 ", 4096)), count: 5),
            successRate: 1, durationHours: 1, costSavingsPercent: 0)
        // Two gateways with the same policy: the same verdict, from a count of steps, not a clock.
        let findings = [PolicyGate(policy: policy), PolicyGate(policy: policy)].map { $0.verificationFindings(record) }
        #expect(findings[0].map(\.kind) == ["gate_budget_exceeded"])
        #expect(findings[0].map(\.field) == ["(record)"])
        #expect(findings[0] == findings[1])
        #expect(throws: ScanBudgetExceeded.self) { try PolicyGate(policy: policy).verify(record) }
        // With the default budget the same record is scanned to the end.
        let full = PolicyGate(policy: try PolicyFile.load(path: repositoryRoot.appendingPathComponent("policies/default.yaml").path))
        #expect(!full.verificationFindings(record).contains { $0.kind.hasPrefix("gate_") })
    }

    @Test("under the default budget a 250 KB contribution is judged on its content: honest text is stored, digit runs are a phone number")
    func defaultBudgetJudgesLargeItems() async throws {
        let harness = try await budgetGateway()
        defer { harness.remove() }
        try await harness.test { client in
            try await client.grant(harness.alpha)
            // 61 steps of 4,096 characters: about 250 KB, near the 256 KiB item limit.
            let honest = try await client.contribute(
                harness.alpha, contribution("large-1", messages: Array(repeating: repeated(honestText, 4096), count: 61)))
            #expect(honest.status == .created)
            for unit in ["1-", "1 ", "(", "+1 ", "a@"] {
                let response = try await client.contribute(
                    harness.alpha, contribution("large-\(unit)", messages: Array(repeating: repeated(unit, 4096), count: 61)))
                #expect(response.errorCode != "gate_budget_exceeded", "\(unit): \(response.status)")
                #expect(response.status == .created || response.errorCode == "pii_detected", "\(unit): \(response.status)")
            }
        }
    }
}
