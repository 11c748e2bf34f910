import ErrorCodes
package import Foundation
import JSONCoding

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
/// The body must be JSON as a whole: an item that is not JSON fails the batch.
package enum JSONArraySplitter {
    /// How deep an item may nest, as `JSONDecoder` allows.
    static let maxDepth = 512

    package static func elements(of data: Data) throws(GatewayError) -> [Range<Int>] {
        let found = data.withUnsafeBytes { raw in
            try? JSONScanner.arrayElements(of: raw.assumingMemoryBound(to: UInt8.self), maxDepth: maxDepth)
        }
        guard let found else {
            throw GatewayError(.invalidInput, code: .invalidJson, message: "the body must be a JSON array of contributions")
        }
        return found
    }
}
