/// Output bytes of `anonymize` and `scan`, written by hand instead of `JSONSerialization`.
///
/// Why by hand: serializing a dictionary per line cost more than the anonymizer itself
/// (boxing every value, sorting keys, one `Data` and one `write(2)` per line). The commands
/// write their few fixed keys in the order `.sortedKeys` gave (`findings`, `id`, `rejected`,
/// `text`), and strings exactly as `JSONSerialization` with `.withoutEscapingSlashes` writes
/// them, so the output is byte for byte what it was (tested against `JSONSerialization`):
///
/// - `"` and `\` are escaped; `/` is not;
/// - U+0008, U+0009, U+000A, U+000C, U+000D become `\b`, `\t`, `\n`, `\f`, `\r`; every other
///   control character below U+0020 becomes `\u00xx` (lowercase hex);
/// - everything else, DEL and non-ASCII included, is written as its UTF-8 bytes.
///
/// The buffer is reused from line to line and handed to `write(2)` in big pieces.
struct JSONOutputBuffer {
    private(set) var bytes: [UInt8] = []

    init(capacity: Int = 0) {
        bytes.reserveCapacity(capacity)
    }

    var count: Int { bytes.count }

    mutating func removeAll() {
        bytes.removeAll(keepingCapacity: true)
    }

    /// Bytes that are already JSON (an `id` copied from the input, punctuation).
    mutating func appendRaw(_ raw: UnsafeBufferPointer<UInt8>) {
        bytes.append(contentsOf: raw)
    }

    /// ASCII punctuation and key names written by the commands themselves.
    mutating func appendRaw(_ raw: StaticString) {
        raw.withUTF8Buffer { bytes.append(contentsOf: $0) }
    }

    mutating func appendInteger(_ value: Int) {
        if value >= 0 && value < 10 {
            bytes.append(0x30 + UInt8(value))
        } else {
            bytes.append(contentsOf: String(value).utf8)
        }
    }

    /// `string` as a JSON string literal, quotes included.
    mutating func appendString(_ string: String) {
        var string = string
        string.withUTF8 { appendString(utf8: $0) }
    }

    /// Valid UTF-8 as a JSON string literal, quotes included.
    mutating func appendString(utf8: UnsafeBufferPointer<UInt8>) {
        bytes.append(0x22)
        var runStart = 0
        var index = 0
        let count = utf8.count
        while index < count {
            let byte = utf8[index]
            if byte >= 0x20 && byte != 0x22 && byte != 0x5c {
                index += 1
                continue
            }
            if runStart < index { bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[runStart..<index])) }
            appendEscape(byte)
            index += 1
            runStart = index
        }
        if runStart < count { bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[runStart..<count])) }
        bytes.append(0x22)
    }

    private mutating func appendEscape(_ byte: UInt8) {
        bytes.append(0x5c)
        switch byte {
        case 0x22, 0x5c: bytes.append(byte)  // \" \\
        case 0x08: bytes.append(0x62)  // \b
        case 0x09: bytes.append(0x74)  // \t
        case 0x0a: bytes.append(0x6e)  // \n
        case 0x0c: bytes.append(0x66)  // \f
        case 0x0d: bytes.append(0x72)  // \r
        default:  // \u00xx
            bytes.append(0x75)
            bytes.append(0x30)
            bytes.append(0x30)
            bytes.append(Self.hexDigit(byte >> 4))
            bytes.append(Self.hexDigit(byte & 0x0f))
        }
    }

    private static func hexDigit(_ value: UInt8) -> UInt8 {
        value < 10 ? 0x30 + value : 0x61 + value - 10
    }
}
