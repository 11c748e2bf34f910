import ErrorCodes
import Foundation

/// Verifies an export file from its raw bytes, trusting nothing but the public key and the
/// checkpoints the auditor saved earlier.
///
/// One pass, constant memory: each entry line is checked for canonical form and seq with an
/// allocation-free scanner, hashed as a leaf into a `MerkleFrontier`, and every checkpoint is
/// compared with the frontier's root at its size. Feed bytes with `consume`, then `finish()`.
/// The first problem found ends verification (`failure` becomes non-nil, later input is ignored).
package struct AuditVerifier {
    struct SavedCheckpoint {
        let position: Int  // 1-based, in the caller's order
        let note: SignedNote
        let checkpoint: TreeCheckpoint
        /// Verified with the first key at init; others wait for their segment's key.
        let byFirstKey: Bool
    }

    /// The segment being read (a v1 export is one segment without a name).
    struct Segment {
        var name: String?
        var key: AuditPublicKey
        var origin: String?
        /// Its last entry so far, when that entry is a valid hand-over.
        var handOver: SegmentHandOver?
        /// The chain's previous segment, which this one's first entry must record.
        var previous: ChainLink?
        /// The first entry recorded `previous` (`audit.segment.opened`).
        var openingSeen = false
    }

    /// What a finished segment passes to the next: its name, final checkpoint and hand-over.
    struct ChainLink {
        let name: String
        let finalCheckpoint: TreeCheckpoint
        let handOver: SegmentHandOver?
    }

    let firstKey: AuditPublicKey
    private let progress: ((UInt64) -> Void)?
    private let progressInterval: UInt64
    var allSaved: [SavedCheckpoint] = []
    /// The saved checkpoints of the current segment, by size.
    var saved: [SavedCheckpoint] = []
    var nextSaved = 0
    /// Positions of saved checkpoints whose segment was found.
    var savedMatched: Set<Int> = []
    var inKeptSegment = false
    var segmented = false
    var segment: Segment
    var link: ChainLink?
    var segments = 0
    var retiredCount = 0
    /// Retired segments (name → final checkpoint body) not yet recorded by a later entry.
    var unrecordedRetired: [String: String] = [:]
    var retiredOrder: [String] = []
    var totalEntries: UInt64 = 0

    var frontier = MerkleFrontier()
    var lineNumber = 0
    private var pending: [UInt8] = []
    var checkpoints = 0
    var checkpointedSize: UInt64?
    var firstUncoveredLine: Int?
    var lastCheckpoint: TreeCheckpoint?
    /// Witnesses whose `cosignature/v1` lines are checked, and how many must have cosigned one
    /// checkpoint of the export (witnesses cosign after the fact, so the newest checkpoints
    /// may not carry them yet; a witnessed checkpoint commits to everything before it in the
    /// chain, since each segment's first entry records its predecessor's final checkpoint).
    let witnessKeys: [AuditPublicKey]
    /// Witness keys given with their name (a C2SP verifier key): only lines under that name claim them.
    let witnessNames: [AuditPublicKey: String]
    let minWitnesses: Int
    /// The newest checkpoint that `minWitnesses` witnesses cosigned, as `<segment>:<size>`.
    var witnessed: String?
    package private(set) var failure: AuditVerificationFailure?

    /// - Parameters:
    ///   - publicKey: the first key of the chain, obtained out of band.
    ///   - savedCheckpoints: serialized signed notes the auditor kept from earlier; each must be
    ///     signed by its segment's key and match the log at its size.
    ///   - witnessKeys: witnesses' Ed25519 keys; every cosignature line on a checkpoint that claims
    ///     one of them must verify.
    ///   - witnessNames: the names of those given as C2SP verifier keys; a named key is claimed
    ///     only by lines under its name (a 32-bit key id under another name is not a claim).
    ///   - minWitnesses: how many of them must have cosigned one checkpoint of the export.
    ///   - progress: called with the number of entries processed every `progressInterval` entries.
    package init(
        publicKey: AuditPublicKey, savedCheckpoints: [[UInt8]] = [], witnessKeys: [AuditPublicKey] = [],
        witnessNames: [AuditPublicKey: String] = [:], minWitnesses: Int = 0, progressInterval: UInt64 = 1 << 16,
        progress: ((UInt64) -> Void)? = nil
    ) {
        self.witnessNames = witnessNames
        self.firstKey = publicKey
        // A key given twice counts once.
        var unique: [AuditPublicKey] = []
        for key in witnessKeys where !unique.contains(key) { unique.append(key) }
        self.witnessKeys = unique
        self.minWitnesses = minWitnesses
        self.progress = progress
        self.progressInterval = max(1, progressInterval)
        self.segment = Segment(key: publicKey)
        for (offset, bytes) in savedCheckpoints.enumerated() {
            let position = offset + 1
            let note: SignedNote
            let checkpoint: TreeCheckpoint
            do throws(AuditLogError) {
                note = try SignedNote(bytes: bytes)
                checkpoint = try TreeCheckpoint(body: note.text)
            } catch {
                fail(
                    .savedCheckpointMalformed, "saved checkpoint \(position) is malformed: \(error.message)",
                    savedCheckpoint: position)
                return
            }
            switch publicKey.verify(note: note, name: checkpoint.origin) {
            case .verified:
                allSaved.append(SavedCheckpoint(position: position, note: note, checkpoint: checkpoint, byFirstKey: true))
            case .unknownKey:
                allSaved.append(SavedCheckpoint(position: position, note: note, checkpoint: checkpoint, byFirstKey: false))
            case .badSignature:
                fail(
                    .savedCheckpointBadSignature, "saved checkpoint \(position) has an invalid signature",
                    savedCheckpoint: position)
                return
            }
        }
    }

    /// Makes the saved checkpoints of the single tree of a v1 export current: all by the key,
    /// all of one origin.
    private mutating func activateSingleTreeSaved() {
        for candidate in allSaved {
            guard candidate.byFirstKey else {
                fail(
                    .savedCheckpointUnknownKey, "saved checkpoint \(candidate.position) is not signed by the given key",
                    savedCheckpoint: candidate.position)
                return
            }
            if let origin = segment.origin, origin != candidate.checkpoint.origin {
                fail(
                    .savedCheckpointOriginMismatch, "saved checkpoint \(candidate.position) is for another log origin",
                    savedCheckpoint: candidate.position)
                return
            }
            segment.origin = candidate.checkpoint.origin
        }
        activate(allSaved)
    }

    /// Stable sort by size, keeping the caller's order among equal sizes.
    mutating func activate(_ list: [SavedCheckpoint]) {
        saved = list.enumerated().sorted { ($0.element.checkpoint.size, $0.offset) < ($1.element.checkpoint.size, $1.offset) }
            .map(\.element)
        nextSaved = 0
        savedMatched.formUnion(list.map(\.position))
    }

    /// Verifies a whole export held in memory.
    package static func verify(
        export: some Collection<UInt8>, publicKey: AuditPublicKey, savedCheckpoints: [[UInt8]] = [],
        witnessKeys: [AuditPublicKey] = [], witnessNames: [AuditPublicKey: String] = [:], minWitnesses: Int = 0,
        progress: ((UInt64) -> Void)? = nil
    ) -> AuditVerdict {
        var verifier = AuditVerifier(
            publicKey: publicKey, savedCheckpoints: savedCheckpoints, witnessKeys: witnessKeys, witnessNames: witnessNames,
            minWitnesses: minWitnesses, progress: progress)
        verifier.consume(export)
        return verifier.finish()
    }

    package mutating func consume(_ bytes: some Collection<UInt8>) {
        if bytes.withContiguousStorageIfAvailable({ consume(UnsafeRawBufferPointer($0)) }) == nil {
            Array(bytes).withUnsafeBytes { consume($0) }
        }
    }

    package mutating func consume(_ chunk: UnsafeRawBufferPointer) {
        guard failure == nil, let base = chunk.baseAddress, chunk.count > 0 else { return }
        var start = 0
        while start < chunk.count, let found = memchr(base + start, 0x0A, chunk.count - start) {
            let end = UnsafeRawPointer(found) - base
            if pending.isEmpty {
                processLine(UnsafeRawBufferPointer(rebasing: chunk[start..<end]))
            } else {
                pending.append(contentsOf: chunk[start..<end])
                let line = pending
                pending.removeAll(keepingCapacity: true)
                line.withUnsafeBytes { processLine($0) }
            }
            start = end + 1
            if failure != nil { return }
        }
        pending.append(contentsOf: chunk[start...])
    }

    /// Checks what only the end of the file can show and returns the verdict.
    package mutating func finish() -> AuditVerdict {
        if failure == nil { finishChecks() }
        if failure == nil, segmented { finishChain() }
        if failure == nil, minWitnesses > 0, witnessed == nil {
            fail(.cosignaturesMissing, "no checkpoint carries \(minWitnesses) valid cosignatures of the given witnesses")
        }
        if let failure { return .failed(failure) }
        progress?(totalEntries)
        return .ok(
            AuditVerificationSummary(
                entries: totalEntries, checkpoints: checkpoints, savedCheckpoints: allSaved.count,
                treeSize: frontier.size, rootHash: frontier.root, segments: segmented ? segments : nil,
                retired: retiredCount, witnessed: minWitnesses > 0 ? witnessed : nil))
    }

    private mutating func finishChecks() {
        if !pending.isEmpty {
            fail(
                .truncatedLine, "the file does not end with a newline: its last line is cut",
                line: lineNumber + 1)
            return
        }
        if lineNumber == 0 {
            fail(.badHeader, "the file is empty; expected the header \(AuditExportFormat.header)", line: 1)
            return
        }
        endSegmentChecks()
    }

    /// What must hold when a segment's tree ends (at the next segment or the end of the file):
    /// no saved checkpoint beyond it, at least one checkpoint, and none of its entries unsigned.
    mutating func endSegmentChecks() {
        if nextSaved < saved.count {
            let missing = saved[nextSaved]
            fail(
                .savedCheckpointBeyondLog,
                "saved checkpoint \(missing.position) is for size \(missing.checkpoint.size) "
                    + "but the log has only \(frontier.size) entries: the log was truncated",
                savedCheckpoint: missing.position)
            return
        }
        guard let checkpointedSize else {
            fail(.noCheckpoint, "the file holds no checkpoint, so nothing in it is signed")
            return
        }
        if checkpointedSize != frontier.size {
            fail(
                .tailNotCheckpointed,
                "entries from seq \(checkpointedSize) on are not covered by any checkpoint",
                line: firstUncoveredLine, seq: checkpointedSize)
            return
        }
    }

    private mutating func processLine(_ line: UnsafeRawBufferPointer) {
        lineNumber += 1
        if lineNumber == 1 {
            if line.elementsEqual(AuditExportFormat.segmentedHeaderBytes) {
                segmented = true
                return
            }
            guard line.elementsEqual(AuditExportFormat.headerBytes) else {
                fail(.badHeader, "the first line must be exactly: \(AuditExportFormat.header) (or v2)", line: 1)
                return
            }
            activateSingleTreeSaved()
            checkSavedCheckpoints()
            return
        }
        if line.first == UInt8(ascii: "{") {
            guard !segmented || segment.name != nil else {
                fail(.segmentMalformed, "an entry stands before the first segment line", line: lineNumber)
                return
            }
            processEntry(line)
        } else if line.starts(with: AuditExportFormat.checkpointPrefixBytes) {
            guard !segmented || segment.name != nil else {
                fail(.segmentMalformed, "a checkpoint stands before the first segment line", line: lineNumber)
                return
            }
            processCheckpoint(UnsafeRawBufferPointer(rebasing: line[AuditExportFormat.checkpointPrefixBytes.count...]))
        } else if segmented, line.starts(with: AuditExportFormat.segmentPrefixBytes) {
            processSegment(line[AuditExportFormat.segmentPrefixBytes.count...])
        } else if segmented, line.starts(with: AuditExportFormat.retiredPrefixBytes) {
            processRetired(line[AuditExportFormat.retiredPrefixBytes.count...])
        } else {
            fail(.malformedLine, "line is neither an entry nor a checkpoint", line: lineNumber)
        }
    }

    private mutating func processEntry(_ line: UnsafeRawBufferPointer) {
        let expected = frontier.size
        let seq: UInt64
        do throws(AuditLogError) {
            seq = try AuditEntry.canonicalSeq(of: line)
        } catch {
            fail(
                .entryNotCanonical, "entry is not canonical JSON: \(error.message)",
                line: lineNumber, seq: expected)
            return
        }
        guard seq == expected else {
            fail(
                .entrySeqMismatch, "entry has seq \(seq) where seq \(expected) is due",
                line: lineNumber, seq: expected)
            return
        }
        if segmented {
            if line.starts(with: AuditExportFormat.segmentActionPrefixBytes) {
                processChainEntry(line, seq: seq)
                if failure != nil { return }
            } else {
                if seq == 0 && segment.previous != nil {
                    fail(
                        .segmentChainBroken, "the segment's first entry does not record the previous segment's final checkpoint",
                        line: lineNumber, seq: 0)
                    return
                }
                segment.handOver = nil
            }
        }
        frontier.append(leaf: line)
        totalEntries += 1
        if firstUncoveredLine == nil { firstUncoveredLine = lineNumber }
        if let progress, totalEntries % progressInterval == 0 { progress(totalEntries) }
        checkSavedCheckpoints()
    }

    mutating func checkSavedCheckpoints() {
        while nextSaved < saved.count, saved[nextSaved].checkpoint.size == frontier.size {
            let savedCheckpoint = saved[nextSaved]
            guard savedCheckpoint.checkpoint.rootHash == frontier.root else {
                let size = savedCheckpoint.checkpoint.size
                fail(
                    .savedCheckpointMismatch,
                    "saved checkpoint \(savedCheckpoint.position) (size \(size)) does not match the log "
                        + "at that size: an entry below seq \(size) was changed, removed or reordered",
                    line: lineNumber, seq: size == 0 ? nil : size - 1, savedCheckpoint: savedCheckpoint.position)
                return
            }
            nextSaved += 1
        }
    }

    private mutating func processCheckpoint(_ encoded: UnsafeRawBufferPointer) {
        let text = String(decoding: encoded, as: UTF8.self)
        guard let note = NoteText.decodeBase64(text) else {
            fail(.checkpointMalformed, "checkpoint line is not canonical base64", line: lineNumber)
            return
        }
        let checkpoint: TreeCheckpoint
        let signed: SignedNote
        switch segment.key.openCheckpoint(note) {
        case .verified(let opened, let parsed):
            checkpoint = opened
            signed = parsed
        case .malformed(let error):
            fail(.checkpointMalformed, "checkpoint is malformed: \(error.message)", line: lineNumber)
            return
        case .unknownKey:
            fail(.checkpointUnknownKey, "checkpoint is not signed by the given key", line: lineNumber)
            return
        case .badSignature:
            fail(.checkpointBadSignature, "checkpoint signature is invalid", line: lineNumber)
            return
        }
        if let origin = segment.origin, origin != checkpoint.origin {
            fail(.checkpointOriginMismatch, "checkpoint is for another log origin", line: lineNumber)
            return
        }
        segment.origin = checkpoint.origin
        if let checkpointedSize, checkpoint.size < checkpointedSize {
            fail(
                .checkpointSizeDecreased,
                "checkpoint size \(checkpoint.size) is below the previous checkpoint's \(checkpointedSize)",
                line: lineNumber)
            return
        }
        guard checkpoint.size == frontier.size else {
            fail(
                .checkpointMisplaced,
                "checkpoint of size \(checkpoint.size) follows \(frontier.size) entries", line: lineNumber)
            return
        }
        guard checkpoint.rootHash == frontier.root else {
            let from = checkpointedSize ?? 0
            fail(
                .checkpointRootMismatch,
                "signed root for size \(checkpoint.size) differs from the entries: "
                    + "an entry with seq in [\(from), \(checkpoint.size)) was altered",
                line: lineNumber)
            return
        }
        var cosigners = 0
        for witness in witnessKeys {
            let verification =
                witnessNames[witness].map { Cosignature.verify(note: signed, witness: $0, key: witness) }
                ?? Cosignature.verify(note: signed, key: witness)
            switch verification {
            case .verified: cosigners += 1
            case .unknownKey: continue
            case .badSignature:
                fail(.cosignatureBadSignature, "a cosignature line claims a witness key but does not verify", line: lineNumber)
                return
            }
        }
        checkpoints += 1
        checkpointedSize = checkpoint.size
        lastCheckpoint = checkpoint
        if minWitnesses > 0, cosigners >= minWitnesses { witnessed = (segment.name ?? "log") + ":" + String(checkpoint.size) }
        firstUncoveredLine = nil
    }

    mutating func fail(
        _ code: ErrorCode, _ message: String, line: Int? = nil, seq: UInt64? = nil, savedCheckpoint: Int? = nil
    ) {
        guard failure == nil else { return }
        failure = AuditVerificationFailure(
            code: code, message: message, line: line, seq: seq, savedCheckpoint: savedCheckpoint)
    }
}
