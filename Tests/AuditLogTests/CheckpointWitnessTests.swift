import AuditLog
import Foundation
import Testing

/// A gateway's chain of segments held in memory, as a log would build it, so the witness's
/// rules are checked against real trees, proofs and hand-overs.
struct WitnessTestChain {
    struct Segment {
        var name: String
        var origin: String
        var key: AuditSigningKey
        var lines: [[UInt8]] = []
        var leafHashes: [MerkleHash] { lines.map { MerkleTree.leafHash($0) } }
        var size: UInt64 { UInt64(lines.count) }
        var root: MerkleHash { MerkleTree.root(leafHashes: leafHashes) }
    }

    var segments: [Segment]
    var counter = 0

    init(key: AuditSigningKey) {
        segments = [Segment(name: "2026", origin: "gw-b/2026", key: key)]
    }

    var current: Segment { segments[segments.count - 1] }

    mutating func append(_ count: Int, to index: Int? = nil) {
        let index = index ?? segments.count - 1
        for _ in 0..<count {
            counter += 1
            let entry = try! AuditEntry(
                seq: segments[index].size, time: "2026-12-07T10:00:00.000Z", actorRole: "system", actorId: "gateway", action: "test.entry",
                details: ["n": .count(counter)])
            segments[index].lines.append(entry.canonicalLine())
        }
    }

    mutating func appendChain(action: String, details: [String: AuditValue]) {
        let entry = try! AuditEntry(
            seq: current.size, time: "2026-12-07T10:00:00.000Z", actorRole: "system", actorId: "gateway", action: action, details: details)
        segments[segments.count - 1].lines.append(entry.canonicalLine())
    }

    func note(_ index: Int? = nil, size: UInt64? = nil) -> String {
        let segment = segments[index ?? segments.count - 1]
        let size = size ?? segment.size
        let root = MerkleTree.root(leafHashes: segment.leafHashes.prefix(Int(size)))
        return try! segment.key.signCheckpoint(TreeCheckpoint(origin: segment.origin, size: size, rootHash: root)).serialized
    }

    /// Seals the current segment (hand-over entry, final checkpoint) and opens `name` under `key`.
    mutating func rotate(to name: String, key: AuditSigningKey) {
        let origin = "gw-b/" + name
        appendChain(action: SegmentHandOver.action, details: try! SegmentHandOver(next: name, nextOrigin: origin, nextKey: key.publicKey).details)
        let final = try! SignedNote(parsing: note())
        let previous = current.name
        segments.append(Segment(name: name, origin: origin, key: key))
        appendChain(
            action: SegmentOpening.action, details: SegmentOpening(segment: name, previous: previous, previousCheckpoint: final).details)
    }

    /// What the log sends a witness that cosigned segment `index` at `size`.
    func evidence(from index: Int, size: UInt64) -> LogGrowthEvidence {
        let base = segments[index]
        if index == segments.count - 1 {
            return LogGrowthEvidence(
                fromOrigin: base.origin, fromSize: size, toSize: base.size,
                consistency: try! MerkleTree.consistencyProof(oldSize: size, newSize: base.size, leafHashes: base.leafHashes).hashes)
        }
        let next = segments[index + 1]
        let step = SegmentStepEvidence(
            finalCheckpoint: note(index), handOverLine: base.lines[base.lines.count - 1],
            handOverProof: try! MerkleTree.inclusionProof(index: base.size - 1, size: base.size, leafHashes: base.leafHashes).hashes,
            nextCheckpoint: note(index + 1), openingLine: next.lines[0],
            openingProof: try! MerkleTree.inclusionProof(index: 0, size: next.size, leafHashes: next.leafHashes).hashes)
        return LogGrowthEvidence(
            fromOrigin: base.origin, fromSize: size, toSize: base.size,
            consistency: try! MerkleTree.consistencyProof(oldSize: size, newSize: base.size, leafHashes: base.leafHashes).hashes, step: step)
    }

    func observation(evidence: LogGrowthEvidence?) -> CheckpointWitness.Observation {
        CheckpointWitness.Observation(peer: "gw-b", note: note(), key: current.key.publicKey, evidence: evidence)
    }
}

@Suite("Checkpoint witness (C2SP tlog-witness rules)")
struct CheckpointWitnessTests {
    static let firstKey = try! AuditSigningKey(rawRepresentation: [UInt8](repeating: 21, count: 32))
    static let secondKey = try! AuditSigningKey(rawRepresentation: [UInt8](repeating: 22, count: 32))

    static func advanced(_ verdict: WitnessVerdict) -> (WitnessedLog, [SignedNote])? {
        if case .advance(let state, let notes) = verdict { return (state, notes) }
        return nil
    }

    /// A witness that pinned the chain at its first 3 entries.
    static func pinned() -> (WitnessTestChain, WitnessedLog) {
        var chain = WitnessTestChain(key: firstKey)
        chain.append(3)
        let state = advanced(CheckpointWitness.judge(nil, chain.observation(evidence: nil)))!.0
        return (chain, state)
    }

    @Test("first sight pins the key; growth is cosigned only with a consistency proof from the size cosigned last")
    func growth() throws {
        var (chain, state) = Self.pinned()
        #expect(state.checkpoint.size == 3 && state.key == Self.firstKey.publicKey)
        #expect(CheckpointWitness.judge(state, chain.observation(evidence: nil)) == .unchanged)
        chain.append(5)
        // No proof yet, or one from another size: nothing cosigned, nothing raised.
        #expect(CheckpointWitness.judge(state, chain.observation(evidence: nil)) == .unchanged)
        #expect(CheckpointWitness.judge(state, chain.observation(evidence: chain.evidence(from: 0, size: 2))) == .unchanged)
        let (next, notes) = try #require(Self.advanced(CheckpointWitness.judge(state, chain.observation(evidence: chain.evidence(from: 0, size: 3)))))
        #expect(next.checkpoint.size == 8 && notes.count == 1 && notes[0].serialized == chain.note())
        state = next
        // A proof to another size than the one announced (a checkpoint signed in between): not judged.
        chain.append(2)
        var elsewhere = chain.evidence(from: 0, size: 8)
        elsewhere.toSize -= 1
        #expect(CheckpointWitness.judge(state, chain.observation(evidence: elsewhere)) == .unchanged)
        // A proof that does not lead from the cosigned root: refused.
        var bad = chain.evidence(from: 0, size: 8)
        bad.consistency[0] = MerkleHash(bytes: [UInt8](repeating: 9, count: 32))!
        #expect(CheckpointWitness.judge(state, chain.observation(evidence: bad)) == .refused(.checkpointInconsistent))
    }

    @Test("a smaller tree, another root at the same size, another key or a bad signature is refused")
    func contradictions() throws {
        let (chain, state) = Self.pinned()
        #expect(
            CheckpointWitness.judge(state, .init(peer: "gw-b", note: chain.note(size: 2), key: Self.firstKey.publicKey, evidence: nil))
                == .refused(.checkpointSmaller))
        let forged = try Self.firstKey.signCheckpoint(
            TreeCheckpoint(origin: "gw-b/2026", size: 3, rootHash: MerkleHash(bytes: [UInt8](repeating: 7, count: 32))!)
        ).serialized
        #expect(
            CheckpointWitness.judge(state, .init(peer: "gw-b", note: forged, key: Self.firstKey.publicKey, evidence: nil))
                == .refused(.checkpointForked))
        let otherKey = try Self.secondKey.signCheckpoint(TreeCheckpoint(origin: "gw-b/2026", size: 3, rootHash: state.checkpoint.rootHash))
        #expect(
            CheckpointWitness.judge(state, .init(peer: "gw-b", note: otherKey.serialized, key: Self.secondKey.publicKey, evidence: nil))
                == .refused(.auditKeyChanged))
        #expect(
            CheckpointWitness.judge(state, .init(peer: "gw-b", note: otherKey.serialized, key: Self.firstKey.publicKey, evidence: nil))
                == .refused(.checkpointBadSignature))
        #expect(
            CheckpointWitness.judge(state, .init(peer: "gw-b", note: "not a note", key: Self.firstKey.publicKey, evidence: nil))
                == .refused(.checkpointMalformed))
        // Another gateway's origin under this peer's key: never cosigned, even on first sight.
        let foreign = try Self.firstKey.signCheckpoint(TreeCheckpoint(origin: "gw-c/2026", size: 3, rootHash: state.checkpoint.rootHash))
        #expect(
            CheckpointWitness.judge(nil, .init(peer: "gw-b", note: foreign.serialized, key: Self.firstKey.publicKey, evidence: nil))
                == .refused(.checkpointMalformed))
        // From a known peer it is not cosigned and not raised (a gateway renamed before its first
        // event keeps its first origin until it rotates).
        #expect(
            CheckpointWitness.judge(state, .init(peer: "gw-b", note: foreign.serialized, key: Self.firstKey.publicKey, evidence: nil))
                == .unchanged)
    }

    @Test("a new segment under a new key is followed through its hand-over; a second successor and a rollback are forks")
    func segments() throws {
        var (chain, state) = Self.pinned()
        chain.append(2)
        let beforeRotation = chain
        chain.rotate(to: "2026.2", key: Self.secondKey)
        chain.append(4)
        // The new origin without a step: not cosigned, not raised (the log learns the base first).
        #expect(CheckpointWitness.judge(state, chain.observation(evidence: nil)) == .unchanged)
        let (next, notes) = try #require(Self.advanced(CheckpointWitness.judge(state, chain.observation(evidence: chain.evidence(from: 0, size: 3)))))
        #expect(next.key == Self.secondKey.publicKey && next.checkpoint.origin == "gw-b/2026.2" && next.checkpoint.size == 5)
        #expect(notes.map(\.serialized) == [chain.note(0), chain.note()])
        #expect(next.previous?.final.size == 6 && next.previous?.successor == "gw-b/2026.2")
        state = next
        #expect(CheckpointWitness.judge(state, chain.observation(evidence: nil)) == .unchanged)

        // Segment names only grow: a hand-over back to an earlier year is not followed (an
        // origin followed before could otherwise come back, and a shrink pass as growth).
        var backwards = chain
        backwards.rotate(to: "2025", key: Self.firstKey)
        #expect(
            CheckpointWitness.judge(state, backwards.observation(evidence: backwards.evidence(from: 1, size: 5))) == .refused(.segmentInvalid))

        // The same log hands the old segment over to another successor: a second successor.
        var fork = beforeRotation
        fork.rotate(to: "2026.3", key: Self.secondKey)
        #expect(CheckpointWitness.judge(state, fork.observation(evidence: fork.evidence(from: 0, size: 3))) == .refused(.segmentForked))
        // The old segment presented again: a rollback.
        #expect(
            CheckpointWitness.judge(state, .init(peer: "gw-b", note: chain.note(0), key: Self.firstKey.publicKey, evidence: nil))
                == .refused(.segmentForked))
    }

    @Test("a step whose opening does not record the final checkpoint, or whose successor another key signs, is invalid")
    func invalidSteps() throws {
        var (chain, state) = Self.pinned()
        chain.rotate(to: "2026.2", key: Self.secondKey)
        chain.append(1)
        var evidence = chain.evidence(from: 0, size: 3)
        // The opening entry of another chain (it records another final checkpoint).
        var other = WitnessTestChain(key: Self.firstKey)
        other.append(5)
        other.rotate(to: "2026.2", key: Self.secondKey)
        evidence.step?.openingLine = other.segments[1].lines[0]
        #expect(CheckpointWitness.judge(state, chain.observation(evidence: evidence)) == .refused(.segmentInvalid))
        // The successor's checkpoint signed by a key the hand-over did not name.
        evidence = chain.evidence(from: 0, size: 3)
        let rogue = AuditSigningKey()
        let successor = chain.segments[1]
        evidence.step?.nextCheckpoint = try rogue.signCheckpoint(
            TreeCheckpoint(origin: successor.origin, size: successor.size, rootHash: successor.root)
        ).serialized
        #expect(CheckpointWitness.judge(state, chain.observation(evidence: evidence)) == .refused(.segmentInvalid))
        // The hand-over line dropped (another entry in its place): its proof fails.
        evidence = chain.evidence(from: 0, size: 3)
        evidence.step?.handOverLine = chain.segments[0].lines[0]
        #expect(CheckpointWitness.judge(state, chain.observation(evidence: evidence)) == .refused(.segmentInvalid))
        // A hand-over to the origin the witness follows already (a reused origin would pass a shrink
        // as growth): refused (here by the same-origin rule, before the step is read).
        var reuse = WitnessTestChain(key: Self.firstKey)
        reuse.append(3)
        reuse.appendChain(
            action: SegmentHandOver.action,
            details: try SegmentHandOver(next: "2026", nextOrigin: "gw-b/2026", nextKey: Self.secondKey.publicKey).details)
        let reusedFinal = try SignedNote(parsing: reuse.note())
        reuse.segments.append(WitnessTestChain.Segment(name: "2026", origin: "gw-b/2026", key: Self.secondKey))
        reuse.appendChain(
            action: SegmentOpening.action, details: SegmentOpening(segment: "2026", previous: "2026", previousCheckpoint: reusedFinal).details)
        #expect(CheckpointWitness.judge(state, reuse.observation(evidence: reuse.evidence(from: 0, size: 3))) == .refused(.auditKeyChanged))
        // The genuine step still goes through.
        state = try #require(Self.advanced(CheckpointWitness.judge(state, chain.observation(evidence: chain.evidence(from: 0, size: 3))))).0
        #expect(state.checkpoint.origin == "gw-b/2026.2")
    }
}
