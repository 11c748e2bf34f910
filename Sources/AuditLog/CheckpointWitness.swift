/// The witness side of C2SP tlog-witness, for one gateway's chain of audit segments: it decides
/// whether a checkpoint the gateway announced may be cosigned, from what the witness cosigned
/// last and the evidence the gateway sent. A pure verdict, so the rules are tested without a
/// database: consistency with the last cosigned checkpoint of the same origin, and for a new
/// segment, a hand-over the old key signed and an opening entry that records that final checkpoint.
package enum CheckpointWitness {
    /// What the witness has to go on.
    package struct Observation: Sendable {
        /// The gateway whose log this is: every origin must be one of its own.
        package var peer: String
        /// The announced checkpoint (the gateway's newest, signed by its key) and that key.
        package var note: String
        package var key: AuditPublicKey
        package var evidence: LogGrowthEvidence?

        package init(peer: String, note: String, key: AuditPublicKey, evidence: LogGrowthEvidence?) {
            self.peer = peer
            self.note = note
            self.key = key
            self.evidence = evidence
        }
    }

    /// Decides on `observation` given the witness's state for that gateway (nil: never seen).
    package static func judge(_ state: WitnessedLog?, _ observation: Observation) -> WitnessVerdict {
        let note: SignedNote
        let checkpoint: TreeCheckpoint
        do throws(AuditLogError) {
            note = try SignedNote(parsing: observation.note)
            checkpoint = try TreeCheckpoint(body: note.text)
        } catch {
            return .refused(.checkpointMalformed)
        }
        // Another gateway's origin under this peer's key would make the witness cosign two
        // histories of one origin: never cosigned (and not raised against a known peer: a gateway
        // renamed before its first event keeps its first origin until it rotates).
        guard segmentName(of: checkpoint.origin, peer: observation.peer) != nil else {
            return state == nil ? .refused(.checkpointMalformed) : .unchanged
        }
        guard let state else {
            // Trust on first use: the first key and checkpoint a gateway presents.
            guard observation.key.verify(note: note, name: checkpoint.origin) == .verified else { return .refused(.checkpointBadSignature) }
            return .advance(WitnessedLog(key: observation.key, checkpoint: checkpoint, note: note, previous: nil), cosign: [note])
        }
        if checkpoint.origin == state.checkpoint.origin {
            return grow(state, note: note, checkpoint: checkpoint, key: observation.key, evidence: observation.evidence)
        }
        if let previous = state.previous, checkpoint.origin == previous.final.origin {
            return .refused(.segmentForked)  // an older segment presented again: a rollback
        }
        guard let evidence = observation.evidence, let step = evidence.step else { return .unchanged }
        if let previous = state.previous, evidence.fromOrigin == previous.final.origin {
            // Evidence from the predecessor: the same hand-over again is stale, another successor a fork.
            return successor(named: step) == previous.successor ? .unchanged : .refused(.segmentForked)
        }
        guard evidence.fromOrigin == state.checkpoint.origin, evidence.fromSize == state.checkpoint.size else { return .unchanged }
        return advance(state, step: step, evidence: evidence, peer: observation.peer)
    }

    /// The segment name an origin of `peer` carries: `<peer>/<YYYY or YYYY.N>`, or `""` for the
    /// `patterngate/<peer>` origin of a log made before segments; nil for any other origin.
    static func segmentName(of origin: String, peer: String) -> String? {
        if origin == "patterngate/" + peer { return "" }
        let prefix = peer + "/"
        guard origin.hasPrefix(prefix) else { return nil }
        let name = String(origin.dropFirst(prefix.count))
        return SegmentName.order(name) != nil ? name : nil
    }

    /// True when segment `next` comes after `previous` in a chain (`""`, a log made before
    /// segments, comes first): names only grow, so an origin is never followed twice.
    static func follows(_ next: String, _ previous: String) -> Bool {
        guard let nextOrder = SegmentName.order(next) else { return false }
        guard let previousOrder = SegmentName.order(previous) else { return previous.isEmpty }
        return (nextOrder.year, nextOrder.ordinal) > (previousOrder.year, previousOrder.ordinal)
    }

    /// The same origin: equal is unchanged, smaller or a different root at the same size is a
    /// fork, larger needs a consistency proof from the size cosigned last.
    private static func grow(
        _ state: WitnessedLog, note: SignedNote, checkpoint: TreeCheckpoint, key: AuditPublicKey, evidence: LogGrowthEvidence?
    ) -> WitnessVerdict {
        guard key == state.key else { return .refused(.auditKeyChanged) }
        guard state.key.verify(note: note, name: checkpoint.origin) == .verified else { return .refused(.checkpointBadSignature) }
        if checkpoint.size < state.checkpoint.size { return .refused(.checkpointSmaller) }
        if checkpoint.size == state.checkpoint.size {
            return checkpoint.rootHash == state.checkpoint.rootHash ? .unchanged : .refused(.checkpointForked)
        }
        // No usable proof yet (the gateway learns the base from the answer), or a proof to
        // another size than the one announced: nothing is judged on it.
        guard let evidence, evidence.step == nil, evidence.fromOrigin == checkpoint.origin, evidence.fromSize == state.checkpoint.size,
            evidence.toSize == checkpoint.size
        else { return .unchanged }
        let proof = ConsistencyProof(oldSize: state.checkpoint.size, newSize: checkpoint.size, hashes: evidence.consistency)
        guard proof.verify(oldRoot: state.checkpoint.rootHash, newRoot: checkpoint.rootHash) else {
            return .refused(.checkpointInconsistent)
        }
        var next = state
        next.checkpoint = checkpoint
        next.note = note
        return .advance(next, cosign: [note])
    }

    /// A new segment: the final checkpoint of the one cosigned last (consistent with it), the
    /// hand-over entry it covers, and the successor's checkpoint under the handed-over key whose
    /// first entry records that final checkpoint.
    private static func advance(_ state: WitnessedLog, step: SegmentStepEvidence, evidence: LogGrowthEvidence, peer: String) -> WitnessVerdict {
        let final: TreeCheckpoint
        switch state.key.openCheckpoint(Array(step.finalCheckpoint.utf8)) {
        case .verified(let opened, _): final = opened
        case .malformed: return .refused(.segmentInvalid)
        case .unknownKey, .badSignature: return .refused(.checkpointBadSignature)
        }
        guard final.size == evidence.toSize else { return .unchanged }
        guard final.origin == state.checkpoint.origin, final.size >= state.checkpoint.size else { return .refused(.checkpointInconsistent) }
        let proof = ConsistencyProof(oldSize: state.checkpoint.size, newSize: final.size, hashes: evidence.consistency)
        guard proof.verify(oldRoot: state.checkpoint.rootHash, newRoot: final.rootHash) else { return .refused(.checkpointInconsistent) }
        guard final.size > 0,
            let handOverEntry = included(step.handOverLine, index: final.size - 1, proof: step.handOverProof, in: final),
            let handOver = SegmentHandOver(entry: handOverEntry)
        else { return .refused(.segmentInvalid) }
        let next: TreeCheckpoint
        let nextNote: SignedNote
        switch handOver.nextKey.openCheckpoint(Array(step.nextCheckpoint.utf8)) {
        case .verified(let opened, let parsed): (next, nextNote) = (opened, parsed)
        case .malformed, .unknownKey, .badSignature: return .refused(.segmentInvalid)
        }
        // The successor is one of this peer's own origins, named by the hand-over, with a name
        // after the sealed one's: never an origin followed before (a reused origin would let a
        // shrink pass as growth).
        guard let previousName = segmentName(of: final.origin, peer: peer), follows(handOver.next, previousName),
            next.origin == handOver.nextOrigin, next.origin == SegmentName.origin(gatewayId: peer, segment: handOver.next), next.size > 0,
            let openingEntry = included(step.openingLine, index: 0, proof: step.openingProof, in: next),
            let opening = SegmentOpening(entry: openingEntry), opening.segment == handOver.next,
            previousName == "" || opening.previous == previousName, opening.previousCheckpoint.text == final.body,
            let finalNote = try? SignedNote(parsing: step.finalCheckpoint)
        else { return .refused(.segmentInvalid) }
        let witnessed = WitnessedLog(
            key: handOver.nextKey, checkpoint: next, note: nextNote, previous: WitnessedLog.SegmentEnd(final: final, successor: next.origin))
        return .advance(witnessed, cosign: [finalNote, nextNote])
    }

    /// The entry `line` when it is canonical, has seq `index` and the proof puts it in `tree`.
    private static func included(_ line: [UInt8], index: UInt64, proof: [MerkleHash], in tree: TreeCheckpoint) -> AuditEntry? {
        guard let entry = try? AuditEntry(line: line), entry.seq == index,
            InclusionProof(leafIndex: index, treeSize: tree.size, hashes: proof).rootHash(forLeafHash: MerkleTree.leafHash(line))
                == tree.rootHash
        else { return nil }
        return entry
    }

    /// The successor origin a step's hand-over names (unverified: only compared with a known one).
    private static func successor(named step: SegmentStepEvidence) -> String? {
        (try? AuditEntry(line: step.handOverLine)).flatMap(SegmentHandOver.init(entry:))?.nextOrigin
    }
}

/// What a witness keeps of one gateway's log: the key of its current segment, the checkpoint it
/// cosigned last, and the end of the segment before it (to tell a second successor, a fork).
package struct WitnessedLog: Sendable, Hashable {
    package struct SegmentEnd: Sendable, Hashable {
        /// The predecessor's final checkpoint.
        package var final: TreeCheckpoint
        /// The origin that succeeded it.
        package var successor: String

        package init(final: TreeCheckpoint, successor: String) {
            self.final = final
            self.successor = successor
        }
    }

    package var key: AuditPublicKey
    package var checkpoint: TreeCheckpoint
    /// The signed note of `checkpoint` (the gateway's signature only).
    package var note: SignedNote
    package var previous: SegmentEnd?

    package init(key: AuditPublicKey, checkpoint: TreeCheckpoint, note: SignedNote, previous: SegmentEnd?) {
        self.key = key
        self.checkpoint = checkpoint
        self.note = note
        self.previous = previous
    }
}

/// A witness's decision on one announced checkpoint.
package enum WitnessVerdict: Sendable, Hashable {
    /// Cosign these notes (oldest first) and keep `WitnessedLog` as the new state.
    case advance(WitnessedLog, cosign: [SignedNote])
    /// Nothing newer to cosign: the same checkpoint, or no usable evidence yet.
    case unchanged
    /// The checkpoint contradicts what was cosigned: refused, and raised.
    case refused(WitnessAlert)
}

/// Why a witness refused a checkpoint: stable snake_case codes shown in the sync status and
/// recorded in the witness's own log (`peer.checkpoint.inconsistent`).
package enum WitnessAlert: String, Sendable, Hashable, CaseIterable {
    case checkpointMalformed = "checkpoint_malformed"
    case checkpointBadSignature = "checkpoint_bad_signature"
    case auditKeyChanged = "audit_key_changed"
    case checkpointSmaller = "checkpoint_smaller"
    case checkpointForked = "checkpoint_forked"
    /// A larger tree whose consistency proof from the last cosigned one does not verify.
    case checkpointInconsistent = "checkpoint_inconsistent"
    /// A second successor of a segment, or an older segment presented again.
    case segmentForked = "segment_forked"
    /// A new segment whose hand-over or opening entry does not check out.
    case segmentInvalid = "segment_invalid"
}

/// A gateway's evidence that its announced checkpoint extends the one a witness cosigned last
/// (`fromOrigin`, `fromSize`): a consistency proof within that origin, to the announced
/// checkpoint, or with `step`, to that segment's final checkpoint and on to its successor.
package struct LogGrowthEvidence: Sendable, Hashable {
    package var fromOrigin: String
    package var fromSize: UInt64
    /// The size the consistency proof leads to: the announced checkpoint's, or with `step` the
    /// final checkpoint's (a proof to another size is not judged).
    package var toSize: UInt64
    package var consistency: [MerkleHash]
    package var step: SegmentStepEvidence?

    package init(fromOrigin: String, fromSize: UInt64, toSize: UInt64, consistency: [MerkleHash], step: SegmentStepEvidence? = nil) {
        self.fromOrigin = fromOrigin
        self.fromSize = fromSize
        self.toSize = toSize
        self.consistency = consistency
        self.step = step
    }
}

/// One segment boundary: the sealed segment's final checkpoint (signed note), its last entry
/// (the hand-over) with its inclusion proof, and the successor's newest checkpoint with the
/// successor's first entry (the opening) and its inclusion proof.
package struct SegmentStepEvidence: Sendable, Hashable {
    package var finalCheckpoint: String
    package var handOverLine: [UInt8]
    package var handOverProof: [MerkleHash]
    package var nextCheckpoint: String
    package var openingLine: [UInt8]
    package var openingProof: [MerkleHash]

    package init(
        finalCheckpoint: String, handOverLine: [UInt8], handOverProof: [MerkleHash], nextCheckpoint: String, openingLine: [UInt8],
        openingProof: [MerkleHash]
    ) {
        self.finalCheckpoint = finalCheckpoint
        self.handOverLine = handOverLine
        self.handOverProof = handOverProof
        self.nextCheckpoint = nextCheckpoint
        self.openingLine = openingLine
        self.openingProof = openingProof
    }
}
