import Foundation
import GatewayTestSupport
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import TestSupport
import Testing

/// Seeded hostile input over every endpoint: malformed and truncated JSON, wrong types,
/// deep nesting, huge strings and arrays, invalid UTF-8, unknown fields, wrong content
/// types and bad query parameters. Never a 5xx, every refusal a JSON error, and a refused
/// request stores nothing.
@Suite("Hostile input")
struct HostileInputTests {
    static var bodies: [(HTTPRequest.Method, String, [String: Any])] {
        [
            (.post, "/api/v1/patterns/contribute", wordpress("fuzz-1")),
            (.post, "/api/v1/patterns/contribute/batch", ["items": [wordpress("fuzz-2")]]),
            (.put, "/api/v1/consent", ["action": "grant", "purposes": ["contribute"]]),
            (.post, "/api/v1/admin/consent", ["deploymentId": "fuzz-subject", "revoke": false]),
            (.post, "/api/v1/admin/rescan", ["dryRun": true]),
            (.post, "/api/v1/erasure", ["contributionIds": [String(repeating: "a", count: 64)]]),
            (.put, "/api/v1/contributions/" + String(repeating: "b", count: 64), wordpress("fuzz-3")),
            (.post, "/api/v1/export", ["deploymentId": "fuzz-subject"]),
            (.post, "/api/v1/admin/purge", ["dryRun": true, "asOf": "2020-01-01"]),
            (.post, "/api/v1/admin/gateways/retire", ["gatewayId": "gw-fuzz"]),
            (.post, "/api/v1/sync", ["from": "gw-x", "vector": [:], "events": [], "policyHash": "x"]),
        ]
    }

    static let queries: [String] = [
        "/api/v1/patterns/search?sourceCloud=aws&targetCloud=azure&resourceTypes=EC2&limit=5",
        "/api/v1/patterns/0123456789abcdef0123456789abcdef",
        "/api/v1/erasure/er_0123456789abcdef0123456789abcdef",
        "/api/v1/audit/entries?start=0&end=3",
        "/api/v1/audit/proof/inclusion?index=0&size=2",
        "/api/v1/audit/proof/consistency?from=1&to=2",
        "/api/v1/audit/checkpoint", "/api/v1/consent", "/api/v1/sync/status", "/api/v1/network/stats",
    ]

    /// One hostile variant of a valid body.
    static func mutate(_ body: [String: Any], _ random: inout SeededGenerator) -> (Data, String?) {
        let valid = try! JSONSerialization.data(withJSONObject: body)
        switch random.below(10) {
        case 0: return (valid.prefix(random.below(valid.count)), "application/json")  // truncated
        case 1:  // wrong types everywhere
            let wrong: [Any] = [1, "x", [1, 2], ["a": 1], NSNull(), true, -1e308, String(repeating: "é", count: 3)]
            var copy = body
            for key in copy.keys { copy[key] = wrong[random.below(wrong.count)] }
            return (try! JSONSerialization.data(withJSONObject: copy), "application/json")
        case 2:  // deep nesting
            let depth = 100 + random.below(5_000)
            return (Data((String(repeating: "[", count: depth) + String(repeating: "]", count: depth)).utf8), "application/json")
        case 3:  // a huge string
            var copy = body
            copy[body.keys.sorted().first ?? "x"] = String(repeating: "A", count: 200_000 + random.below(2_000_000))
            return (try! JSONSerialization.data(withJSONObject: copy), "application/json")
        case 4:  // a huge array
            var copy = body
            copy[body.keys.sorted().last ?? "x"] = Array(repeating: 7, count: 10_000 + random.below(200_000))
            return (try! JSONSerialization.data(withJSONObject: copy), "application/json")
        case 5:  // invalid UTF-8 inside a string
            var bytes = Array(valid)
            if let quote = bytes.lastIndex(of: 0x22), quote > 0 { bytes.insert(contentsOf: [0xff, 0xfe, 0xc0, 0x80], at: quote) }
            return (Data(bytes), "application/json")
        case 6:  // unknown fields
            var copy = body
            for n in 0..<(1 + random.below(20)) { copy["unknown\(n)"] = ["nested": [n]] }
            return (try! JSONSerialization.data(withJSONObject: copy), "application/json")
        case 7: return (valid, ["text/plain", "application/xml", "multipart/form-data"][random.below(3)])  // wrong content type
        case 8: return (valid, nil)  // no content type
        default: return (Data(random.bytes(random.below(4_096))), "application/json")  // noise
        }
    }

    static func badQuery(_ path: String, _ random: inout SeededGenerator) -> String {
        let junk = [
            "%ff%fe", "%00", String(repeating: "9", count: 40), "-1", "NaN", "1e309", "a,b,,c", "%E2%82", "&&&=",
            String(repeating: "x", count: 5_000),
        ]
        guard let mark = path.firstIndex(of: "?") else { return path + "/" + junk[random.below(junk.count)] }
        let parts = path[path.index(after: mark)...].split(separator: "&").map { part -> String in
            let name = part.split(separator: "=").first.map(String.init) ?? "x"
            return random.below(2) == 0 ? "\(name)=\(junk[random.below(junk.count)])" : String(part)
        }
        return String(path[..<mark]) + "?" + parts.joined(separator: "&") + (random.below(3) == 0 ? "&\(junk[random.below(junk.count)])=1" : "")
    }

    @Test("seeded hostile requests to every endpoint: no 5xx, JSON errors, nothing stored when refused")
    func fuzz() async throws {
        let seed = SeededGenerator.seed(for: "HostileInputTests", variable: "HOSTILE_INPUT_SEED", fallback: 20_261_125)
        let harness = try await TestGateway.make()
        defer { harness.remove() }
        try await harness.test { client in
            var random = SeededGenerator(seed: seed)
            try await client.grant(harness.alpha)
            var failures: [String] = []
            func check(_ response: TestResponse, _ what: String, before: Int) async throws {
                if response.status.code >= 500 { failures.append("\(what): \(response.status.code)") }
                if response.status.code >= 400 {
                    let error = (try? JSONSerialization.jsonObject(with: Data(buffer: response.body)) as? [String: Any])?["error"] as? [String: Any]
                    if error?["code"] as? String == nil || error?["message"] as? String == nil {
                        failures.append("\(what): \(response.status.code) without a JSON error")
                    }
                    if try await harness.gateway.database.eventCount() != before { failures.append("\(what): refused but stored an event") }
                }
            }
            let tokens = [harness.alpha, harness.officer, harness.auditor]
            for round in 0..<12 {
                for (method, path, body) in Self.bodies {
                    let (data, type) = Self.mutate(body, &random)
                    var fields = HTTPFields()
                    fields[.authorization] = "Bearer \(tokens[random.below(tokens.count)])"
                    if let type { fields[.contentType] = type }
                    let before = try await harness.gateway.database.eventCount()
                    let response = try await client.execute(uri: path, method: method, headers: fields, body: ByteBuffer(bytes: data))
                    try await check(response, "round \(round) \(method) \(path) (\(data.count) bytes, \(type ?? "no type"))", before: before)
                }
                for path in Self.queries {
                    let uri = Self.badQuery(path, &random)
                    let before = try await harness.gateway.database.eventCount()
                    let response = try await client.execute(uri: uri, method: .get, headers: headers(tokens[random.below(tokens.count)], json: false))
                    try await check(response, "round \(round) GET \(uri.prefix(120))", before: before)
                }
            }
            #expect(failures.isEmpty, "\(failures.prefix(20).joined(separator: "\n"))")
            // Still serving.
            #expect(try await client.search(harness.officer, "sourceCloud=aws&targetCloud=azure&resourceTypes=EC2").status == .ok)
        }
    }
}
