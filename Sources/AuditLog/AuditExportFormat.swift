/// The export file layout (documented for auditors in `audit/README.md`).
///
/// ```
/// patterngate-audit-export v1
/// {"action":...,"seq":0,...}          one canonical entry line per leaf, in seq order
/// checkpoint <base64 signed note>      after the entry that brings the tree to its size
/// ```
/// Lines end with LF. An entry line's bytes (without the LF) are exactly the hashed leaf.
package enum AuditExportFormat {
    package static let header = "patterngate-audit-export v1"
    /// Prefix of a checkpoint line; the rest is standard base64 of the whole signed note.
    package static let checkpointPrefix = "checkpoint "

    static let headerBytes = Array(header.utf8)
    static let checkpointPrefixBytes = Array(checkpointPrefix.utf8)
}
