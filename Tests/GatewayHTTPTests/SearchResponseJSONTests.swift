import Foundation
import Gateway
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
               "sourceCloud":"aws","targetCloud":"azure","strategy":"replatform","resourceTypes":["EC2","RDS","S3"],
               "steps":[{"action":"assess_inventory","durationSeconds":1800,"successRate":1,"count":2,"success":true,"commonErrors":[]},
                        {"action":"replicate_db","durationSeconds":7200.333333333333,"successRate":0,"count":1,"success":false,
                         "commonErrors":["timeout \"quoted\" back\\slash / slash\nnewline\ttab"]}]},
              {"patternId":"00000000000000000000000000000000","successRate":1e-7,"avgDuration":123456789012,"costSavings":-0.5,
               "contributors":1,"recommendations":[],"sourceCloud":"on-prem","targetCloud":"gcp","strategy":"rehost","resourceTypes":[],"steps":[]}
            ],"totalMatches":42,"queryTime":0.125}
            """#
        let response = try JSONDecoder().decode(SearchPatternsResponse.self, from: Data(text.utf8))
        let hand = try #require(response.json())
        let foundation = try Self.encoder().encode(response)
        #expect(String(decoding: hand, as: UTF8.self) == String(decoding: foundation, as: UTF8.self))
        #expect(try JSONDecoder().decode(SearchPatternsResponse.self, from: hand) == response)
        let empty = try JSONDecoder().decode(SearchPatternsResponse.self, from: Data(#"{"patterns":[],"totalMatches":0,"queryTime":0}"#.utf8))
        #expect(try #require(empty.json()) == (try Self.encoder().encode(empty)))
    }
}
