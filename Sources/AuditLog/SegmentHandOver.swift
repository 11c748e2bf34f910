/// The last entry of a closing segment (`audit.segment.closed`): it names the next segment, its
/// checkpoint origin and the Ed25519 key that signs it. The closing segment's final checkpoint
/// is signed by the old key and covers this entry, so trust flows from the first key an auditor
/// got out of band to every later one.
///
/// Details (all strings): `next` (segment name), `nextOrigin`, `nextKey` (standard base64 of the
/// 32 raw key bytes) and `nextKeyFingerprint` (`SHA256:<hex of SHA-256 over the key's DER>`).
package struct SegmentHandOver: Sendable, Hashable {
    package static let action = "audit.segment.closed"

    package let next: String
    package let nextOrigin: String
    package let nextKey: AuditPublicKey

    package init(next: String, nextOrigin: String, nextKey: AuditPublicKey) throws(AuditLogError) {
        guard SegmentName.isValid(next) else { throw .invalidEntry("a segment name is 1–64 of a-z, 0-9, '.', '-', '_'") }
        guard !nextOrigin.isEmpty, nextOrigin.utf8.allSatisfy({ $0 > 0x20 && $0 != 0x7F }) else {
            throw .invalidEntry("an origin is a non-empty string without spaces")
        }
        self.next = next
        self.nextOrigin = nextOrigin
        self.nextKey = nextKey
    }

    /// The hand-over an entry records, or nil when the entry is not one (or is malformed).
    package init?(entry: AuditEntry) {
        guard entry.action == Self.action, case .text(let next)? = entry.details["next"],
            case .text(let origin)? = entry.details["nextOrigin"], case .text(let key)? = entry.details["nextKey"],
            case .text(let fingerprint)? = entry.details["nextKeyFingerprint"],
            let raw = NoteText.decodeBase64(key), let publicKey = try? AuditPublicKey(rawRepresentation: raw),
            publicKey.fingerprint == fingerprint, let handOver = try? SegmentHandOver(next: next, nextOrigin: origin, nextKey: publicKey)
        else { return nil }
        self = handOver
    }

    package var details: [String: AuditValue] {
        [
            "next": .text(next), "nextOrigin": .text(nextOrigin), "nextKey": .text(NoteText.encodeBase64(nextKey.rawRepresentation)),
            "nextKeyFingerprint": .text(nextKey.fingerprint),
        ]
    }
}
