import Foundation
package import JSONCoding
import Replication
import Storage

/// Hand-written JSON for sync events: a batch carries 2,000 of them, and `JSONEncoder` /
/// `JSONDecoder` spend most of a resync's encode and decode time in Codable machinery. The
/// shape is exactly the Codable one, so either side may use either coder (tested).
extension SyncEvent {
    init(
        origin: String, seq: UInt64, hlc: HLCTimestamp, kind: EventKind, causalContext: VersionVector, contentHash: String, payload: Data?,
        signature: String?
    ) {
        self.init(
            ReplicatedEvent(
                origin: origin, seq: seq, hlc: hlc, kind: kind, causalContext: causalContext, contentHash: contentHash, payload: payload,
                signature: signature))
    }

    /// Appends this event as one JSON object.
    package func appendJSON(to out: inout [UInt8]) {
        let event = replicated
        out.append(contentsOf: #"{"origin":"#.utf8)
        out.appendJSONString(event.origin)
        out.append(contentsOf: #","seq":\#(event.seq),"hlc":{"wallMillis":\#(event.hlc.wallMillis),"logical":\#(event.hlc.logical)},"kind":"#.utf8)
        out.appendJSONString(event.kind.rawValue)
        out.append(contentsOf: #","causalContext":{"#.utf8)
        for (index, key) in event.causalContext.entries.keys.sorted().enumerated() {
            if index > 0 { out.append(0x2c) }
            out.appendJSONString(key)
            out.append(contentsOf: ":\(event.causalContext[key])".utf8)
        }
        out.append(contentsOf: #"},"contentHash":"#.utf8)
        out.appendJSONString(event.contentHash)
        if let payload = event.payload {
            out.append(contentsOf: #","payload":"#.utf8)
            if String(validating: payload, as: UTF8.self) != nil {
                payload.withUnsafeBytes { out.appendJSONString(utf8: $0.assumingMemoryBound(to: UInt8.self)) }
            } else {
                out.appendJSONString(String(decoding: payload, as: UTF8.self))
            }
        }
        if let signature = event.signature {
            out.append(contentsOf: #","signature":"#.utf8)
            out.appendJSONString(signature)
        }
        out.append(0x7d)
    }

    /// An event from a parsed JSON object; nil when the shape differs.
    package init?(json value: JSONValue) {
        guard case .object(let fields) = value, let origin = fields["origin"]?.string,
            let seq = fields["seq"]?.number.flatMap(UInt64.init(exactly:)),
            case .object(let clock)? = fields["hlc"], let wall = clock["wallMillis"]?.number.flatMap(UInt64.init(exactly:)),
            let logical = clock["logical"]?.number.flatMap(UInt32.init(exactly:)),
            let kind = fields["kind"]?.string.flatMap(EventKind.init(rawValue:)),
            case .object(let context)? = fields["causalContext"], let contentHash = fields["contentHash"]?.string
        else { return nil }
        var entries: [String: UInt64] = [:]
        for (key, value) in context {
            guard let seq = value.number.flatMap(UInt64.init(exactly:)) else { return nil }
            entries[key] = seq
        }
        var payload: Data?
        switch fields["payload"] {
        case nil, .null?: payload = nil
        case .string(let text)?: payload = Data(text.utf8)
        default: return nil
        }
        var signature: String?
        switch fields["signature"] {
        case nil, .null?: signature = nil
        case .string(let text)?: signature = text
        default: return nil
        }
        self.init(
            origin: origin, seq: seq, hlc: HLCTimestamp(wallMillis: wall, logical: logical), kind: kind,
            causalContext: VersionVector(entries), contentHash: contentHash, payload: payload, signature: signature)
    }
}
