import Foundation
import PatternCore
import Replication
import Testing

@Suite("Hybrid logical clock")
struct HybridLogicalClockTests {
    @Test("ticks are strictly increasing even when the wall clock stalls or steps back")
    func monotonic() {
        var clock = HybridLogicalClock()
        let a = clock.tick(physicalMillis: 1000)
        let b = clock.tick(physicalMillis: 1000)
        let c = clock.tick(physicalMillis: 900)
        let d = clock.tick(physicalMillis: 2000)
        #expect(a < b && b < c && c < d)
        #expect(b == HLCTimestamp(wallMillis: 1000, logical: 1))
        #expect(d == HLCTimestamp(wallMillis: 2000, logical: 0))
    }

    @Test("a remote timestamp moves the clock forward; one more than five minutes ahead is refused")
    func receive() throws {
        var clock = HybridLogicalClock()
        try clock.receive(HLCTimestamp(wallMillis: 5000, logical: 3), physicalMillis: 4000)
        #expect(clock.tick(physicalMillis: 4000) == HLCTimestamp(wallMillis: 5000, logical: 4))
        #expect(throws: ClockError.aheadOfWallClock) {
            try clock.receive(HLCTimestamp(wallMillis: 4000 + 5 * 60 * 1000 + 1, logical: 0), physicalMillis: 4000)
        }
    }
}

@Suite("Version vectors and events")
struct EventTests {
    @Test("a vector advances only over contiguous sequence numbers; merge is pointwise max")
    func vectors() {
        var vector = VersionVector()
        vector.advance(to: EventID(origin: "a", seq: 1))
        vector.advance(to: EventID(origin: "a", seq: 3))
        #expect(vector["a"] == 1)
        vector.advance(to: EventID(origin: "a", seq: 2))
        #expect(vector["a"] == 2)
        let merged = vector.merged(with: VersionVector(["a": 1, "b": 4]))
        #expect(merged == VersionVector(["a": 2, "b": 4]))
        #expect(merged.merged(with: vector) == merged)
        #expect(merged.contains(EventID(origin: "b", seq: 4)))
        #expect(!merged.contains(EventID(origin: "c", seq: 1)))
    }

    @Test("content hash covers kind, clock, context and payload; happened-before follows the context")
    func hashing() throws {
        let payload = try EventPayloadCoding.encode(["k": "v"])
        let first = Event(
            id: EventID(origin: "a", seq: 1), hlc: HLCTimestamp(wallMillis: 1, logical: 0), causalContext: VersionVector(),
            kind: .consentChanged, payload: payload)
        #expect(first.contentHash == Event.contentHash(hlc: first.hlc, causalContext: first.causalContext, kind: first.kind, payload: payload))
        #expect(first.contentHash.count == 64)
        var changed = first
        changed.payload = try EventPayloadCoding.encode(["k": "w"])
        #expect(
            Event.contentHash(hlc: changed.hlc, causalContext: changed.causalContext, kind: changed.kind, payload: changed.payload)
                != first.contentHash)
        let second = Event(
            id: EventID(origin: "b", seq: 1), hlc: HLCTimestamp(wallMillis: 2, logical: 0), causalContext: VersionVector(["a": 1]),
            kind: .consentChanged, payload: payload)
        #expect(first.happenedBefore(second))
        #expect(!second.happenedBefore(first))
    }

    @Test("payload coding is canonical: same value, same bytes")
    func canonical() throws {
        let record = ContributionRecord(
            sourceCloud: .aws, targetCloud: .azure, resourceTypes: ["EC2"], strategy: .rehost, steps: [],
            successRate: 1, durationHours: 2, costSavingsPercent: 3)
        let a = try EventPayloadCoding.encode(
            ContributionAdded(contributionId: "c", pseudonym: "p", patternId: "x", requestDigest: "d", record: record))
        let b = try EventPayloadCoding.encode(
            ContributionAdded(contributionId: "c", pseudonym: "p", patternId: "x", requestDigest: "d", record: record))
        #expect(a == b)
        #expect(try EventPayloadCoding.decode(ContributionAdded.self, from: a).record == record)
    }
}
