import Foundation
import Gateway
import GatewayTestSupport
import PatternCore
import Testing

@Suite("Search response JSON")
struct SearchResponseJSONTests {
    static func encoder() -> JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }

    @Test("the hand-written body equals JSONEncoder's, byte for byte, for typical and awkward values")
    func sameAsFoundation() throws {
        let text = #"""
            {"patterns":[
              {"patternId":"1fae9c6a92a34fe1c91b03edd7f0683b","similarity":0.8715476066494083,"successRate":0.95,"avgDuration":6,
               "costSavings":23.5,"contributors":3,"recommendations":["Prepare for replicate_db: it fails often (success rate 0%).","ünïcödé ✓ 🚀"],
               "sourceCloud":"aws","targetCloud":"azure","strategy":"replatform","resourceTypes":["EC2","RDS","S3"],"network":"global",
               "steps":[{"action":"assess_inventory","durationSeconds":1800,"successRate":1,"count":2,"success":true,"commonErrors":[]},
                        {"action":"replicate_db","durationSeconds":7200.333333333333,"successRate":0,"count":1,"success":false,
                         "commonErrors":["timeout \"quoted\" back\\slash / slash\nnewline\ttab\r\u0001\u001f\u0008\u000c end"]}]},
              {"patternId":"00000000000000000000000000000000","successRate":1e-7,"avgDuration":123456789012,"costSavings":-0.5,
               "contributors":1,"recommendations":[],"sourceCloud":"on-prem","targetCloud":"gcp","strategy":"rehost","resourceTypes":[],
               "network":"acme-corp","steps":[
                 {"action":"a","durationSeconds":1e15,"successRate":-0,"count":0,"success":false,"commonErrors":[]},
                 {"action":"b","durationSeconds":999999999999999,"successRate":-3,"count":7,"success":true,"commonErrors":[]},
                 {"action":"c","durationSeconds":-1e15,"successRate":0.1,"count":1,"success":true,"commonErrors":[]}]}
            ],"totalMatches":42,"queryTime":0.125,"ranking":"learned"}
            """#
        let response = try JSONDecoder().decode(SearchPatternsResponse.self, from: Data(text.utf8))
        let hand = try #require(response.json())
        let foundation = try Self.encoder().encode(response)
        #expect(String(decoding: hand, as: UTF8.self) == String(decoding: foundation, as: UTF8.self))
        #expect(try JSONDecoder().decode(SearchPatternsResponse.self, from: hand) == response)
        let empty = try JSONDecoder().decode(
            SearchPatternsResponse.self, from: Data(#"{"patterns":[],"totalMatches":0,"queryTime":0,"ranking":"formula"}"#.utf8))
        #expect(try #require(empty.json()) == (try Self.encoder().encode(empty)))
        // A limit the token's plan lowered (issue 17): the two keys come first, in sorted order.
        let clamped = try JSONDecoder().decode(
            SearchPatternsResponse.self,
            from: Data(#"{"patterns":[],"totalMatches":12,"queryTime":0.5,"ranking":"formula","limit":10,"limitClamped":true}"#.utf8))
        let clampedJSON = try #require(clamped.json())
        #expect(clampedJSON == (try Self.encoder().encode(clamped)))
        #expect(String(decoding: clampedJSON, as: UTF8.self).hasPrefix(#"{"limit":10,"limitClamped":true,"patterns":[]"#))
    }
}

@Suite("Contribution answer JSON")
struct ContributeResponseJSONTests {
    @Test("the hand-written answer equals JSONEncoder's, byte for byte")
    func sameAsFoundation() throws {
        for text in [
            #"{"patternId":"1fae9c6a92a34fe1c91b03edd7f0683b","contributed":true,"message":"Pattern contributed","globalContributions":42,"contributionId":"c1","duplicate":false}"#,
            #"{"patternId":"","contributed":false,"message":"quote \" back\\slash / ünï\n\t","globalContributions":0,"contributionId":"","duplicate":true}"#,
        ] {
            let response = try JSONDecoder().decode(ContributePatternResponse.self, from: Data(text.utf8))
            #expect(Data(response.json()) == (try SearchResponseJSONTests.encoder().encode(response)))
        }
    }
}

@Suite("Search answers with each pattern's JSON kept per revision")
struct SearchJSONCacheTests {
    /// `searchJSON` must be exactly `search(...).json()` (with the same query time), whether the
    /// pattern JSON was just written, reused, or rewritten after the pattern changed.
    static func expectSame(_ gateway: PatternGateway, _ principal: Principal, types: String) throws -> SearchPatternsResponse {
        let body = try #require(try gateway.searchJSON(principal, sourceCloud: "aws", targetCloud: "azure", resourceTypes: types, limit: nil))
        let viaCache = try JSONDecoder().decode(SearchPatternsResponse.self, from: Data(body))
        var direct = try gateway.search(principal, sourceCloud: "aws", targetCloud: "azure", resourceTypes: types, limit: nil)
        direct.queryTime = viaCache.queryTime
        #expect(viaCache == direct)
        #expect(try #require(direct.json()) == Data(body))
        return viaCache
    }

    static func request(_ id: String, types: [String], errors: Bool = false) -> ContributePatternRequest {
        ContributePatternRequest(
            migrationId: id, sourceCloud: "aws", targetCloud: "azure", resourceTypes: types, strategy: "rehost",
            steps: [
                .init(action: "create_vm", durationSeconds: 61, success: !errors),
                .init(action: "replicate_db", durationSeconds: 7200.5, success: true),
            ],
            successRate: 0.875, durationHours: 3, costSavingsPercent: 12.5)
    }

    @Test("the same bytes as the uncached answer: first, reused, after a new contribution, after an erasure")
    func sameBytes() async throws {
        let harness = try await TestGateway.make()
        defer { harness.remove() }
        let gateway = harness.gateway
        let alpha = try await gateway.authenticate(authorization: "Bearer \(harness.alpha)")
        _ = try await gateway.changeConsent(alpha, request: ConsentChangeRequest(action: "grant"))
        var ids: [String] = []
        for (n, types) in [["EC2", "S3"], ["EC2"], ["EC2", "RDS", "S3"], ["S3"]].enumerated() {
            ids.append(try await gateway.contribute(alpha, request: Self.request("m\(n)", types: types)).contributionId)
        }
        let first = try Self.expectSame(gateway, alpha, types: "EC2,S3")
        #expect(first.patterns.count == 4)
        let reused = try Self.expectSame(gateway, alpha, types: "EC2,S3")
        #expect(reused.patterns == first.patterns)

        // A second contribution to the top pattern changes its revision: its JSON is rewritten.
        _ = try await gateway.contribute(alpha, request: Self.request("m9", types: ["EC2", "S3"], errors: true))
        let grown = try Self.expectSame(gateway, alpha, types: "EC2,S3")
        let top = try #require(grown.patterns.first { $0.resourceTypes == ["EC2", "S3"] })
        #expect(top.steps.first { $0.action == "create_vm" }?.successRate == 0.5)
        #expect(grown.totalMatches == 4)

        // Erasing a contribution removes its pattern from the answer, cached or not.
        let officer = try await gateway.authenticate(authorization: "Bearer \(harness.officer)")
        _ = try await gateway.requestErasure(officer, body: ErasureRequestBody(contributionIds: [ids[3]]))
        let erased = try Self.expectSame(gateway, alpha, types: "EC2,S3")
        #expect(erased.totalMatches == 3)
        #expect(!erased.patterns.contains { $0.resourceTypes == ["S3"] })
    }
}
