package import Foundation

/// A strict RFC 8259 parser to a plain value tree, for the hot paths where `JSONDecoder`'s
/// Codable machinery dominates (sync messages, contribution payloads). Any deviation from
/// valid JSON gives nil; callers then fall back to `JSONDecoder` for its exact errors.
package enum FastJSON {
    package static func parse(_ data: Data) -> Value? {
        data.withUnsafeBytes { bytes in
            var parser = Parser(bytes: bytes.bindMemory(to: UInt8.self))
            return parser.parseDocument()
        }
    }

    package enum Value: Sendable {
        case null
        case bool(Bool)
        case number(Double)
        case string(String)
        case array([Value])
        case object([String: Value])

        package var string: String? { if case .string(let text) = self { text } else { nil } }
        package var number: Double? { if case .number(let value) = self { value } else { nil } }
    }

    /// A strict RFC 8259 parser over UTF-8 bytes; any deviation returns nil.
    struct Parser {
        let bytes: UnsafeBufferPointer<UInt8>
        var position = 0
        var depth = 0

        init(bytes: UnsafeBufferPointer<UInt8>) {
            self.bytes = bytes
        }

        mutating func parseDocument() -> Value? {
            guard let value = parseValue() else { return nil }
            skipSpace()
            return position == bytes.count ? value : nil
        }

        mutating func skipSpace() {
            while position < bytes.count, [0x20, 0x09, 0x0a, 0x0d].contains(bytes[position]) { position += 1 }
        }

        mutating func parseValue() -> Value? {
            skipSpace()
            guard position < bytes.count, depth < 32 else { return nil }
            switch bytes[position] {
            case 0x7b: return parseObject()
            case 0x5b: return parseArray()
            case 0x22: return parseString().map(Value.string)
            case 0x74: return literal("true", .bool(true))
            case 0x66: return literal("false", .bool(false))
            case 0x6e: return literal("null", .null)
            default: return parseNumber()
            }
        }

        mutating func literal(_ word: StaticString, _ value: Value) -> Value? {
            let count = word.utf8CodeUnitCount
            guard position + count <= bytes.count else { return nil }
            for offset in 0..<count where bytes[position + offset] != word.utf8Start[offset] { return nil }
            position += count
            return value
        }

        mutating func parseObject() -> Value? {
            position += 1
            depth += 1
            defer { depth -= 1 }
            var fields: [String: Value] = [:]
            skipSpace()
            if position < bytes.count, bytes[position] == 0x7d { position += 1; return .object(fields) }
            while true {
                skipSpace()
                guard position < bytes.count, bytes[position] == 0x22, let key = parseString() else { return nil }
                skipSpace()
                guard position < bytes.count, bytes[position] == 0x3a else { return nil }
                position += 1
                guard let value = parseValue() else { return nil }
                fields[key] = value
                skipSpace()
                guard position < bytes.count else { return nil }
                if bytes[position] == 0x2c { position += 1; continue }
                if bytes[position] == 0x7d { position += 1; return .object(fields) }
                return nil
            }
        }

        mutating func parseArray() -> Value? {
            position += 1
            depth += 1
            defer { depth -= 1 }
            var items: [Value] = []
            skipSpace()
            if position < bytes.count, bytes[position] == 0x5d { position += 1; return .array(items) }
            while true {
                guard let value = parseValue() else { return nil }
                items.append(value)
                skipSpace()
                guard position < bytes.count else { return nil }
                if bytes[position] == 0x2c { position += 1; continue }
                if bytes[position] == 0x5d { position += 1; return .array(items) }
                return nil
            }
        }

        /// Strings without escapes are taken as they are (validated UTF-8); escapes are decoded.
        mutating func parseString() -> String? {
            position += 1
            let start = position
            var plain = true
            while position < bytes.count {
                let byte = bytes[position]
                if byte == 0x22 { break }
                if byte < 0x20 { return nil }
                if byte == 0x5c { plain = false; position += 2; continue }
                position += 1
            }
            guard position < bytes.count else { return nil }
            let end = position
            position += 1
            let slice = UnsafeBufferPointer(rebasing: bytes[start..<end])
            if plain { return String(validating: slice, as: UTF8.self) }
            return unescape(slice)
        }

        func unescape(_ slice: UnsafeBufferPointer<UInt8>) -> String? {
            var out: [UInt8] = []
            out.reserveCapacity(slice.count)
            var index = 0
            func hex4(_ at: Int) -> UInt32? {
                guard at + 4 <= slice.count else { return nil }
                var value: UInt32 = 0
                for offset in 0..<4 {
                    let byte = slice[at + offset]
                    let digit: UInt32
                    switch byte {
                    case 0x30...0x39: digit = UInt32(byte - 0x30)
                    case 0x41...0x46: digit = UInt32(byte - 0x37)
                    case 0x61...0x66: digit = UInt32(byte - 0x57)
                    default: return nil
                    }
                    value = value << 4 | digit
                }
                return value
            }
            while index < slice.count {
                let byte = slice[index]
                guard byte == 0x5c else { out.append(byte); index += 1; continue }
                guard index + 1 < slice.count else { return nil }
                let escaped = slice[index + 1]
                index += 2
                switch escaped {
                case 0x22, 0x5c, 0x2f: out.append(escaped)
                case 0x62: out.append(0x08)
                case 0x66: out.append(0x0c)
                case 0x6e: out.append(0x0a)
                case 0x72: out.append(0x0d)
                case 0x74: out.append(0x09)
                case 0x75:
                    guard var scalar = hex4(index) else { return nil }
                    index += 4
                    if (0xD800...0xDBFF).contains(scalar) {
                        guard index + 6 <= slice.count, slice[index] == 0x5c, slice[index + 1] == 0x75,
                            let low = hex4(index + 2), (0xDC00...0xDFFF).contains(low)
                        else { return nil }
                        index += 6
                        scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                    }
                    guard let unicode = Unicode.Scalar(scalar) else { return nil }
                    out.append(contentsOf: Array(String(Character(unicode)).utf8))
                default: return nil
                }
            }
            return String(validating: out, as: UTF8.self)
        }

        mutating func parseNumber() -> Value? {
            let start = position
            if position < bytes.count, bytes[position] == 0x2d { position += 1 }
            guard position < bytes.count, (0x30...0x39).contains(bytes[position]) else { return nil }
            if bytes[position] == 0x30 {
                position += 1
            } else {
                while position < bytes.count, (0x30...0x39).contains(bytes[position]) { position += 1 }
            }
            if position < bytes.count, bytes[position] == 0x2e {
                position += 1
                guard position < bytes.count, (0x30...0x39).contains(bytes[position]) else { return nil }
                while position < bytes.count, (0x30...0x39).contains(bytes[position]) { position += 1 }
            }
            if position < bytes.count, bytes[position] == 0x65 || bytes[position] == 0x45 {
                position += 1
                if position < bytes.count, bytes[position] == 0x2b || bytes[position] == 0x2d { position += 1 }
                guard position < bytes.count, (0x30...0x39).contains(bytes[position]) else { return nil }
                while position < bytes.count, (0x30...0x39).contains(bytes[position]) { position += 1 }
            }
            let text = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<position]), as: UTF8.self)
            guard let value = Double(text), value.isFinite else { return nil }
            return .number(value)
        }
    }
}
