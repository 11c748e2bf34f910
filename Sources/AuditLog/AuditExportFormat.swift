/// The export file layout (documented for auditors in `audit/README.md`).
///
/// ```
/// patterngate-audit-export v2
/// retired <name> <origin> <entries> <note> <line> <proof>   what stays of a retired segment
/// segment <name> <origin>              starts a kept segment (its own tree, seq from 0)
/// {"action":...,"seq":0,...}          one canonical entry line per leaf, in seq order
/// checkpoint <base64 signed note>      after the entry that brings the tree to its size
/// ```
/// Lines end with LF. An entry line's bytes (without the LF) are exactly the hashed leaf.
/// Version 1 (one tree, no `segment` or `retired` lines) is still read.
package enum AuditExportFormat {
    package static let header = "patterngate-audit-export v1"
    package static let segmentedHeader = "patterngate-audit-export v2"
    /// Prefix of a checkpoint line; the rest is standard base64 of the whole signed note.
    package static let checkpointPrefix = "checkpoint "
    /// Prefix of a kept segment's first line; then the segment's name and origin.
    package static let segmentPrefix = "segment "
    /// Prefix of a retired segment's line (`RetiredSegment.exportLine`).
    package static let retiredPrefix = "retired "

    static let headerBytes = Array(header.utf8)
    static let segmentedHeaderBytes = Array(segmentedHeader.utf8)
    static let checkpointPrefixBytes = Array(checkpointPrefix.utf8)
    static let segmentPrefixBytes = Array(segmentPrefix.utf8)
    static let retiredPrefixBytes = Array(retiredPrefix.utf8)
    /// Canonical lines of the chain's own entries start with this (keys are sorted: action first).
    static let segmentActionPrefixBytes = Array("{\"action\":\"audit.segment.".utf8)
}
