package import Foundation

/// A parsed JSON value, for the hot paths where `JSONDecoder`'s Codable machinery dominates
/// (sync messages, event payloads, stored vectors): the reader builds this plain tree and
/// the caller picks its fields. Any deviation from valid JSON gives nil; callers then fall
/// back to `JSONDecoder` for its exact errors.
package enum JSONValue: Sendable, Equatable {
    case null
    case bool(Bool)
    case number(Double)
    case string(String)
    case array([JSONValue])
    case object([String: JSONValue])

    /// How deep arrays and objects may nest: the messages read this way are a few levels
    /// deep, and the reader recurses.
    package static let maxDepth = 32

    package var string: String? { if case .string(let text) = self { text } else { nil } }
    package var number: Double? { if case .number(let value) = self { value } else { nil } }

    /// The value `data` holds; nil when it is not exactly one JSON value (whitespace aside).
    package static func parse(_ data: Data) -> JSONValue? {
        data.withUnsafeBytes { raw in try? parse(raw.assumingMemoryBound(to: UInt8.self)) }
    }

    /// The value `bytes` hold, or why they are not JSON. Numbers are read as `Double`; one
    /// too large for it is refused. A duplicate key keeps its last value.
    package static func parse(_ bytes: UnsafeBufferPointer<UInt8>) throws(JSONSyntaxError) -> JSONValue {
        var reader = Reader(scanner: JSONScanner(bytes: bytes))
        let value = try reader.value()
        try reader.scanner.expectEnd()
        return value
    }

    private struct Reader {
        var scanner: JSONScanner
        var depth = 0

        mutating func value() throws(JSONSyntaxError) -> JSONValue {
            scanner.skipWhitespace()
            guard let byte = scanner.peek else { throw scanner.invalid }
            switch byte {
            case UInt8(ascii: "{"): return try object()
            case UInt8(ascii: "["): return try array()
            case UInt8(ascii: "\""): return .string(try scanner.readString())
            case UInt8(ascii: "t"): try scanner.expectLiteral("true"); return .bool(true)
            case UInt8(ascii: "f"): try scanner.expectLiteral("false"); return .bool(false)
            case UInt8(ascii: "n"): try scanner.expectLiteral("null"); return .null
            default: return .number(try scanner.readDouble())
            }
        }

        /// Enters a container (the cursor on its opening bracket); true when it is empty
        /// (and then already closed).
        mutating func open(closing: UInt8) throws(JSONSyntaxError) -> Bool {
            guard depth < JSONValue.maxDepth else { throw .nestedTooDeep(limit: JSONValue.maxDepth) }
            scanner.index += 1
            scanner.skipWhitespace()
            guard scanner.peek == closing else { return false }
            scanner.index += 1
            return true
        }

        /// After an element: true at `,`, false at the closing bracket (consumed).
        mutating func next(closing: UInt8) throws(JSONSyntaxError) -> Bool {
            scanner.skipWhitespace()
            switch scanner.peek {
            case UInt8(ascii: ","): scanner.index += 1; return true
            case closing: scanner.index += 1; return false
            default: throw scanner.invalid
            }
        }

        mutating func object() throws(JSONSyntaxError) -> JSONValue {
            var fields: [String: JSONValue] = [:]
            if try open(closing: UInt8(ascii: "}")) { return .object(fields) }
            depth += 1
            defer { depth -= 1 }
            repeat {
                scanner.skipWhitespace()
                guard scanner.peek == UInt8(ascii: "\"") else { throw scanner.invalid }
                let key = try scanner.readString()
                scanner.skipWhitespace()
                try scanner.expect(UInt8(ascii: ":"))
                fields[key] = try value()
            } while try next(closing: UInt8(ascii: "}"))
            return .object(fields)
        }

        mutating func array() throws(JSONSyntaxError) -> JSONValue {
            var items: [JSONValue] = []
            if try open(closing: UInt8(ascii: "]")) { return .array(items) }
            depth += 1
            defer { depth -= 1 }
            repeat {
                items.append(try value())
            } while try next(closing: UInt8(ascii: "]"))
            return .array(items)
        }
    }
}
