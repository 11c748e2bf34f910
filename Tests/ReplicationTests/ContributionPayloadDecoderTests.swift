import Foundation
import PatternCore
import Replication
import TestSupport
import Testing

@Suite("Contribution payload decoder")
struct ContributionPayloadDecoderTests {
    static let messages: [String?] = [
        nil, "", "timeout after 30s", "quote \" backslash \\ slash / tab \t newline \n", "ünïcödé ✓ 日本語 🚀",
        "\u{01}\u{1f} control", "{\"not\": \"json\"}",
    ]

    @Test("agrees with JSONDecoder on seeded records, escapes and unicode included")
    func agreesWithFoundation() throws {
        var random = SeededGenerator.forTest("ContributionPayloadDecoderTests", variable: "REPLICATION_SEED", fallback: 20_261_125)
        func next() -> UInt64 { random.next() }
        for _ in 0..<2_000 {
            let steps = (0..<Int(next() % 4)).map { _ in
                MigrationStep(
                    action: "step_\(next() % 9)", durationSeconds: Double(next() % 100_000) / 7, success: next() % 2 == 0,
                    errorMessage: Self.messages[Int(next() % UInt64(Self.messages.count))])
            }
            let record = ContributionRecord(
                sourceCloud: CloudProvider.allCases[Int(next() % 4)], targetCloud: .azure,
                sourceRegion: next() % 2 == 0 ? "eu-west-1" : nil, targetRegion: nil,
                resourceTypes: ["EC2", "S3"].shuffled(), strategy: MigrationStrategy.allCases[Int(next() % 3)], steps: steps,
                successRate: Double(next() % 1000) / 999, durationHours: Double(next() % 10_000) / 3,
                costSavingsPercent: -Double(next() % 50) + 0.25,
                followedPatternId: next() % 3 == 0 ? String(format: "%032llx", next()) : nil)
            let added = ContributionAdded(
                contributionId: String(repeating: "a", count: 64), pseudonym: String(repeating: "b", count: 64),
                patternId: record.patternKey.patternId, requestDigest: "d", record: record)
            let data = try EventPayloadCoding.encode(added)
            #expect(try ContributionPayloadDecoder.decode(data) == EventPayloadCoding.decode(ContributionAdded.self, from: data))
        }
    }

    @Test("malformed payloads fail as JSONDecoder fails; other valid shapes decode the same")
    func malformed() throws {
        for text in ["", "{", "[]", #"{"contributionId": 1}"#, "{\"a\":\"\\ud800\"}", "nul"] {
            #expect(throws: (any Error).self) { try ContributionPayloadDecoder.decode(Data(text.utf8)) }
        }
        let spaced = #"""
            { "contributionId" : "c", "pseudonym":"p", "patternId":"x", "requestDigest":"d", "extra": [1, {"y": null}],
              "record": {"sourceCloud":"aws","targetCloud":"gcp","resourceTypes":[],"strategy":"rehost","steps":[],
                         "successRate":1E0,"durationHours":2,"costSavingsPercent":-0.5,"sourceRegion":null} }
            """#
        let data = Data(spaced.utf8)
        #expect(try ContributionPayloadDecoder.decode(data) == EventPayloadCoding.decode(ContributionAdded.self, from: data))
    }
}

@Suite("Consent payloads read by the hand-written parser")
struct ConsentPayloadDecoderTests {
    @Test("equal to JSONDecoder's reading; a different shape is left to JSONDecoder")
    func sameAsFoundation() throws {
        let changes = [
            ConsentChanged(
                pseudonym: "3f9a0c", granted: true, purposes: ["contribute", "search"], policyVersion: "2026-11", actor: "self",
                at: "2026-11-25T12:00:00.000Z"),
            ConsentChanged(pseudonym: "p", granted: false, purposes: [], policyVersion: "v\"1\\é ✓", actor: "officer", at: "2026-02-01T00:00:00Z"),
        ]
        for change in changes {
            let stored = try EventPayloadCoding.encode(change)
            #expect(ConsentChanged(storedPayload: stored) == change)
            #expect(try EventPayloadCoding.decode(ConsentChanged.self, from: stored) == change)
        }
        for odd in [
            #"{"pseudonym":"p","granted":true,"purposes":["a"],"policyVersion":"v","actor":"self"}"#,
            #"{"pseudonym":"p","granted":"yes","purposes":["a"],"policyVersion":"v","actor":"self","at":"t"}"#,
            #"{"pseudonym":"p","granted":true,"purposes":[1],"policyVersion":"v","actor":"self","at":"t"}"#,
            #"{"pseudonym":"p","granted":true,"purposes":["a"],"policyVersion":"v","actor":"self","at":"t","extra":1}"#,
            "not json",
        ] {
            #expect(ConsentChanged(storedPayload: Data(odd.utf8)) == nil)
        }
    }
}
