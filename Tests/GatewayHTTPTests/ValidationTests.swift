import Foundation
import GatewayTestSupport
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

/// One bad request body: what to change, and the status, code and field the answer must name.
struct BadBody: Sendable, CustomTestStringConvertible {
    var label: String
    var change: @Sendable (inout [String: Any]) -> Void
    var status: HTTPResponse.Status
    var code: String
    var field: String
    var testDescription: String { label }
}

let badBodies: [BadBody] = [
    BadBody(label: "missing migrationId", change: { $0["migrationId"] = nil }, status: .badRequest, code: "invalid_field", field: "migrationId"),
    BadBody(
        label: "long migrationId", change: { $0["migrationId"] = String(repeating: "m", count: 129) }, status: .badRequest, code: "invalid_field",
        field: "migrationId"),
    BadBody(label: "unknown source cloud", change: { $0["sourceCloud"] = "ibm" }, status: .badRequest, code: "invalid_field", field: "sourceCloud"),
    BadBody(label: "on-prem as target", change: { $0["targetCloud"] = "on-prem" }, status: .badRequest, code: "invalid_field", field: "targetCloud"),
    BadBody(label: "unknown strategy", change: { $0["strategy"] = "retire" }, status: .badRequest, code: "invalid_field", field: "strategy"),
    BadBody(
        label: "no resource types", change: { $0["resourceTypes"] = [String]() }, status: .badRequest, code: "invalid_field", field: "resourceTypes"),
    BadBody(
        label: "51 resource types", change: { $0["resourceTypes"] = Array(repeating: "EC2", count: 51) }, status: .badRequest, code: "invalid_field",
        field: "resourceTypes"),
    BadBody(
        label: "unknown resource type", change: { $0["resourceTypes"] = ["EC2", "AcmeCorpCluster"] }, status: .badRequest,
        code: "unknown_resource_type", field: "resourceTypes[1]"),
    BadBody(
        label: "azure type from aws", change: { $0["resourceTypes"] = ["AKS"] }, status: .badRequest, code: "unknown_resource_type",
        field: "resourceTypes[0]"),
    BadBody(
        label: "unknown action", change: { $0["steps"] = [["action": "bribe_auditor", "durationSeconds": 1, "success": true]] }, status: .badRequest,
        code: "unknown_action", field: "steps[0].action"),
    BadBody(
        label: "201 steps", change: { $0["steps"] = Array(repeating: ["action": "create_vm", "durationSeconds": 1, "success": true], count: 201) },
        status: .badRequest, code: "invalid_field", field: "steps"),
    BadBody(
        label: "negative step duration", change: { $0["steps"] = [["action": "create_vm", "durationSeconds": -1, "success": true]] },
        status: .badRequest, code: "invalid_field", field: "steps[0].durationSeconds"),
    BadBody(
        label: "step without success", change: { $0["steps"] = [["action": "create_vm", "durationSeconds": 1]] }, status: .badRequest,
        code: "invalid_field", field: "steps[0].success"),
    BadBody(label: "successRate above 1", change: { $0["successRate"] = 1.5 }, status: .badRequest, code: "invalid_field", field: "successRate"),
    BadBody(label: "successRate as string", change: { $0["successRate"] = "0.9" }, status: .badRequest, code: "invalid_field", field: "successRate"),
    BadBody(label: "negative duration", change: { $0["durationHours"] = -2 }, status: .badRequest, code: "invalid_field", field: "durationHours"),
    BadBody(
        label: "savings below -100", change: { $0["costSavingsPercent"] = -101 }, status: .badRequest, code: "invalid_field",
        field: "costSavingsPercent"),
    BadBody(
        label: "unknown region", change: { $0["sourceRegion"] = "moon-base-1" }, status: .badRequest, code: "unknown_region", field: "sourceRegion"),
    BadBody(label: "anonymize not a bool", change: { $0["anonymize"] = "yes" }, status: .badRequest, code: "invalid_field", field: "anonymize"),
    BadBody(
        label: "too many sensitive terms", change: { $0["sensitiveTerms"] = Array(repeating: "acme", count: 101) }, status: .badRequest,
        code: "invalid_field", field: "sensitiveTerms"),
    BadBody(
        label: "anonymize false with a name left in the text",
        change: {
            $0["anonymize"] = false
            $0["steps"] = [["action": "replicate_db", "durationSeconds": 60, "success": false, "errorMessage": "lag reported by Kowalczyk"]]
        }, status: .unprocessableContent, code: "pii_detected", field: "steps[0].errorMessage"),
    BadBody(
        label: "anonymize false with an e-mail",
        change: {
            $0["anonymize"] = false
            $0["steps"] = [["action": "replicate_db", "durationSeconds": 60, "success": false, "errorMessage": "mail ops@example.com"]]
        }, status: .unprocessableContent, code: "pii_detected", field: "steps[0].errorMessage"),
]

@Suite("Request validation")
struct ValidationTests {
    @Test("every violation is a 4xx with a code and a message naming the field; nothing is stored", arguments: badBodies)
    func violations(_ bad: BadBody) async throws {
        let harness = try await TestGateway.make()
        defer { harness.remove() }
        try await harness.test { client in
            try await client.grant(harness.alpha)
            var body = wordpress()
            bad.change(&body)
            let response = try await client.contribute(harness.alpha, body)
            #expect(response.status == bad.status)
            #expect(response.errorCode == bad.code)
            let named = response.errorMessage?.contains("'\(bad.field)'") == true || response.errorMessage?.contains(bad.field) == true
            #expect(named, "\(response.errorMessage ?? "")")
        }
        #expect(try await harness.gateway.database.contributionCount() == 0)
        #expect(try await harness.gateway.database.auditEntries(limit: 1000).allSatisfy { $0.action != "contribution.accepted" })
    }

    @Test("bodies that are not JSON objects, too large, or of the wrong media type")
    func malformedBodies() async throws {
        let harness = try await TestGateway.make()
        defer { harness.remove() }
        try await harness.test { client in
            try await client.grant(harness.alpha)
            let path = "/api/v1/patterns/contribute"
            for raw in ["{", "[]", "\"text\"", "", "{\"migrationId\": 7}"] {
                let response = try await client.execute(uri: path, method: .post, headers: headers(harness.alpha), body: ByteBuffer(string: raw))
                #expect(response.status == .badRequest, "\(raw)")
                #expect(response.errorCode != nil)
            }
            let invalidUTF8 = try await client.execute(
                uri: path, method: .post, headers: headers(harness.alpha), body: ByteBuffer(bytes: [0x7b, 0x22, 0xff, 0xfe, 0x22, 0x7d]))
            #expect(invalidUTF8.status == .badRequest)
            var huge = wordpress()
            huge["padding"] = String(repeating: "x", count: 300 * 1024)
            let tooLarge = try await client.contribute(harness.alpha, huge)
            #expect(tooLarge.status == .contentTooLarge)
            #expect(tooLarge.errorCode == "payload_too_large")
            let form = try await client.execute(
                uri: path, method: .post, headers: [.authorization: "Bearer \(harness.alpha)", .contentType: "application/x-www-form-urlencoded"],
                body: ByteBuffer(string: "a=b"))
            #expect(form.status == .unsupportedMediaType)
            let batchPath = "/api/v1/patterns/contribute/batch"
            let tooMany = try await client.execute(
                uri: batchPath, method: .post, headers: headers(harness.alpha), body: json(Array(repeating: [String: Any](), count: 1001)))
            #expect(tooMany.status == .contentTooLarge)
            let empty = try await client.execute(uri: batchPath, method: .post, headers: headers(harness.alpha), body: ByteBuffer(string: "[]"))
            #expect(empty.status == .badRequest)
            let notArray = try await client.execute(uri: batchPath, method: .post, headers: headers(harness.alpha), body: ByteBuffer(string: "{}"))
            #expect(notArray.errorCode == "invalid_json")
            var bigItem = wordpress("big")
            bigItem["padding"] = String(repeating: "y", count: 257 * 1024)
            let oversizedItem = try await client.execute(
                uri: batchPath, method: .post, headers: headers(harness.alpha), body: json([wordpress("ok"), bigItem]))
            #expect(oversizedItem.status == .ok)
            let results = oversizedItem.object["results"] as? [[String: Any]] ?? []
            #expect((results.last?["error"] as? [String: Any])?["code"] as? String == "payload_too_large")
            #expect(oversizedItem.object["accepted"] as? Int == 1)
        }
        #expect(try await harness.gateway.database.contributionCount() == 1)
    }

    @Test(
        "search parameters are checked",
        arguments: [
            ("targetCloud=azure&resourceTypes=EC2", "sourceCloud"),
            ("sourceCloud=aws&targetCloud=on-prem&resourceTypes=EC2", "targetCloud"),
            ("sourceCloud=aws&targetCloud=azure", "resourceTypes"),
            ("sourceCloud=aws&targetCloud=azure&resourceTypes=EC2&limit=201", "limit"),
            ("sourceCloud=aws&targetCloud=azure&resourceTypes=EC2&limit=ten", "limit"),
            ("sourceCloud=aws&targetCloud=azure&resourceTypes=EC2,Mainframe", "resourceTypes"),
        ])
    func searchParameters(query: String, field: String) async throws {
        let harness = try await TestGateway.make()
        defer { harness.remove() }
        try await harness.test { client in
            let response = try await client.search(harness.alpha, query)
            #expect(response.status == .badRequest)
            #expect(response.errorMessage?.contains(field) == true)
        }
    }

    @Test("unknown routes and methods answer JSON errors")
    func unknownRoutes() async throws {
        let harness = try await TestGateway.make()
        defer { harness.remove() }
        try await harness.test { client in
            let missing = try await client.execute(uri: "/api/v1/nothing", method: .get)
            #expect(missing.status == .notFound)
            #expect(missing.errorCode == "not_found")
        }
    }
}
