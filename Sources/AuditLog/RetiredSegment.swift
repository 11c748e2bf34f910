import Foundation

/// What stays of a segment deleted for retention: its signed final checkpoint, its last entry
/// (the hand-over naming the next segment and key) and that entry's inclusion proof. Enough for
/// a verifier to carry the key chain through a segment whose entries are gone.
///
/// It travels twice: as the details of an `audit.segment.retired` entry in the segment that was
/// current at retirement (signed there), and as a `retired` line of the export (audit/README.md):
/// `retired <name> <origin> <entries> <base64 note> <base64 hand-over line> <proof>`, the proof
/// being the audit path's hashes in standard base64 joined by `,`, or `-` when it is empty.
package struct RetiredSegment: Sendable, Hashable {
    package static let action = "audit.segment.retired"

    package let name: String
    package let origin: String
    package let entries: UInt64
    package let finalCheckpoint: SignedNote
    /// The canonical line of the segment's last entry (`audit.segment.closed`).
    package let handOverLine: [UInt8]
    /// Audit path of the hand-over entry (index `entries - 1`) in the tree of `entries` leaves.
    package let proof: [MerkleHash]

    package init(
        name: String, origin: String, entries: UInt64, finalCheckpoint: SignedNote, handOverLine: [UInt8], proof: [MerkleHash]
    ) throws(AuditLogError) {
        guard SegmentName.isValid(name), !origin.isEmpty, !origin.utf8.contains(where: { $0 <= 0x20 }), entries >= 1 else {
            throw .invalidEntry("a retired segment needs a valid name, an origin and at least one entry")
        }
        self.name = name
        self.origin = origin
        self.entries = entries
        self.finalCheckpoint = finalCheckpoint
        self.handOverLine = handOverLine
        self.proof = proof
    }

    /// Details of the `audit.segment.retired` entry: `segment`, `origin`, `entries` (count),
    /// `finalCheckpoint` and `handOver` (standard base64 of the note and of the line) and
    /// `inclusionProof` (list of base64 hashes).
    package var details: [String: AuditValue] {
        [
            "segment": .text(name), "origin": .text(origin), "entries": .count(Int(clamping: entries)),
            "finalCheckpoint": .text(NoteText.encodeBase64(Array(finalCheckpoint.serialized.utf8))),
            "handOver": .text(NoteText.encodeBase64(handOverLine)), "inclusionProof": .list(proof.map(\.base64)),
        ]
    }

    package init?(entry: AuditEntry) {
        guard entry.action == Self.action, case .text(let name)? = entry.details["segment"],
            case .text(let origin)? = entry.details["origin"], case .count(let entries)? = entry.details["entries"], entries > 0,
            case .text(let note)? = entry.details["finalCheckpoint"], let noteBytes = NoteText.decodeBase64(note),
            let checkpoint = try? SignedNote(bytes: noteBytes), case .text(let line)? = entry.details["handOver"],
            let lineBytes = NoteText.decodeBase64(line), case .list(let hashes)? = entry.details["inclusionProof"]
        else { return nil }
        let proof = hashes.compactMap(MerkleHash.init(base64:))
        guard proof.count == hashes.count,
            let retired = try? RetiredSegment(
                name: name, origin: origin, entries: UInt64(entries), finalCheckpoint: checkpoint, handOverLine: lineBytes, proof: proof)
        else { return nil }
        self = retired
    }

    /// The export line, without its newline.
    package var exportLine: String {
        let proofText = proof.isEmpty ? "-" : proof.map(\.base64).joined(separator: ",")
        return AuditExportFormat.retiredPrefix + name + " " + origin + " " + String(entries) + " "
            + NoteText.encodeBase64(Array(finalCheckpoint.serialized.utf8)) + " " + NoteText.encodeBase64(handOverLine) + " " + proofText
    }

    /// Parses an export line after its `retired ` prefix.
    package init(exportFields text: some Collection<UInt8>) throws(AuditLogError) {
        let fields = text.split(separator: 0x20, omittingEmptySubsequences: false).map { String(decoding: $0, as: UTF8.self) }
        guard fields.count == 6, let entries = UInt64(fields[2]), String(entries) == fields[2],
            let noteBytes = NoteText.decodeBase64(fields[3]), let lineBytes = NoteText.decodeBase64(fields[4])
        else { throw .malformedCheckpoint("a retired line is: name origin entries note hand-over proof") }
        var proof: [MerkleHash] = []
        if fields[5] != "-" {
            for hash in fields[5].split(separator: ",", omittingEmptySubsequences: false) {
                guard let parsed = MerkleHash(base64: String(hash)) else { throw .malformedCheckpoint("a proof hash is not base64 of 32 bytes") }
                proof.append(parsed)
            }
        }
        try self.init(
            name: fields[0], origin: fields[1], entries: entries, finalCheckpoint: try SignedNote(bytes: noteBytes),
            handOverLine: lineBytes, proof: proof)
    }

    /// Checks what stays with the key that signed the segment: the final checkpoint's signature,
    /// origin and size, the hand-over line (canonical, last seq, a valid hand-over) and its
    /// inclusion in the final tree. Returns the hand-over, or a reason.
    package func verify(with key: AuditPublicKey) -> Result<SegmentHandOver, RetiredSegmentProblem> {
        guard case .verified = key.verify(note: finalCheckpoint, name: origin) else { return .failure(.signature) }
        guard let checkpoint = try? TreeCheckpoint(body: finalCheckpoint.text), checkpoint.origin == origin, checkpoint.size == entries
        else { return .failure(.checkpoint) }
        guard let entry = try? AuditEntry(line: handOverLine), entry.seq == entries - 1, let handOver = SegmentHandOver(entry: entry) else {
            return .failure(.handOver)
        }
        let inclusion = InclusionProof(leafIndex: entries - 1, treeSize: entries, hashes: proof)
        guard inclusion.verify(leafHash: MerkleTree.leafHash(handOverLine), root: checkpoint.rootHash) else { return .failure(.proof) }
        return .success(handOver)
    }
}

/// Why a retired segment's remains did not verify.
package enum RetiredSegmentProblem: Error, Sendable, Hashable {
    /// The final checkpoint is not signed by the segment's key.
    case signature
    /// Its origin or size is not the segment's.
    case checkpoint
    /// The last entry is not a canonical hand-over at the last seq.
    case handOver
    /// The inclusion proof does not lead to the signed root.
    case proof

    package var message: String {
        switch self {
        case .signature: "the final checkpoint is not signed by the segment's key"
        case .checkpoint: "the final checkpoint's origin or size is not the segment's"
        case .handOver: "the last entry is not a canonical hand-over at the segment's last seq"
        case .proof: "the hand-over entry's inclusion proof does not lead to the signed root"
        }
    }
}
