import Foundation
import PatternCore
import Replication
import TestSupport
import Testing

@testable import Gateway

@Suite("Canonical contribution bytes")
struct CanonicalContributionTests {
    @Test("the hand-written canonical bytes equal JSONEncoder's for seeded records with awkward values")
    func equalsEncoder() throws {
        var random = SeededGenerator.forTest("canonical contribution", variable: "CANONICAL_SEED", fallback: 20_261_206)
        func next() -> UInt64 { random.next() }
        let numbers: [Double] = [0, 1, 0.5, 0.95, 1e-5, 123456.789, 2.5e-7, 99.99, 1e15, 3.0000000000000004, 86400, 0.1 + 0.2, -100, -0.0001]
        let texts = ["disk full", "quota \"exceeded\" in eu-west-1", "path C:\\temp\\x", "tab\there\nline", "ünïcödé ✓", "slash/ok", "\u{1}\u{1f}"]
        var fast = 0
        for _ in 0..<2_000 {
            func pick<T>(_ values: [T]) -> T { values[Int(next() % UInt64(values.count))] }
            let steps = (0..<Int(next() % 4)).map { _ in
                MigrationStep(
                    action: pick(["create_vm", "replicate_db"]), durationSeconds: pick(numbers).magnitude, success: next() % 2 == 0,
                    errorMessage: next() % 2 == 0 ? pick(texts) : nil)
            }
            let record = ContributionRecord(
                sourceCloud: pick(CloudProvider.allCases), targetCloud: pick(CloudProvider.targets),
                sourceRegion: next() % 2 == 0 ? "eu-west-1" : nil, targetRegion: next() % 3 == 0 ? "westeurope" : nil,
                resourceTypes: ["EC2", "S3"].prefix(Int(next() % 2) + 1).map { $0 }, strategy: pick(MigrationStrategy.allCases), steps: steps,
                successRate: pick(numbers), durationHours: pick(numbers), costSavingsPercent: pick(numbers),
                followedPatternId: next() % 3 == 0 ? String(format: "%032llx", next()) : nil)
            let added = ContributionAdded(
                contributionId: String(repeating: "a", count: 64), pseudonym: String(repeating: "b", count: 64),
                patternId: record.patternKey.patternId, requestDigest: String(repeating: "c", count: 64), record: record)
            let encoded = Array(try EventPayloadCoding.encode(added))
            if let bytes = CanonicalContribution.bytes(added) {
                #expect(bytes == encoded, "\(String(decoding: bytes, as: UTF8.self)) != \(String(decoding: encoded, as: UTF8.self))")
                if bytes == encoded { fast += 1 }
            }
            #expect(CanonicalContribution.finding(added, encoded) == nil)
            #expect(CanonicalContribution.finding(added, encoded + [0x20]) == "not_canonical")
        }
        #expect(fast == 2_000)
    }
}
