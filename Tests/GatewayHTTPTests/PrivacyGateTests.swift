import Foundation
import Gateway
import GatewayTestSupport
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import PatternCore
import Storage
import Testing

/// A gate that lets free text through untouched: the stand-in for a detector that missed
/// something, so that rescan has something to find.
struct PermissiveGate: ContributionGate {
    func admit(_ contribution: ValidatedContribution) throws(GatewayError) -> ContributionRecord { contribution.record }
}

@Suite("Privacy gate at the HTTP edge")
struct PrivacyGateTests {
    func contribution(_ id: String, message: String, anonymize: Bool = true, terms: [String] = []) -> [String: Any] {
        var body = wordpress(id)
        body["steps"] = [["action": "replicate_db", "durationSeconds": 600, "success": false, "errorMessage": message]]
        body["anonymize"] = anonymize
        body["sensitiveTerms"] = terms
        return body
    }

    @Test("free text is anonymized before it is stored and shows sanitized in search")
    func anonymized() async throws {
        let harness = try await TestGateway.make()
        defer { harness.remove() }
        try await harness.test { client in
            try await client.grant(harness.alpha)
            let message = "Replication to db01.acme-corp.internal (10.0.12.7) failed for user Mark Baker, contact ops@acme-corp.com at ACME-CORP"
            let created = try await client.contribute(harness.alpha, contribution("m1", message: message, terms: ["Acme Corp"]))
            #expect(created.status == .created)
            let found = try await client.search(harness.beta, "sourceCloud=aws&targetCloud=azure&resourceTypes=EC2")
            let step = try #require(((found.object["patterns"] as? [[String: Any]])?.first?["steps"] as? [[String: Any]])?.first)
            let errors = try #require(step["commonErrors"] as? [String])
            #expect(errors == ["Replication to [HOST] ([IP]) failed for user [NAME] [NAME], contact [EMAIL] at [REDACTED]"])
        }
    }

    @Test("anonymize false never skips the scan: an unknown name is a 422 listing kinds and fields, audited, nothing stored")
    func rejected() async throws {
        let harness = try await TestGateway.make()
        defer { harness.remove() }
        try await harness.test { client in
            try await client.grant(harness.alpha)
            let response = try await client.contribute(
                harness.alpha, contribution("m2", message: "timeout reported by Kowalczyk from 10.1.2.3", anonymize: false))
            #expect(response.status == .unprocessableContent)
            #expect(response.errorCode == "pii_detected")
            let findings = try #require((response.object["error"] as? [String: Any])?["findings"] as? [[String: String]])
            #expect(findings.contains(["kind": "unknown_word", "field": "steps[0].errorMessage"]))
            #expect(findings.contains(["kind": "ipv4", "field": "steps[0].errorMessage"]))
            #expect(!response.text.contains("Kowalczyk"))
            #expect(!response.text.contains("10.1.2.3"))
        }
        #expect(try await harness.gateway.database.contributionCount() == 0)
        let rejection = try #require(try await harness.gateway.database.auditEntries(limit: 1000).first { $0.action == "contribution.rejected" })
        #expect(rejection.details.contains("unknown_word"))
        #expect(rejection.details.contains("steps[0].errorMessage"))
        #expect(!rejection.details.contains("Kowalczyk"))
    }

    @Test("a sensitive term is caught in the record even when the anonymizer is skipped")
    func sensitiveTermWithoutAnonymizer() async throws {
        let harness = try await TestGateway.make()
        defer { harness.remove() }
        try await harness.test { client in
            try await client.grant(harness.alpha)
            let response = try await client.contribute(
                harness.alpha, contribution("m3", message: "copy to the acme bucket failed", anonymize: false, terms: ["ACME"]))
            #expect(response.status == .unprocessableContent)
            let findings = (response.object["error"] as? [String: Any])?["findings"] as? [[String: String]] ?? []
            #expect(findings.contains { $0["kind"] == "sensitive_term" })
        }
    }

    @Test("rescan lists stored contributions the current policy would reject; a real run is audited, a dry run is not")
    func rescan() async throws {
        let harness = try await TestGateway.make(gate: PermissiveGate())
        defer { harness.remove() }
        try await harness.test { client in
            try await client.grant(harness.alpha)
            #expect(
                try await client.contribute(harness.alpha, contribution("clean", message: "replication timed out after 340 seconds")).status
                    == .created)
            let leaky = try await client.contribute(harness.alpha, contribution("leaky", message: "ask dba@example.com"))
            #expect(leaky.status == .created)
            let leakyId = try #require(leaky.object["contributionId"] as? String)
            let forbidden = try await client.execute(uri: "/api/v1/admin/rescan", method: .post, headers: headers(harness.alpha), body: json([:]))
            #expect(forbidden.status == .forbidden)
            let dry = try await client.execute(
                uri: "/api/v1/admin/rescan", method: .post, headers: headers(harness.officer), body: json(["dryRun": true]))
            #expect(dry.status == .ok)
            #expect(dry.object["scanned"] as? Int == 2)
            let flagged = try #require(dry.object["flagged"] as? [[String: Any]])
            #expect(flagged.map { $0["contributionId"] as? String } == [leakyId])
            let kinds = (flagged.first?["findings"] as? [[String: String]] ?? []).map { $0["kind"] }
            #expect(kinds.contains("email"))
            #expect(!dry.text.contains("example.com"))
            let real = try await client.execute(uri: "/api/v1/admin/rescan", method: .post, headers: headers(harness.officer), body: json([:]))
            #expect(real.object["dryRun"] as? Bool == false)
        }
        let rescans = try await harness.gateway.database.auditEntries(limit: 1000).filter { $0.action == "rescan.completed" }
        #expect(rescans.count == 1)
        #expect(rescans.first?.details.contains("\"flagged\":1") == true)
    }
}
