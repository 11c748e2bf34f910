import Foundation
package import Replication
package import Storage

/// An event as sync carries it on the wire: a stored `ReplicatedEvent` (the event, or a stub
/// without payload) in its JSON form. The payload travels as a JSON string (escaping costs
/// less than base64 and round-trips the exact bytes the content hash covers). Fields read
/// through to the replicated event.
@dynamicMemberLookup
package struct SyncEvent: Sendable, Hashable, Codable {
    package var replicated: ReplicatedEvent

    package init(_ replicated: ReplicatedEvent) {
        self.replicated = replicated
    }

    package init(_ event: Event, signature: String? = nil) {
        replicated = ReplicatedEvent(event, signature: signature)
    }

    package subscript<Value>(dynamicMember keyPath: WritableKeyPath<ReplicatedEvent, Value>) -> Value {
        get { replicated[keyPath: keyPath] }
        set { replicated[keyPath: keyPath] = newValue }
    }

    package subscript<Value>(dynamicMember keyPath: KeyPath<ReplicatedEvent, Value>) -> Value {
        replicated[keyPath: keyPath]
    }

    enum CodingKeys: String, CodingKey { case origin, seq, hlc, kind, causalContext, contentHash, payload, signature }

    package init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        replicated = ReplicatedEvent(
            origin: try container.decode(String.self, forKey: .origin), seq: try container.decode(UInt64.self, forKey: .seq),
            hlc: try container.decode(HLCTimestamp.self, forKey: .hlc), kind: try container.decode(EventKind.self, forKey: .kind),
            causalContext: try container.decode(VersionVector.self, forKey: .causalContext),
            contentHash: try container.decode(String.self, forKey: .contentHash),
            payload: try container.decodeIfPresent(String.self, forKey: .payload).map { Data($0.utf8) },
            signature: try container.decodeIfPresent(String.self, forKey: .signature))
    }

    package func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(replicated.origin, forKey: .origin)
        try container.encode(replicated.seq, forKey: .seq)
        try container.encode(replicated.hlc, forKey: .hlc)
        try container.encode(replicated.kind, forKey: .kind)
        try container.encode(replicated.causalContext, forKey: .causalContext)
        try container.encode(replicated.contentHash, forKey: .contentHash)
        try container.encodeIfPresent(replicated.payload.map { String(decoding: $0, as: UTF8.self) }, forKey: .payload)
        try container.encodeIfPresent(replicated.signature, forKey: .signature)
    }
}
