import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Storage
import Testing

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
}
