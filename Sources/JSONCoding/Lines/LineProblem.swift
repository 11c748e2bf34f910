/// Why an input line of `anonymize` or `scan` is unreadable.
///
/// The message names the problem and, at most, a byte position in the line, never the line's
/// content: input text may be personal data and stderr ends up in logs.
package enum LineProblem: Error, Equatable, Sendable {
    /// Longer than the line limit (bytes before the newline).
    case tooLong(limit: Int)
    /// Not UTF-8 at this byte (1-based).
    case invalidUTF8(byte: Int)
    /// Not JSON at this byte (1-based), or the line ended too early.
    case invalidJSON(byte: Int)
    /// A `\u` escape of half a surrogate pair, at this byte (1-based): not a Unicode scalar.
    case unpairedSurrogate(byte: Int)
    /// Arrays and objects nested deeper than the parser follows.
    case nestedTooDeep(limit: Int)
    /// Valid JSON, but not an object.
    case notAnObject
    /// An object without a `"text"` key.
    case missingText
    /// `"text"` is not a string.
    case textNotString
    /// `"sensitiveTerms"` is neither an array of strings nor null.
    case sensitiveTermsNotStrings
    /// `"id"`, `"text"` or `"sensitiveTerms"` appears twice: which one would be meant is not clear.
    case duplicateKey(String)

    package init(_ error: JSONSyntaxError) {
        switch error {
        case .invalid(let byte): self = .invalidJSON(byte: byte)
        case .invalidUTF8(let byte): self = .invalidUTF8(byte: byte)
        case .unpairedSurrogate(let byte): self = .unpairedSurrogate(byte: byte)
        case .nestedTooDeep(let limit): self = .nestedTooDeep(limit: limit)
        }
    }

    package var message: String {
        switch self {
        case .tooLong(let limit): "longer than \(Self.size(limit)) (the line limit)"
        case .invalidUTF8(let byte): "not valid UTF-8 (at byte \(byte))"
        case .invalidJSON(let byte): "not valid JSON (at byte \(byte))"
        case .unpairedSurrogate(let byte): "a \\u escape of an unpaired surrogate (at byte \(byte))"
        case .nestedTooDeep(let limit): "JSON nested deeper than \(limit) levels"
        case .notAnObject: "not a JSON object"
        case .missingText: "no \"text\" key"
        case .textNotString: "\"text\" is not a string"
        case .sensitiveTermsNotStrings: "\"sensitiveTerms\" is not an array of strings"
        case .duplicateKey(let key): "the key \"\(key)\" appears twice"
        }
    }

    private static func size(_ bytes: Int) -> String {
        bytes % (1 << 20) == 0 ? "\(bytes >> 20) MiB" : "\(bytes) bytes"
    }
}
