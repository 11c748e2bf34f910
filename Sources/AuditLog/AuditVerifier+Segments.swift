import ErrorCodes

/// The segment chain of a v2 export (audit/README.md §4.5): each kept segment is its own tree,
/// signed by the key the previous segment handed over; a retired one is checked through what it
/// left. Trust starts at the first key only.
extension AuditVerifier {
    /// `segment <name> <origin>`: closes the current segment and starts the next one.
    mutating func processSegment(_ fields: UnsafeRawBufferPointer.SubSequence) {
        let parts = fields.split(separator: 0x20, omittingEmptySubsequences: false).map { String(decoding: $0, as: UTF8.self) }
        guard parts.count == 2, SegmentName.isValid(parts[0]), Self.isOrigin(parts[1]) else {
            fail(.segmentMalformed, "a segment line is: segment <name> <origin>", line: lineNumber)
            return
        }
        closeKeptSegment()
        guard failure == nil, let key = chainKey(name: parts[0], origin: parts[1]) else { return }
        segment = Segment(name: parts[0], key: key, origin: parts[1], handOver: nil, previous: link)
        inKeptSegment = true
        segments += 1
        frontier = MerkleFrontier()
        checkpointedSize = nil
        lastCheckpoint = nil
        firstUncoveredLine = nil
        guard let mine = savedCheckpoints(origin: parts[1], key: key) else { return }
        activate(mine)
        checkSavedCheckpoints()
    }

    /// `retired …`: what stays of a deleted segment carries the key chain to the next one.
    mutating func processRetired(_ fields: UnsafeRawBufferPointer.SubSequence) {
        let retired: RetiredSegment
        do throws(AuditLogError) {
            retired = try RetiredSegment(exportFields: fields)
        } catch {
            fail(.segmentMalformed, "retired line is malformed: \(error.message)", line: lineNumber)
            return
        }
        closeKeptSegment()
        guard failure == nil, let key = chainKey(name: retired.name, origin: retired.origin) else { return }
        let handOver: SegmentHandOver
        switch retired.verify(with: key) {
        case .success(let verified): handOver = verified
        case .failure(let problem):
            fail(.retiredSegmentInvalid, "retired segment \(retired.name): \(problem.message)", line: lineNumber)
            return
        }
        // The final checkpoint parsed inside `verify`.
        guard let final = try? TreeCheckpoint(body: retired.finalCheckpoint.text),
            let mine = savedCheckpoints(origin: retired.origin, key: key)
        else { return }
        for candidate in mine {
            if candidate.checkpoint.size > retired.entries {
                fail(
                    .savedCheckpointBeyondLog,
                    "saved checkpoint \(candidate.position) is for size \(candidate.checkpoint.size) but retired segment "
                        + "\(retired.name) had only \(retired.entries) entries", line: lineNumber, savedCheckpoint: candidate.position)
                return
            }
            if candidate.checkpoint.size == retired.entries, candidate.checkpoint.rootHash != final.rootHash {
                fail(
                    .savedCheckpointMismatch,
                    "saved checkpoint \(candidate.position) does not match retired segment \(retired.name)'s final checkpoint",
                    line: lineNumber, savedCheckpoint: candidate.position)
                return
            }
        }
        activate(mine)
        saved = []
        segments += 1
        retiredCount += 1
        unrecordedRetired[retired.name] = retired.finalCheckpoint.text
        retiredOrder.append(retired.name)
        link = ChainLink(name: retired.name, finalCheckpoint: final, handOver: handOver)
        inKeptSegment = false
        segment = Segment(name: nil, key: key)
    }

    /// An entry of the chain's own actions (`audit.segment.*`), already known canonical.
    mutating func processChainEntry(_ line: UnsafeRawBufferPointer, seq: UInt64) {
        guard let entry = try? AuditEntry(line: line) else { return }
        if seq == 0, segment.previous != nil, entry.action != SegmentOpening.action {
            fail(
                .segmentChainBroken, "the segment's first entry does not record the previous segment's final checkpoint",
                line: lineNumber, seq: 0)
            return
        }
        segment.handOver = nil
        switch entry.action {
        case SegmentHandOver.action:
            guard let handOver = SegmentHandOver(entry: entry) else {
                fail(.segmentChainBroken, "a hand-over entry is malformed", line: lineNumber, seq: seq)
                return
            }
            segment.handOver = handOver
        case SegmentOpening.action:
            guard seq == 0, let previous = segment.previous else {
                fail(
                    .segmentChainBroken, "a segment records a previous one the export does not hold before it",
                    line: lineNumber, seq: seq)
                return
            }
            guard let opening = SegmentOpening(entry: entry), opening.previous == previous.name, opening.segment == segment.name,
                (try? TreeCheckpoint(body: opening.previousCheckpoint.text)) == previous.finalCheckpoint
            else {
                fail(
                    .segmentChainBroken, "the segment's first entry does not record segment \(previous.name)'s final checkpoint",
                    line: lineNumber, seq: seq)
                return
            }
            segment.openingSeen = true
        case RetiredSegment.action:
            if let retired = RetiredSegment(entry: entry), unrecordedRetired[retired.name] == retired.finalCheckpoint.text {
                unrecordedRetired[retired.name] = nil
            }
        default:
            break
        }
    }

    /// What only the end of a v2 export can show.
    mutating func finishChain() {
        if inKeptSegment {
            if segment.previous != nil, !segment.openingSeen {
                fail(.segmentChainBroken, "segment \(segment.name ?? "") does not record its predecessor")
                return
            }
            if let handOver = segment.handOver {
                fail(
                    .segmentChainBroken,
                    "the last segment hands over to segment \(handOver.next), which the export does not hold: it was cut")
                return
            }
        } else {
            fail(.segmentChainBroken, "the export holds no kept segment after its retired ones")
            return
        }
        if let name = retiredOrder.first(where: { unrecordedRetired[$0] != nil }) {
            fail(.retiredNotRecorded, "no later segment records the retirement of segment \(name)")
            return
        }
        if let lost = allSaved.first(where: { !savedMatched.contains($0.position) }) {
            fail(
                .savedCheckpointOriginMismatch, "saved checkpoint \(lost.position) is for a log origin no segment of the export has",
                savedCheckpoint: lost.position)
        }
    }

    /// Ends the kept segment being read before another one starts; it must hand over.
    private mutating func closeKeptSegment() {
        guard inKeptSegment else { return }
        endSegmentChecks()
        guard failure == nil else { return }
        if segment.previous != nil, !segment.openingSeen {
            fail(.segmentChainBroken, "segment \(segment.name ?? "") does not record its predecessor", line: lineNumber)
            return
        }
        guard let handOver = segment.handOver, let final = lastCheckpoint else {
            fail(
                .segmentNotClosed,
                "segment \(segment.name ?? "") is followed by another but does not end with a signed hand-over entry",
                line: lineNumber)
            return
        }
        link = ChainLink(name: segment.name ?? "", finalCheckpoint: final, handOver: handOver)
        inKeptSegment = false
    }

    /// The key of the segment `name`: the first key for the first one, else the one handed over.
    private mutating func chainKey(name: String, origin: String) -> AuditPublicKey? {
        guard let link else { return firstKey }
        guard let handOver = link.handOver, handOver.next == name, handOver.nextOrigin == origin else {
            fail(
                .segmentChainBroken, "segment \(link.name) hands over to another segment than \(name) (\(origin))",
                line: lineNumber)
            return nil
        }
        return handOver.nextKey
    }

    /// The saved checkpoints of `origin`, each verified with the segment's key.
    private mutating func savedCheckpoints(origin: String, key: AuditPublicKey) -> [SavedCheckpoint]? {
        var mine: [SavedCheckpoint] = []
        for candidate in allSaved where candidate.checkpoint.origin == origin {
            switch key.verify(note: candidate.note, name: origin) {
            case .verified: mine.append(candidate)
            case .unknownKey:
                fail(
                    .savedCheckpointUnknownKey, "saved checkpoint \(candidate.position) is not signed by its segment's key",
                    line: lineNumber, savedCheckpoint: candidate.position)
                return nil
            case .badSignature:
                fail(
                    .savedCheckpointBadSignature, "saved checkpoint \(candidate.position) has an invalid signature",
                    line: lineNumber, savedCheckpoint: candidate.position)
                return nil
            }
        }
        return mine
    }

    static func isOrigin(_ text: String) -> Bool {
        !text.isEmpty && text.utf8.allSatisfy { $0 > 0x20 && $0 != 0x7F }
    }
}
