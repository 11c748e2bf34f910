/// Writing JSON tokens into bytes: the one string escaper and number writer of the package.
///
/// Strings are written exactly as `JSONEncoder` and `JSONSerialization` write them with
/// `.withoutEscapingSlashes`, and as canonical audit lines and event payloads need them
/// (their bytes are hashed and signed; golden tests pin them):
///
/// - `"` and `\` are escaped; `/` is not;
/// - U+0008, U+0009, U+000A, U+000C, U+000D become `\b`, `\t`, `\n`, `\f`, `\r`; every other
///   control character below U+0020 becomes `\u00xx` (lowercase hex);
/// - everything else, DEL and non-ASCII included, is written as its UTF-8 bytes.
extension [UInt8] {
    /// Bytes that are already JSON: punctuation and key names.
    package mutating func appendJSON(_ raw: StaticString) {
        raw.withUTF8Buffer { append(contentsOf: $0) }
    }

    /// `string` as a JSON string literal, quotes included.
    package mutating func appendJSONString(_ string: String) {
        var string = string
        string.withUTF8 { appendJSONString(utf8: $0) }
    }

    /// UTF-8 bytes as a JSON string literal, quotes included. The runs between escapes are
    /// copied in bulk.
    package mutating func appendJSONString(utf8: UnsafeBufferPointer<UInt8>) {
        append(0x22)
        var runStart = 0
        for index in 0..<utf8.count {
            let byte = utf8[index]
            guard byte < 0x20 || byte == 0x22 || byte == 0x5c else { continue }
            if runStart < index { append(contentsOf: UnsafeBufferPointer(rebasing: utf8[runStart..<index])) }
            appendEscape(byte)
            runStart = index + 1
        }
        if runStart < utf8.count { append(contentsOf: UnsafeBufferPointer(rebasing: utf8[runStart..<utf8.count])) }
        append(0x22)
    }

    private mutating func appendEscape(_ byte: UInt8) {
        append(0x5c)
        switch byte {
        case 0x22, 0x5c: append(byte)  // \" \\
        case 0x08: append(0x62)  // \b
        case 0x09: append(0x74)  // \t
        case 0x0a: append(0x6e)  // \n
        case 0x0c: append(0x66)  // \f
        case 0x0d: append(0x72)  // \r
        default:  // \u00xx
            append(0x75)
            append(0x30)
            append(0x30)
            append(JSONHex.digit(byte >> 4))
            append(JSONHex.digit(byte & 0x0f))
        }
    }

    /// `[string, …]`.
    package mutating func appendJSONStrings(_ values: [String]) {
        append(0x5b)
        for (index, value) in values.enumerated() {
            if index > 0 { append(0x2c) }
            appendJSONString(value)
        }
        append(0x5d)
    }

    package mutating func appendJSONInteger(_ value: Int) {
        if value >= 0 && value < 10 {
            append(0x30 + UInt8(value))
        } else {
            append(contentsOf: String(value).utf8)
        }
    }

    package mutating func appendJSONInteger(_ value: UInt64) {
        if value < 10 {
            append(0x30 + UInt8(value))
        } else {
            append(contentsOf: String(value).utf8)
        }
    }

    package mutating func appendJSONBool(_ value: Bool) {
        appendJSON(value ? "true" : "false")
    }

    /// `JSONEncoder`'s number format: the shortest round-trip form, without a trailing `.0`.
    /// False (and nothing written) when the number is not finite: JSON has no form for it.
    package mutating func appendJSONNumber(_ value: Double) -> Bool {
        guard value.isFinite else { return false }
        // Whole numbers (counts, hours, seconds) as integers: the same text, no float formatting.
        if value.rounded(.towardZero) == value, value.magnitude < 1e15, !(value == 0 && value.sign == .minus) {
            append(contentsOf: Int64(value).description.utf8)
            return true
        }
        var text = value.description
        if text.hasSuffix(".0") { text.removeLast(2) }
        append(contentsOf: text.utf8)
        return true
    }
}

/// A reusable output buffer of JSON bytes, for writers that build one document (an audit
/// line) or many lines (`anonymize`, `scan`) in place.
package struct JSONWriter {
    package var bytes: [UInt8] = []

    package init(capacity: Int = 0) {
        bytes.reserveCapacity(capacity)
    }

    package var count: Int { bytes.count }

    package mutating func removeAll() {
        bytes.removeAll(keepingCapacity: true)
    }

    /// ASCII punctuation and key names.
    package mutating func appendRaw(_ raw: StaticString) { bytes.appendJSON(raw) }

    /// Bytes that are already JSON (an `id` copied from the input).
    package mutating func appendRaw(_ raw: UnsafeBufferPointer<UInt8>) { bytes.append(contentsOf: raw) }

    package mutating func appendString(_ string: String) { bytes.appendJSONString(string) }

    package mutating func appendString(utf8: UnsafeBufferPointer<UInt8>) { bytes.appendJSONString(utf8: utf8) }

    package mutating func appendInteger(_ value: Int) { bytes.appendJSONInteger(value) }

    package mutating func appendInteger(_ value: UInt64) { bytes.appendJSONInteger(value) }
}

/// Hex digits of `\u` escapes: lowercase when written, either case when read.
enum JSONHex {
    static func digit(_ value: UInt8) -> UInt8 {
        value < 10 ? 0x30 + value : 0x61 + value - 10
    }

    static func value(_ byte: UInt8) -> UInt8? {
        switch byte {
        case 0x30...0x39: byte - 0x30
        case 0x61...0x66: byte - 0x61 + 10
        case 0x41...0x46: byte - 0x41 + 10
        default: nil
        }
    }
}
