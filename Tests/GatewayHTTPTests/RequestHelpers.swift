import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

/// The seed's WordPress AWS→Azure example.
func wordpress(_ migrationId: String = "wp-2026-001", successRate: Double = 0.95) -> [String: Any] {
    [
        "migrationId": migrationId, "sourceCloud": "aws", "targetCloud": "azure", "resourceTypes": ["EC2", "RDS", "S3"],
        "strategy": "replatform",
        "steps": [
            ["action": "assess_inventory", "durationSeconds": 1800, "success": true],
            ["action": "replicate_db", "durationSeconds": 7200, "success": false],
            ["action": "cutover_dns", "durationSeconds": 600, "success": true],
        ],
        "successRate": successRate, "durationHours": 6, "costSavingsPercent": 23,
    ]
}

func json(_ object: Any) -> ByteBuffer {
    ByteBuffer(bytes: try! JSONSerialization.data(withJSONObject: object))
}

func headers(_ token: String?, json: Bool = true) -> HTTPFields {
    var fields = HTTPFields()
    if let token { fields[.authorization] = "Bearer \(token)" }
    if json { fields[.contentType] = "application/json" }
    return fields
}

extension TestResponse {
    /// The decoded JSON object of the body.
    var object: [String: Any] {
        (try? JSONSerialization.jsonObject(with: Data(buffer: body))) as? [String: Any] ?? [:]
    }

    var text: String { String(buffer: body) }

    var errorCode: String? { (object["error"] as? [String: Any])?["code"] as? String }
    var errorMessage: String? { (object["error"] as? [String: Any])?["message"] as? String }
}

extension TestClientProtocol {
    func grant(_ token: String) async throws {
        let response = try await execute(uri: "/api/v1/consent", method: .put, headers: headers(token), body: json(["action": "grant"]))
        #expect(response.status == .ok)
    }

    func contribute(_ token: String, _ body: [String: Any]) async throws -> TestResponse {
        try await execute(uri: "/api/v1/patterns/contribute", method: .post, headers: headers(token), body: json(body))
    }

    func search(_ token: String, _ query: String) async throws -> TestResponse {
        try await execute(uri: "/api/v1/patterns/search?\(query)", method: .get, headers: headers(token, json: false))
    }
}
