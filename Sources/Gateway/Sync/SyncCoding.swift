package import Foundation
import JSONCoding
import Replication
import Storage

/// Sync messages as JSON, fast: the events array is written and read by hand (see
/// `SyncEvent+FastCoding`), everything else by Codable, so a field added to a message is
/// never dropped. Anything the fast reader does not recognise falls back to `JSONDecoder`.
/// The two sync messages, which carry their events the same way.
package protocol SyncMessage: Codable, Sendable {
    var events: [SyncEvent] { get set }
}

extension SyncRequest: SyncMessage {}
extension SyncResponse: SyncMessage {}

package enum SyncCoding {
    static let eventsPlaceholder = Array(#""events":[]"#.utf8)

    package static func encode(_ message: some SyncMessage) throws -> Data {
        var shell = message
        shell.events = []
        return try splice(shell, events: message.events)
    }

    /// Encodes the message without events (sorted keys, so `"events":[]` appears once, at
    /// the top level: no other field can hold that text unescaped) and writes the events in.
    static func splice(_ shell: some Encodable, events: [SyncEvent]) throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let text = Array(try encoder.encode(shell))
        guard let range = text.firstRange(of: eventsPlaceholder) else {
            throw EncodingError.invalidValue(events, .init(codingPath: [], debugDescription: "no events field"))
        }
        var out: [UInt8] = []
        out.reserveCapacity(text.count + events.count * 600)
        out += text[..<range.lowerBound]
        out.append(contentsOf: #""events":["#.utf8)
        for (index, event) in events.enumerated() {
            if index > 0 { out.append(0x2c) }
            event.appendJSON(to: &out)
        }
        out.append(0x5d)
        out += text[range.upperBound...]
        return Data(out)
    }

    package static func decodeRequest(_ data: Data) throws -> SyncRequest {
        try decode(SyncRequest.self, data)
    }

    package static func decodeResponse(_ data: Data) throws -> SyncResponse {
        try decode(SyncResponse.self, data)
    }

    /// The events by hand, the small rest of the message by Codable; anything unusual by
    /// `JSONDecoder` whole.
    static func decode<Message: SyncMessage>(_ type: Message.Type, _ data: Data) throws -> Message {
        if let value = JSONValue.parse(data), case .object(var fields) = value, let events = events(fields["events"]) {
            fields["events"] = .array([])
            if var shell = try? JSONDecoder().decode(Message.self, from: reencode(fields)) {
                shell.events = events
                return shell
            }
        }
        return try JSONDecoder().decode(Message.self, from: data)
    }

    static func events(_ value: JSONValue?) -> [SyncEvent]? {
        guard case .array(let items)? = value else { return nil }
        var events: [SyncEvent] = []
        events.reserveCapacity(items.count)
        for item in items {
            guard let event = SyncEvent(json: item) else { return nil }
            events.append(event)
        }
        return events
    }

    /// The small remainder of a message (vector, ids, flags) back to JSON for Codable.
    static func reencode(_ fields: [String: JSONValue]) -> Data {
        var out: [UInt8] = []
        render(.object(fields), to: &out)
        return Data(out)
    }

    static func render(_ value: JSONValue, to out: inout [UInt8]) {
        switch value {
        case .null: out.appendJSON("null")
        case .bool(let flag): out.appendJSONBool(flag)
        case .number(let number):
            if let integer = Int64(exactly: number) {
                out.append(contentsOf: String(integer).utf8)
            } else {
                out.append(contentsOf: "\(number)".utf8)
            }
        case .string(let text): out.appendJSONString(text)
        case .array(let items):
            out.append(0x5b)
            for (index, item) in items.enumerated() {
                if index > 0 { out.append(0x2c) }
                render(item, to: &out)
            }
            out.append(0x5d)
        case .object(let fields):
            out.append(0x7b)
            for (index, (key, item)) in fields.enumerated() {
                if index > 0 { out.append(0x2c) }
                out.appendJSONString(key)
                out.append(0x3a)
                render(item, to: &out)
            }
            out.append(0x7d)
        }
    }
}
