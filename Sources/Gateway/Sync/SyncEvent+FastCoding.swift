import Foundation
package import Replication
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
        Self.appendString(event.origin, to: &out)
        out.append(contentsOf: #","seq":\#(event.seq),"hlc":{"wallMillis":\#(event.hlc.wallMillis),"logical":\#(event.hlc.logical)},"kind":"#.utf8)
        Self.appendString(event.kind.rawValue, to: &out)
        out.append(contentsOf: #","causalContext":{"#.utf8)
        for (index, key) in event.causalContext.entries.keys.sorted().enumerated() {
            if index > 0 { out.append(0x2c) }
            Self.appendString(key, to: &out)
            out.append(contentsOf: ":\(event.causalContext[key])".utf8)
        }
        out.append(contentsOf: #"},"contentHash":"#.utf8)
        Self.appendString(event.contentHash, to: &out)
        if let payload = event.payload {
            out.append(contentsOf: #","payload":"#.utf8)
            if String(validating: payload, as: UTF8.self) != nil {
                Self.appendString(payload, to: &out)
            } else {
                Self.appendString(String(decoding: payload, as: UTF8.self), to: &out)
            }
        }
        if let signature = event.signature {
            out.append(contentsOf: #","signature":"#.utf8)
            Self.appendString(signature, to: &out)
        }
        out.append(0x7d)
    }

    /// A JSON string: quotes, backslashes and control characters escaped, the rest as UTF-8.
    /// Concrete, so that callers in other modules pay no generic dispatch per string.
    package static func appendString(_ string: String, to out: inout [UInt8]) {
        var string = string
        string.withUTF8 { appendEscaped($0, to: &out) }
    }

    /// A JSON string from raw UTF-8 bytes (a payload).
    package static func appendString(_ bytes: some Sequence<UInt8>, to out: inout [UInt8]) {
        // Strings and Data are contiguous: the runs between escapes are copied in bulk.
        if bytes.withContiguousStorageIfAvailable({ appendEscaped($0, to: &out) }) == nil {
            Array(bytes).withUnsafeBufferPointer { appendEscaped($0, to: &out) }
        }
    }

    private static func appendEscaped(_ bytes: UnsafeBufferPointer<UInt8>, to out: inout [UInt8]) {
        out.append(0x22)
        var runStart = 0
        for index in 0..<bytes.count {
            let byte = bytes[index]
            guard byte < 0x20 || byte == 0x22 || byte == 0x5c else { continue }
            out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart..<index]))
            switch byte {
            case 0x22: out += [0x5c, 0x22]
            case 0x5c: out += [0x5c, 0x5c]
            case 0x0a: out += [0x5c, 0x6e]
            case 0x0d: out += [0x5c, 0x72]
            case 0x09: out += [0x5c, 0x74]
            case 0x08: out += [0x5c, 0x62]
            case 0x0c: out += [0x5c, 0x66]
            default: out += [0x5c, 0x75, 0x30, 0x30, hexDigits[Int(byte >> 4)], hexDigits[Int(byte & 0x0f)]]
            }
            runStart = index + 1
        }
        out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart..<bytes.count]))
        out.append(0x22)
    }

    private static let hexDigits = Array("0123456789abcdef".utf8)

    /// An event from a parsed JSON object; nil when the shape differs.
    package init?(json value: FastJSON.Value) {
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
