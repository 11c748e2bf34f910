/// Produces an export file piece by piece, so the storage layer can stream entries from the
/// database without holding the log in memory.
///
/// It refuses to write an export the verifier would reject: entries must come in seq order
/// and every checkpoint must match the tree at the point where it is placed.
package struct AuditExportWriter: Sendable {
    private var frontier = MerkleFrontier()
    private var wroteHeader = false
    private var checkpointedSize: UInt64?
    /// True for a v2 export (segments); false writes the single-tree v1 file.
    private let segmented: Bool

    /// - Parameter segmented: write a v2 export (`beginSegment`, `append(retired:)`).
    package init(segmented: Bool = false) {
        self.segmented = segmented
    }

    /// Starts a kept segment: a new tree with seq from 0. The previous one must be checkpointed.
    package mutating func beginSegment(name: String, origin: String) throws(AuditLogError) -> [UInt8] {
        guard segmented, SegmentName.isValid(name), !origin.isEmpty, !origin.utf8.contains(where: { $0 <= 0x20 }) else {
            throw .exportOrder("a segment line needs a segmented export, a valid name and an origin")
        }
        try requireCheckpointed()
        frontier = MerkleFrontier()
        checkpointedSize = nil
        return headerIfDue() + Array((AuditExportFormat.segmentPrefix + name + " " + origin + "\n").utf8)
    }

    /// Writes what stays of a retired segment (before the kept segments that follow it).
    package mutating func append(retired: RetiredSegment) throws(AuditLogError) -> [UInt8] {
        guard segmented else { throw .exportOrder("retired segments need a segmented export") }
        try requireCheckpointed()
        frontier = MerkleFrontier()
        checkpointedSize = 0
        return headerIfDue() + Array((retired.exportLine + "\n").utf8)
    }

    private func requireCheckpointed() throws(AuditLogError) {
        guard frontier.size == 0 || checkpointedSize == frontier.size else {
            throw .exportOrder("a segment must end with a checkpoint covering all \(frontier.size) of its entries")
        }
    }

    /// Entries written so far.
    package var entryCount: UInt64 { frontier.size }

    /// Appends a stored canonical line (without newline); returns the bytes to write.
    package mutating func append(entryLine line: some Collection<UInt8>) throws(AuditLogError) -> [UInt8] {
        var bytes = Array(line)
        let seq = try bytes.withUnsafeBytes { raw in
            Result { () throws(AuditLogError) in try AuditEntry.canonicalSeq(of: raw) }
        }.get()
        guard seq == frontier.size else {
            throw .exportOrder("entry seq \(seq) written where seq \(frontier.size) is due")
        }
        bytes.withUnsafeBytes { frontier.append(leaf: $0) }
        bytes.append(0x0A)
        return headerIfDue() + bytes
    }

    package mutating func append(entry: AuditEntry) throws(AuditLogError) -> [UInt8] {
        try append(entryLine: entry.canonicalLine())
    }

    /// Appends a signed checkpoint; its size must equal the entries written so far.
    package mutating func append(checkpoint note: SignedNote) throws(AuditLogError) -> [UInt8] {
        let checkpoint = try TreeCheckpoint(body: note.text)
        guard checkpoint.size == frontier.size else {
            throw .exportOrder("checkpoint of size \(checkpoint.size) placed after \(frontier.size) entries")
        }
        guard checkpoint.rootHash == frontier.root else {
            throw .exportOrder("checkpoint of size \(checkpoint.size) does not match the entries written")
        }
        checkpointedSize = checkpoint.size
        let line = AuditExportFormat.checkpointPrefix + NoteText.encodeBase64(Array(note.serialized.utf8)) + "\n"
        return headerIfDue() + Array(line.utf8)
    }

    /// Ends the export: returns any bytes still due and checks that the last checkpoint covers
    /// every entry (an export whose tail is unsigned would fail verification).
    package mutating func finish() throws(AuditLogError) -> [UInt8] {
        guard checkpointedSize == frontier.size else {
            throw .exportOrder("the export must end with a checkpoint covering all \(frontier.size) entries")
        }
        return headerIfDue()
    }

    private mutating func headerIfDue() -> [UInt8] {
        guard !wroteHeader else { return [] }
        wroteHeader = true
        return (segmented ? AuditExportFormat.segmentedHeaderBytes : AuditExportFormat.headerBytes) + [0x0A]
    }
}
