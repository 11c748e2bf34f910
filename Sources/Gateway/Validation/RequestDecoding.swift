import ErrorCodes
package import Foundation

/// Decodes request bodies, turning every decoding failure into an error that names the field.
package enum RequestDecoding {
    package static func decode<T: Decodable>(_ type: T.Type, from data: Data, fieldPrefix: String = "") throws(GatewayError) -> T {
        do {
            return try JSONDecoder().decode(type, from: data)
        } catch let error as DecodingError {
            throw describe(error, prefix: fieldPrefix)
        } catch {
            throw GatewayError(.invalidInput, code: .invalidJson, message: "the body is not valid JSON")
        }
    }

    static func describe(_ error: DecodingError, prefix: String) -> GatewayError {
        func path(_ keys: [any CodingKey]) -> String {
            var text = prefix
            for key in keys {
                if let index = key.intValue { text += "[\(index)]" } else { text += text.isEmpty ? key.stringValue : ".\(key.stringValue)" }
            }
            return text
        }
        switch error {
        case .typeMismatch(let type, let context):
            if context.codingPath.isEmpty {
                return GatewayError(.invalidInput, code: .invalidJson, message: "the body must be a JSON \(expected(type))")
            }
            return .invalidField(path(context.codingPath), "must be \(expected(type))")
        case .valueNotFound(let type, let context):
            return .invalidField(path(context.codingPath), "must be \(expected(type)), not null")
        case .keyNotFound(let key, let context):
            return .invalidField(path(context.codingPath + [key]), "is required")
        case .dataCorrupted(let context):
            if context.codingPath.isEmpty {
                return GatewayError(.invalidInput, code: .invalidJson, message: "the body is not valid JSON")
            }
            return .invalidField(path(context.codingPath), "has an invalid value")
        @unknown default:
            return GatewayError(.invalidInput, code: .invalidJson, message: "the body is not valid JSON")
        }
    }

    private static func expected(_ type: Any.Type) -> String {
        switch type {
        case is String.Type: "a string"
        case is Double.Type, is Int.Type: "a number"
        case is Bool.Type: "true or false"
        case is [Any].Type: "an array"
        default: String(describing: type).hasPrefix("Array") ? "an array" : "an object"
        }
    }
}

/// Finds the byte range of each element of a top-level JSON array without decoding it, so a
/// batch can check every item's size and decode items one by one (one bad item fails alone).
package enum JSONArraySplitter {
    package static func elements(of data: Data) throws(GatewayError) -> [Range<Int>] {
        let invalid = GatewayError(.invalidInput, code: .invalidJson, message: "the body must be a JSON array of contributions")
        let found = data.withUnsafeBytes { (raw: UnsafeRawBufferPointer) -> [Range<Int>]? in
            let bytes = raw.bindMemory(to: UInt8.self)
            var index = 0
            func skipSpace() {
                while index < bytes.count, [0x20, 0x09, 0x0a, 0x0d].contains(bytes[index]) { index += 1 }
            }
            skipSpace()
            guard index < bytes.count, bytes[index] == UInt8(ascii: "[") else { return nil }
            index += 1
            var ranges: [Range<Int>] = []
            skipSpace()
            if index < bytes.count, bytes[index] == UInt8(ascii: "]") {
                index += 1
                skipSpace()
                guard index == bytes.count else { return nil }
                return []
            }
            while true {
                skipSpace()
                let start = index
                var depth = 0
                var inString = false
                scan: while index < bytes.count {
                    let byte = bytes[index]
                    if inString {
                        if byte == UInt8(ascii: "\\") { index += 1 } else if byte == UInt8(ascii: "\"") { inString = false }
                    } else {
                        switch byte {
                        case UInt8(ascii: "\""): inString = true
                        case UInt8(ascii: "{"), UInt8(ascii: "["): depth += 1
                        case UInt8(ascii: "}"), UInt8(ascii: "]"):
                            if depth == 0 { break scan }
                            depth -= 1
                        case UInt8(ascii: ","):
                            if depth == 0 { break scan }
                        default: break
                        }
                    }
                    index += 1
                }
                guard index < bytes.count, !inString, depth == 0 else { return nil }
                var end = index
                while end > start, [0x20, 0x09, 0x0a, 0x0d].contains(bytes[end - 1]) { end -= 1 }
                guard end > start else { return nil }
                ranges.append(start..<end)
                if bytes[index] == UInt8(ascii: ",") {
                    index += 1
                    continue
                }
                guard bytes[index] == UInt8(ascii: "]") else { return nil }
                index += 1
                skipSpace()
                guard index == bytes.count else { return nil }
                return ranges
            }
        }
        guard let found else { throw invalid }
        return found
    }
}
