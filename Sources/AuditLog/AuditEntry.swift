package import Foundation
import JSONCoding

/// One row of the audit log: who did what to whom, when, with ids and counts only.
///
/// The canonical line (`canonicalLine()`) is what the Merkle tree hashes and what an export
/// file carries byte for byte, so it has exactly one spelling; `init(line:)` rejects any other.
package struct AuditEntry: Sendable, Hashable {
    /// Leaf index in the tree, starting at 0.
    package let seq: UInt64
    /// ISO 8601 UTC with milliseconds, `YYYY-MM-DDTHH:MM:SS.mmmZ`, supplied by the caller.
    package let time: String
    package let actorRole: String
    /// A pseudonym or a token id, never a raw deployment id.
    package let actorId: String
    /// What happened, e.g. `consent.granted`.
    package let action: String
    /// The pseudonym the action concerns, if any.
    package let subject: String?
    /// Ids and counts; keys match `[A-Za-z0-9._-]{1,64}` so they never need escaping.
    package let details: [String: AuditValue]

    package init(
        seq: UInt64, time: String, actorRole: String, actorId: String, action: String,
        subject: String? = nil, details: [String: AuditValue] = [:]
    ) throws(AuditLogError) {
        guard Self.isValidTime(time.utf8) else {
            throw .invalidEntry("time must be ISO 8601 UTC with milliseconds (YYYY-MM-DDTHH:MM:SS.mmmZ)")
        }
        guard !actorRole.isEmpty, !actorId.isEmpty, !action.isEmpty else {
            throw .invalidEntry("actor role, actor id and action must not be empty")
        }
        if let subject, subject.isEmpty { throw .invalidEntry("subject must be omitted rather than empty") }
        for key in details.keys where !Self.isValidDetailKey(key.utf8) {
            throw .invalidEntry("details keys must match [A-Za-z0-9._-]{1,64}")
        }
        self.seq = seq
        self.time = time
        self.actorRole = actorRole
        self.actorId = actorId
        self.action = action
        self.subject = subject
        self.details = details
    }

    /// Decodes a canonical line; any byte that differs from `canonicalLine()` is an error,
    /// so a verifier can reject lines that were re-spelled (and so hash differently).
    package init(line: some Collection<UInt8>) throws(AuditLogError) {
        let bytes = Array(line)
        let result: Result<CanonicalEntryScanner.Result, AuditLogError> = bytes.withUnsafeBytes { buffer in
            do throws(AuditLogError) {
                return .success(try CanonicalEntryScanner.scan(buffer, capture: true))
            } catch {
                return .failure(error)
            }
        }
        let scanned = try result.get()
        guard let entry = scanned.entry else { throw .nonCanonical("line could not be decoded") }
        guard entry.canonicalLine() == bytes else {
            throw .nonCanonical("line is not in canonical form")
        }
        self = entry
    }

    /// Checks that `line` is canonical and returns its seq without building an entry:
    /// the allocation-free path used by the verifier.
    package static func canonicalSeq(of line: UnsafeRawBufferPointer) throws(AuditLogError) -> UInt64 {
        try CanonicalEntryScanner.scan(line, capture: false).seq
    }

    /// One line of canonical JSON without a trailing newline.
    package func canonicalLine() -> [UInt8] {
        var json = JSONWriter(capacity: 256)
        json.appendRaw("{\"action\":")
        json.appendString(action)
        json.appendRaw(",\"actor\":{\"id\":")
        json.appendString(actorId)
        json.appendRaw(",\"role\":")
        json.appendString(actorRole)
        json.appendRaw("},\"details\":{")
        var first = true
        for (key, value) in details.sorted(by: { $0.key.utf8.lexicographicallyPrecedes($1.key.utf8) }) {
            if !first { json.appendRaw(",") }
            first = false
            json.appendString(key)
            json.appendRaw(":")
            switch value {
            case .text(let text):
                json.appendString(text)
            case .count(let count):
                json.appendInteger(count)
            case .list(let items):
                json.appendRaw("[")
                for (index, item) in items.enumerated() {
                    if index > 0 { json.appendRaw(",") }
                    json.appendString(item)
                }
                json.appendRaw("]")
            }
        }
        json.appendRaw("},\"seq\":")
        json.appendInteger(seq)
        if let subject {
            json.appendRaw(",\"subject\":")
            json.appendString(subject)
        }
        json.appendRaw(",\"time\":")
        json.appendString(time)
        json.appendRaw("}")
        return json.bytes
    }

    /// Formats a point in time the way entries spell it (UTC, milliseconds, truncated).
    package static func timestamp(_ date: Date) -> String {
        let millis = Int64((date.timeIntervalSince1970 * 1000).rounded(.down))
        let (days, msOfDay) = millis.quotientAndRemainder(dividingBy: 86_400_000)
        let dayNumber = msOfDay < 0 ? days - 1 : days
        let ms = msOfDay < 0 ? msOfDay + 86_400_000 : msOfDay
        // Civil-from-days (proleptic Gregorian), H. Hinnant's algorithm.
        let z = dayNumber + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let day = doy - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        let year = yoe + era * 400 + (month <= 2 ? 1 : 0)
        func pad(_ value: Int64, _ width: Int) -> String {
            let text = String(value)
            return String(repeating: "0", count: max(0, width - text.count)) + text
        }
        return "\(pad(year, 4))-\(pad(month, 2))-\(pad(day, 2))T\(pad(ms / 3_600_000, 2)):"
            + "\(pad(ms / 60_000 % 60, 2)):\(pad(ms / 1000 % 60, 2)).\(pad(ms % 1000, 3))Z"
    }

    static func isValidTime<C: Collection<UInt8>>(_ bytes: C) -> Bool {
        // YYYY-MM-DDTHH:MM:SS.mmmZ
        guard bytes.count == 24 else { return false }
        for (offset, byte) in bytes.enumerated() {
            switch offset {
            case 4, 7: if byte != UInt8(ascii: "-") { return false }
            case 10: if byte != UInt8(ascii: "T") { return false }
            case 13, 16: if byte != UInt8(ascii: ":") { return false }
            case 19: if byte != UInt8(ascii: ".") { return false }
            case 23: if byte != UInt8(ascii: "Z") { return false }
            default: if byte < UInt8(ascii: "0") || byte > UInt8(ascii: "9") { return false }
            }
        }
        return true
    }

    static func isValidDetailKey<C: Collection<UInt8>>(_ bytes: C) -> Bool {
        guard (1...64).contains(bytes.count) else { return false }
        return bytes.allSatisfy { byte in
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
                UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "-"):
                return true
            default:
                return false
            }
        }
    }
}

extension AuditEntry: CustomStringConvertible {
    /// The canonical line itself: entries hold no secrets by construction.
    package var description: String { String(decoding: canonicalLine(), as: UTF8.self) }
}
