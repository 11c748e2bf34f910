/// The first entry of every segment after the first (`audit.segment.opened`): it records the
/// previous segment's final signed checkpoint, so the new tree commits to the old one.
///
/// Details (all strings): `segment` (this segment's name), `previous` (the previous segment's
/// name) and `previousCheckpoint` (standard base64 of the whole signed note).
package struct SegmentOpening: Sendable, Hashable {
    package static let action = "audit.segment.opened"

    package let segment: String
    package let previous: String
    package let previousCheckpoint: SignedNote

    package init(segment: String, previous: String, previousCheckpoint: SignedNote) {
        self.segment = segment
        self.previous = previous
        self.previousCheckpoint = previousCheckpoint
    }

    package init?(entry: AuditEntry) {
        guard entry.action == Self.action, case .text(let segment)? = entry.details["segment"],
            case .text(let previous)? = entry.details["previous"], case .text(let encoded)? = entry.details["previousCheckpoint"],
            let bytes = NoteText.decodeBase64(encoded), let note = try? SignedNote(bytes: bytes)
        else { return nil }
        self.init(segment: segment, previous: previous, previousCheckpoint: note)
    }

    package var details: [String: AuditValue] {
        [
            "segment": .text(segment), "previous": .text(previous),
            "previousCheckpoint": .text(NoteText.encodeBase64(Array(previousCheckpoint.serialized.utf8))),
        ]
    }
}
