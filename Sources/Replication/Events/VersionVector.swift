import Foundation
import JSONCoding

/// What a replica has seen: for each origin gateway, the highest contiguous sequence number.
package struct VersionVector: Codable, Sendable, Hashable {
    package private(set) var entries: [String: UInt64]

    package init(_ entries: [String: UInt64] = [:]) {
        self.entries = entries.filter { $0.value > 0 }
    }

    package subscript(origin: String) -> UInt64 {
        entries[origin] ?? 0
    }

    /// True when the event `id` is covered by this vector.
    package func contains(_ id: EventID) -> Bool {
        self[id.origin] >= id.seq
    }

    /// Records an event; the vector only advances over contiguous sequence numbers.
    package mutating func advance(to id: EventID) {
        if id.seq == self[id.origin] + 1 { entries[id.origin] = id.seq }
    }

    /// Pointwise maximum: the merge of two vectors.
    package func merged(with other: VersionVector) -> VersionVector {
        VersionVector(entries.merging(other.entries, uniquingKeysWith: max))
    }

    /// The canonical JSON object (`{"origin":seq,...}`, keys sorted), written by hand: it is
    /// stored with every event, and `JSONEncoder` costs ~10 µs a call. Keys that would need
    /// escaping fall back to the encoder.
    package var canonicalJSON: String {
        let keys = entries.keys.sorted()
        guard keys.allSatisfy({ $0.utf8.allSatisfy { $0 >= 0x20 && $0 != 0x22 && $0 != 0x5c && $0 != 0x2f && $0 < 0x7f } }) else {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
            return (try? encoder.encode(self)).map { String(decoding: $0, as: UTF8.self) } ?? "{}"
        }
        var text = "{"
        for (index, key) in keys.enumerated() {
            if index > 0 { text += "," }
            text += "\"\(key)\":\(entries[key]!)"
        }
        return text + "}"
    }

    /// Reads the stored form (`canonicalJSON`) without `JSONDecoder`; falls back to it for
    /// anything unusual, so errors stay Foundation's.
    package static func decode(storedJSON text: String) throws -> VersionVector {
        let data = Data(text.utf8)
        if case .object(let fields)? = JSONValue.parse(data) {
            var entries: [String: UInt64] = [:]
            var valid = true
            for (key, value) in fields {
                guard let seq = value.number.flatMap(UInt64.init(exactly:)) else { valid = false; break }
                entries[key] = seq
            }
            if valid { return VersionVector(entries) }
        }
        return try EventPayloadCoding.decode(VersionVector.self, from: data)
    }

    package func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(entries)
    }

    package init(from decoder: any Decoder) throws {
        self.init(try decoder.singleValueContainer().decode([String: UInt64].self))
    }
}

/// An event's identity: its origin gateway and that gateway's sequence number (1, 2, 3, …).
package struct EventID: Codable, Sendable, Hashable, Comparable, CustomStringConvertible {
    package var origin: String
    package var seq: UInt64

    package init(origin: String, seq: UInt64) {
        self.origin = origin
        self.seq = seq
    }

    package static func < (lhs: Self, rhs: Self) -> Bool {
        (lhs.origin, lhs.seq) < (rhs.origin, rhs.seq)
    }

    /// `origin:seq`, the form receipts and the API use.
    package var description: String { "\(origin):\(seq)" }
}
