import Foundation
import GatewayTestSupport
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

/// Every endpoint against every role, no token and a bad token, with a valid body for the
/// endpoint, against the table of expected statuses below (kept in the test on purpose: a
/// change of who may do what must change this table).
@Suite("Access matrix")
struct AccessMatrixTests {
    struct Row {
        var method: HTTPRequest.Method
        var path: String
        var body: Any?
        /// Expected status for: no token, bad token, deployment, officer, auditor.
        var expected: [Int]
    }

    @Test("every endpoint × {none, bad token, deployment, officer, auditor} answers the status in the table")
    func matrix() async throws {
        let harness = try await TestGateway.make()
        defer { harness.remove() }
        try await harness.test { client in
            try await client.grant(harness.alpha)
            let made = try await client.contribute(harness.alpha, wordpress("matrix-1"))
            let contributionId = try #require(made.object["contributionId"] as? String)
            let patternId = try #require(made.object["patternId"] as? String)
            let unknownRequest = "er_" + String(repeating: "0", count: 32)
            let someId = String(repeating: "c", count: 64)
            let rows: [Row] = [
                Row(method: .get, path: "/healthz", body: nil, expected: [200, 200, 200, 200, 200]),
                Row(method: .get, path: "/metrics", body: nil, expected: [200, 200, 200, 200, 200]),
                Row(method: .post, path: "/api/v1/patterns/contribute", body: wordpress("matrix-2"), expected: [401, 401, 201, 403, 403]),
                Row(method: .post, path: "/api/v1/patterns/contribute/batch", body: [wordpress("matrix-3")], expected: [401, 401, 200, 403, 403]),
                Row(
                    method: .get, path: "/api/v1/patterns/search?sourceCloud=aws&targetCloud=azure&resourceTypes=EC2", body: nil,
                    expected: [401, 401, 200, 200, 403]),
                // Plans (issue 17): learned ranking is outside the free plan (403 plan_required);
                // officers have no plan, and no model is trained yet (409 no_model).
                Row(
                    method: .get, path: "/api/v1/patterns/search?sourceCloud=aws&targetCloud=azure&resourceTypes=EC2&ranking=learned", body: nil,
                    expected: [401, 401, 403, 409, 403]),
                Row(method: .get, path: "/api/v1/patterns/\(patternId)", body: nil, expected: [401, 401, 200, 200, 403]),
                Row(method: .put, path: "/api/v1/consent", body: ["action": "grant"], expected: [401, 401, 200, 403, 403]),
                Row(method: .get, path: "/api/v1/consent", body: nil, expected: [401, 401, 200, 403, 403]),
                Row(method: .post, path: "/api/v1/admin/consent", body: ["deploymentId": "matrix-subject"], expected: [401, 401, 403, 200, 403]),
                Row(method: .post, path: "/api/v1/admin/rescan", body: ["dryRun": true], expected: [401, 401, 403, 200, 403]),
                Row(
                    method: .put, path: "/api/v1/contributions/\(contributionId)", body: wordpress("matrix-1", successRate: 0.5),
                    expected: [401, 401, 200, 403, 403]),
                Row(method: .post, path: "/api/v1/export", body: ["deploymentId": TestGateway.alphaId], expected: [401, 401, 200, 200, 403]),
                Row(method: .post, path: "/api/v1/admin/purge", body: ["dryRun": true], expected: [401, 401, 403, 200, 403]),
                Row(method: .post, path: "/api/v1/admin/gateways/retire", body: ["gatewayId": "gw-old"], expected: [401, 401, 403, 404, 403]),
                // No model yet: the card is 404 no_model, and training with no examples is 422.
                Row(method: .get, path: "/api/v1/admin/ranker", body: nil, expected: [401, 401, 403, 404, 403]),
                Row(method: .get, path: "/api/v1/network/stats", body: nil, expected: [401, 401, 200, 200, 200]),
                Row(method: .post, path: "/api/v1/admin/ranker/train", body: nil, expected: [401, 401, 403, 422, 403]),
                Row(method: .get, path: "/api/v1/erasure?state=open", body: nil, expected: [401, 401, 403, 200, 403]),
                Row(method: .get, path: "/api/v1/erasure/\(unknownRequest)", body: nil, expected: [401, 401, 404, 404, 403]),
                Row(method: .get, path: "/api/v1/erasure/\(unknownRequest)/certificate", body: nil, expected: [401, 401, 403, 404, 403]),
                Row(
                    method: .post, path: "/api/v1/erasure/\(unknownRequest)/attestations", body: ["gatewayId": "gw-old", "reason": "disk shredded"],
                    expected: [401, 401, 403, 404, 403]),
                Row(method: .post, path: "/api/v1/erasure", body: ["contributionIds": [someId]], expected: [401, 401, 201, 201, 403]),
                Row(method: .get, path: "/api/v1/audit/checkpoint", body: nil, expected: [401, 401, 403, 200, 200]),
                Row(method: .get, path: "/api/v1/audit/public-key", body: nil, expected: [401, 401, 403, 200, 200]),
                Row(method: .get, path: "/api/v1/audit/entries?start=0&end=2", body: nil, expected: [401, 401, 403, 200, 200]),
                Row(method: .get, path: "/api/v1/audit/proof/inclusion?index=0&size=2", body: nil, expected: [401, 401, 403, 200, 200]),
                Row(method: .get, path: "/api/v1/audit/proof/consistency?from=1&to=2", body: nil, expected: [401, 401, 403, 200, 200]),
                Row(method: .get, path: "/api/v1/sync/status", body: nil, expected: [401, 401, 403, 200, 403]),
                // Peers only: bearer tokens of any role are not peer signatures.
                Row(method: .post, path: "/api/v1/sync", body: ["from": "x"], expected: [401, 401, 401, 401, 401]),
            ]
            let tokens: [String?] = [
                nil, "pgt_0000000000000000_" + String(repeating: "a", count: 43), harness.alpha, harness.officer, harness.auditor,
            ]
            var mismatches: [String] = []
            for row in rows {
                for (column, token) in tokens.enumerated() {
                    var fields = HTTPFields()
                    if let token { fields[.authorization] = "Bearer \(token)" }
                    if row.body != nil { fields[.contentType] = "application/json" }
                    let response = try await client.execute(uri: row.path, method: row.method, headers: fields, body: row.body.map(json))
                    if Int(response.status.code) != row.expected[column] {
                        mismatches.append(
                            "\(row.method) \(row.path) as \(["none", "bad", "deployment", "officer", "auditor"][column]): \(response.status.code), expected \(row.expected[column])"
                        )
                    }
                    if response.status.code >= 400 {
                        let error =
                            (try? JSONSerialization.jsonObject(with: Data(buffer: response.body)) as? [String: Any])?["error"] as? [String: Any]
                        if error?["code"] == nil { mismatches.append("\(row.method) \(row.path): a \(response.status.code) without a JSON error") }
                    }
                }
            }
            #expect(mismatches.isEmpty, "\(mismatches.joined(separator: "\n"))")
            #expect(rows.count >= 23)
        }
    }
}
