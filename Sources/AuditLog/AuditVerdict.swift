package import ErrorCodes

/// The answer of `AuditVerifier`: a verdict value, not an error, because "tampered" is a
/// normal result for an auditor. `summary` is the one line the CLI and `audit/verify.py` print.
package enum AuditVerdict: Sendable, Hashable {
    case ok(AuditVerificationSummary)
    case failed(AuditVerificationFailure)

    package var isOK: Bool {
        if case .ok = self { return true }
        return false
    }

    /// 0 for ok, 1 for a failed verification (the CLI's contract).
    package var exitCode: Int32 { isOK ? 0 : 1 }

    package var summary: String {
        switch self {
        case .ok(let summary): summary.summaryLine
        case .failed(let failure): failure.summaryLine
        }
    }
}

/// What a clean log proved.
package struct AuditVerificationSummary: Sendable, Hashable {
    package let entries: UInt64
    package let checkpoints: Int
    package let savedCheckpoints: Int
    package let treeSize: UInt64
    package let rootHash: MerkleHash
    /// Segments in a v2 export (kept and retired); nil for a v1 export.
    package let segments: Int?
    package let retired: Int
    /// With `--min-witnesses`: the newest checkpoint that many witnesses cosigned, `<segment>:<size>`.
    package let witnessed: String?

    /// `treeSize` and `rootHash` are those of the last segment.
    package init(
        entries: UInt64, checkpoints: Int, savedCheckpoints: Int, treeSize: UInt64, rootHash: MerkleHash, segments: Int? = nil,
        retired: Int = 0, witnessed: String? = nil
    ) {
        self.witnessed = witnessed
        self.entries = entries
        self.checkpoints = checkpoints
        self.savedCheckpoints = savedCheckpoints
        self.treeSize = treeSize
        self.rootHash = rootHash
        self.segments = segments
        self.retired = retired
    }

    package var summaryLine: String {
        "OK entries=\(entries) checkpoints=\(checkpoints) saved-checkpoints=\(savedCheckpoints) "
            + "size=\(treeSize) root=\(rootHash.base64)" + (segments.map { " segments=\($0) retired=\(retired)" } ?? "")
            + (witnessed.map { " witnessed=" + $0 } ?? "")
    }
}

/// The first problem found, with where it is: a 1-based line of the export, the seq of the
/// entry concerned, and/or the 1-based position of a saved checkpoint in the caller's list.
package struct AuditVerificationFailure: Sendable, Hashable {
    /// Stable: see `audit/README.md` for the list.
    package let code: ErrorCode
    package let message: String
    package let line: Int?
    package let seq: UInt64?
    package let savedCheckpoint: Int?

    package init(code: ErrorCode, message: String, line: Int? = nil, seq: UInt64? = nil, savedCheckpoint: Int? = nil) {
        self.code = code
        self.message = message
        self.line = line
        self.seq = seq
        self.savedCheckpoint = savedCheckpoint
    }

    /// `FAIL <code> [line=N] [seq=N] [saved-checkpoint=N]: <message>`
    package var summaryLine: String {
        var text = "FAIL \(code)"
        if let line { text += " line=\(line)" }
        if let seq { text += " seq=\(seq)" }
        if let savedCheckpoint { text += " saved-checkpoint=\(savedCheckpoint)" }
        return text + ": " + message
    }
}
