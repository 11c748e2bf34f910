/// Produces an export file piece by piece, so the storage layer can stream entries from the
/// database without holding the log in memory.
///
/// It refuses to write an export the verifier would reject: entries must come in seq order
/// and every checkpoint must match the tree at the point where it is placed.
package struct AuditExportWriter: Sendable {
    private var frontier = MerkleFrontier()
    private var wroteHeader = false
    private var checkpointedSize: UInt64?

    package init() {}

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
        return AuditExportFormat.headerBytes + [0x0A]
    }
}
