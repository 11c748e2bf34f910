import Foundation
import PatternCore
import Replication
import TestSupport
import Testing

/// Three origins making events with causal contexts, as gateways would.
func makeHistory(events count: Int, using random: inout SeededGenerator) throws -> [HeldEvent] {
    let origins = ["gw-americas", "gw-europe", "gw-apac"]
    var seen: [String: VersionVector] = Dictionary(uniqueKeysWithValues: origins.map { ($0, VersionVector()) })
    var made: [Event] = []
    var clock = HybridLogicalClock()
    for n in 0..<count {
        let origin = origins.randomElement(using: &random)!
        // Sometimes an origin first learns what another has made (a sync).
        if Bool.random(using: &random), let other = origins.randomElement(using: &random) {
            seen[origin] = seen[origin]!.merged(with: seen[other]!)
        }
        let context = seen[origin]!
        let id = EventID(origin: origin, seq: context[origin] + 1)
        let payload = try EventPayloadCoding.encode(["n": n])
        let event = Event(
            id: id, hlc: clock.tick(physicalMillis: UInt64(1_700_000_000_000 + n)), causalContext: context,
            kind: .consentChanged, payload: payload)
        var next = context
        next.advance(to: id)
        seen[origin] = next
        made.append(event)
    }
    return made.map(HeldEvent.init)
}

@Suite("Replica state: merge as set union")
struct ReplicaStatePropertyTests {
    static let seed = SeededGenerator.seed(for: "replication property tests", variable: "REPLICATION_SEED", fallback: 20_261_125)

    @Test("every delivery order, duplication and partition of the same events gives the same digest (10,000 operations)")
    func deliveryOrders() throws {
        var random = SeededGenerator(seed: Self.seed)
        let history = try makeHistory(events: 400, using: &random)
        let reference = try ReplicaState(history)
        var operations = 0
        for _ in 0..<25 {
            // Three replicas receive every event in their own order, with duplicates, in
            // batches, some cut off for a while (a partition) and caught up by merging.
            var replicas = [ReplicaState(), ReplicaState(), ReplicaState()]
            for held in history.shuffled(using: &random) {
                // The replica of the event's origin always has it; the others may not yet.
                let home = ["gw-americas", "gw-europe", "gw-apac"].firstIndex(of: held.id.origin)!
                for replica in replicas.indices where replica == home || Int.random(in: 0..<4, using: &random) != 0 {
                    try replicas[replica].insert(held)
                    operations += 1
                    if Int.random(in: 0..<10, using: &random) == 0 { try replicas[replica].insert(held) }  // duplicate
                }
            }
            // Heal: anti-entropy rounds in a random order, in bounded batches, until nothing moves.
            for _ in 0..<1_000 {
                var moved = false
                for (a, b) in [(0, 1), (1, 0), (1, 2), (2, 1), (2, 0), (0, 2)].shuffled(using: &random) {
                    for held in replicas[a].missing(for: replicas[b].versionVector, limit: 50) {
                        moved = try replicas[b].insert(held) || moved
                        operations += 1
                    }
                }
                if !moved { break }
            }
            for replica in replicas {
                #expect(replica.digest == reference.digest)
                #expect(replica.versionVector == reference.versionVector)
            }
        }
        #expect(operations >= 10_000, "only \(operations) operations")
    }

    @Test("merge is commutative, associative and idempotent")
    func algebra() throws {
        var random = SeededGenerator(seed: Self.seed &+ 1)
        for _ in 0..<50 {
            let history = try makeHistory(events: 60, using: &random)
            func sample() throws -> ReplicaState { try ReplicaState(history.filter { _ in Bool.random(using: &random) }) }
            let (a, b, c) = (try sample(), try sample(), try sample())
            #expect(try a.merged(with: b) == b.merged(with: a))
            #expect(try a.merged(with: b).merged(with: c) == a.merged(with: b.merged(with: c)))
            #expect(try a.merged(with: a) == a)
        }
    }

    @Test("the same (origin, seq) with another content hash is a conflict; a stub shows in the digest until a full copy fills it")
    func conflictsAndStubs() throws {
        var random = SeededGenerator(seed: Self.seed &+ 2)
        let history = try makeHistory(events: 10, using: &random)
        var state = try ReplicaState(history)
        let digest = state.digest
        let first = history[0]
        #expect(throws: SequenceConflict.self) {
            try state.insert(HeldEvent(stub: first.id, contentHash: String(repeating: "0", count: 64)))
        }
        var purged = try ReplicaState(history.dropFirst())
        try purged.insert(HeldEvent(stub: first.id, contentHash: first.contentHash))
        #expect(purged.digest != digest)
        // A full copy fills the stub; a stub never empties a full event.
        #expect(try purged.insert(first))
        #expect(purged.digest == digest)
        #expect(try state.insert(HeldEvent(stub: first.id, contentHash: first.contentHash)) == false)
        #expect(state.events[first.id]?.event != nil)
    }

    @Test("missing events are selected in bounded batches in (origin, seq) order")
    func selection() throws {
        var random = SeededGenerator(seed: Self.seed &+ 3)
        let state = try ReplicaState(try makeHistory(events: 100, using: &random))
        var peer = ReplicaState()
        var batches = 0
        while true {
            let batch = state.missing(for: peer.versionVector, limit: 16)
            if batch.isEmpty { break }
            #expect(batch.count <= 16)
            #expect(batch.map(\.id) == batch.map(\.id).sorted())
            for held in batch { try peer.insert(held) }
            batches += 1
        }
        #expect(peer.digest == state.digest)
        #expect(batches == 7)
    }
}
