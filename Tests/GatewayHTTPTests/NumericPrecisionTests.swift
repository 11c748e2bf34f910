import Foundation
import Gateway
import GatewayTestSupport
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

/// Numbers keep a bounded precision (found by the learned ranking's simulated network): a
/// computed ratio written with 15 fraction digits can read as a national id to the
/// whole-record scan, and so many digits could also carry one.
@Suite("Numeric precision")
struct NumericPrecisionTests {
    @Test("a long fraction that spells a valid INSEE number is stored rounded, not refused")
    func longFractions() async throws {
        let harness = try await TestGateway.make()
        defer { harness.remove() }
        // 1 85 05 78 006 084, key 97 − (1850578006084 mod 97) = 91.
        let digits = "1850578006084"
        let key = 97 - Int(UInt64(digits)! % 97)
        let rate = Double("0." + digits + String(format: "%02d", key))!
        try await harness.test { client in
            try await client.grant(harness.alpha)
            var body = wordpress("wp-precision", successRate: rate)
            body["durationHours"] = 6.123456789012
            body["costSavingsPercent"] = 23.456789012345
            body["steps"] = [["action": "replicate_db", "durationSeconds": 7200.123456789, "success": true]]
            let response = try await client.contribute(harness.alpha, body)
            #expect(response.status == .created, "\(response.text)")
            let patternId = try #require(response.object["patternId"] as? String)
            let page = try await client.execute(uri: "/api/v1/patterns/\(patternId)", method: .get, headers: headers(harness.beta, json: false))
            #expect(page.object["successRate"] as? Double == 0.1851)
            #expect(page.object["avgDuration"] as? Double == 6.12)
            #expect(page.object["costSavings"] as? Double == 23.46)
            let steps = try #require(page.object["steps"] as? [[String: Any]])
            #expect(steps.first?["durationSeconds"] as? Double == 7200)
        }
    }
}
