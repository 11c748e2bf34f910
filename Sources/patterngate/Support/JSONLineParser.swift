/// One input line of `anonymize` and `scan`: `{"id": any JSON value, "text": string}`,
/// optionally with `"sensitiveTerms": [string]`.
///
/// `id` points into the input buffer: it is valid only while the line is being processed.
struct TextLine {
    /// The id's JSON bytes exactly as they were in the input (empty when the line has no
    /// `"id"`; the output then says `null`).
    var id: UnsafeBufferPointer<UInt8>
    var text: String
    var sensitiveTerms: [String]
}

/// A strict RFC 8259 parser for one line object, written by hand.
///
/// Why by hand: `JSONSerialization` boxed every line into a dictionary of `Any` and cost
/// more than the anonymizer; this parser reads the line's bytes in place, builds only the
/// `text` string (and the sensitive terms), and copies nothing else.
///
/// What it accepts, and why:
/// - exactly one JSON value per line, which must be an object; whitespace around tokens;
/// - strings of valid UTF-8 without raw control characters, with every RFC 8259 escape;
///   a `\u` escape of half a surrogate pair is refused (it is no Unicode scalar, and the
///   text must be real Unicode text for the scanners);
/// - `"text"`: a string (required); `"sensitiveTerms"`: an array of strings, or null, or
///   absent (anything else is refused, rather than ignored: a caller whose terms were
///   silently dropped would believe them removed); any other key is validated and ignored;
/// - `"id"`: any JSON value, kept as its exact input bytes and copied to the output
///   verbatim. Verbatim rather than re-serialized: an id is the caller's correlation key, so
///   it comes back as the caller wrote it (a 20-digit number or `1.50` keeps every digit;
///   re-serializing through `Double` would not), and copying is cheaper than rebuilding.
///   Strings, integers and literals (the ids callers use) read the same as before; only
///   escapes (`"a\/b"`), fractions and exponents, and whitespace or key order inside array
///   and object ids now come back as they were written instead of canonicalized;
/// - a key of the three above given twice is refused (`{"text": "a", "text": "b"}` means
///   different things to different parsers); other duplicate keys are not checked;
/// - nesting up to `maxDepth` levels inside one value (the parser keeps an explicit stack:
///   deep input cannot exhaust the thread's stack).
struct JSONLineParser {
    static let maxDepth = 512

    /// Decoded bytes of the last string that had escapes, reused from line to line.
    private var scratch: [UInt8] = []
    /// Containers open while skipping a value: `true` for an object.
    private var containers: [Bool] = []

    init() {}

    mutating func parse(_ line: UnsafeBufferPointer<UInt8>) throws(LineProblem) -> TextLine {
        var cursor = Cursor(bytes: line)
        cursor.skipWhitespace()
        guard cursor.peek == UInt8(ascii: "{") else {
            try skipValue(&cursor)
            try cursor.expectEnd()
            throw .notAnObject
        }
        cursor.index += 1
        var id: UnsafeBufferPointer<UInt8>?
        var text: String?
        var terms: [String]?
        var sawTerms = false
        // A problem with a value's meaning waits until the whole line has proved to be JSON,
        // so that a broken line is reported as broken.
        var problem: LineProblem?
        cursor.skipWhitespace()
        if cursor.peek == UInt8(ascii: "}") {
            cursor.index += 1
        } else {
            members: while true {
                cursor.skipWhitespace()
                guard cursor.peek == UInt8(ascii: "\"") else { throw cursor.invalid }
                let key = try readKey(&cursor)
                cursor.skipWhitespace()
                try cursor.expect(UInt8(ascii: ":"))
                cursor.skipWhitespace()
                switch key {
                case .id:
                    if id != nil { problem = problem ?? .duplicateKey("id") }
                    let start = cursor.index
                    try skipValue(&cursor)
                    id = UnsafeBufferPointer(rebasing: line[start..<cursor.index])
                case .text:
                    if text != nil { problem = problem ?? .duplicateKey("text") }
                    if cursor.peek == UInt8(ascii: "\"") {
                        text = try readString(&cursor)
                    } else {
                        try skipValue(&cursor)
                        problem = problem ?? .textNotString
                        text = ""
                    }
                case .sensitiveTerms:
                    if sawTerms { problem = problem ?? .duplicateKey("sensitiveTerms") }
                    sawTerms = true
                    if cursor.peek == UInt8(ascii: "[") {
                        let (strings, allStrings) = try readStringArray(&cursor)
                        terms = strings
                        if !allStrings { problem = problem ?? .sensitiveTermsNotStrings }
                    } else {
                        let start = cursor.index
                        try skipValue(&cursor)
                        let isNull = cursor.index - start == 4 && line[start] == UInt8(ascii: "n")
                        if !isNull { problem = problem ?? .sensitiveTermsNotStrings }
                    }
                case .other:
                    try skipValue(&cursor)
                }
                cursor.skipWhitespace()
                switch cursor.peek {
                case UInt8(ascii: ","): cursor.index += 1
                case UInt8(ascii: "}"): cursor.index += 1; break members
                default: throw cursor.invalid
                }
            }
        }
        try cursor.expectEnd()
        if let problem { throw problem }
        guard let text else { throw .missingText }
        return TextLine(id: id ?? UnsafeBufferPointer(start: nil, count: 0), text: text, sensitiveTerms: terms ?? [])
    }

    // MARK: - Strings

    private enum Key { case id, text, sensitiveTerms, other }

    private mutating func readKey(_ cursor: inout Cursor) throws(LineProblem) -> Key {
        switch try scanString(&cursor) {
        case .slice(let range): Self.key(UnsafeBufferPointer(rebasing: cursor.bytes[range]))
        case .decoded: scratch.withUnsafeBufferPointer { Self.key($0) }
        }
    }

    private static func key(_ name: UnsafeBufferPointer<UInt8>) -> Key {
        switch name.count {
        case 4 where name.elementsEqual("text".utf8): .text
        case 2 where name.elementsEqual("id".utf8): .id
        case 14 where name.elementsEqual("sensitiveTerms".utf8): .sensitiveTerms
        default: .other
        }
    }

    /// The string at the cursor (on its opening quote).
    private mutating func readString(_ cursor: inout Cursor) throws(LineProblem) -> String {
        switch try scanString(&cursor) {
        case .slice(let range): String(decoding: UnsafeBufferPointer(rebasing: cursor.bytes[range]), as: UTF8.self)
        case .decoded: String(decoding: scratch, as: UTF8.self)
        }
    }

    /// `[string, …]` at the cursor; elements that are not strings are skipped and reported.
    private mutating func readStringArray(_ cursor: inout Cursor) throws(LineProblem) -> ([String], allStrings: Bool) {
        cursor.index += 1
        var strings: [String] = []
        var allStrings = true
        cursor.skipWhitespace()
        if cursor.peek == UInt8(ascii: "]") {
            cursor.index += 1
            return (strings, allStrings)
        }
        while true {
            cursor.skipWhitespace()
            if cursor.peek == UInt8(ascii: "\"") {
                strings.append(try readString(&cursor))
            } else {
                try skipValue(&cursor)
                allStrings = false
            }
            cursor.skipWhitespace()
            switch cursor.peek {
            case UInt8(ascii: ","): cursor.index += 1
            case UInt8(ascii: "]"): cursor.index += 1; return (strings, allStrings)
            default: throw cursor.invalid
            }
        }
    }

    /// Where a string's content is: in the line itself when it has no escapes, else decoded
    /// into `scratch`.
    private enum StringContent {
        case slice(Range<Int>)
        case decoded
    }

    /// Reads the string at the cursor (on its opening quote) and leaves the cursor after its
    /// closing quote.
    private mutating func scanString(_ cursor: inout Cursor) throws(LineProblem) -> StringContent {
        cursor.index += 1
        let start = cursor.index
        let bytes = cursor.bytes
        // Fast path: no escapes, the content is the line's own bytes.
        while true {
            guard cursor.index < bytes.count else { throw cursor.invalid }
            let byte = bytes[cursor.index]
            if byte == UInt8(ascii: "\"") {
                cursor.index += 1
                return .slice(start..<(cursor.index - 1))
            }
            if byte == UInt8(ascii: "\\") { break }
            if byte < 0x20 { throw cursor.invalid }
            if byte < 0x80 { cursor.index += 1 } else { try cursor.skipUTF8Scalar() }
        }
        scratch.removeAll(keepingCapacity: true)
        scratch.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[start..<cursor.index]))
        while true {
            guard cursor.index < bytes.count else { throw cursor.invalid }
            let byte = bytes[cursor.index]
            switch byte {
            case UInt8(ascii: "\""):
                cursor.index += 1
                return .decoded
            case UInt8(ascii: "\\"):
                try readEscape(&cursor)
            case 0..<0x20:
                throw cursor.invalid
            case 0x20..<0x80:
                scratch.append(byte)
                cursor.index += 1
            default:
                let scalarStart = cursor.index
                try cursor.skipUTF8Scalar()
                scratch.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[scalarStart..<cursor.index]))
            }
        }
    }

    /// One escape at the cursor (on its backslash), decoded into `scratch`.
    private mutating func readEscape(_ cursor: inout Cursor) throws(LineProblem) {
        let escapeStart = cursor.index
        cursor.index += 1
        guard let letter = cursor.peek else { throw cursor.invalid }
        let simple: UInt8? =
            switch letter {
            case UInt8(ascii: "\""): 0x22
            case UInt8(ascii: "\\"): 0x5c
            case UInt8(ascii: "/"): 0x2f
            case UInt8(ascii: "b"): 0x08
            case UInt8(ascii: "f"): 0x0c
            case UInt8(ascii: "n"): 0x0a
            case UInt8(ascii: "r"): 0x0d
            case UInt8(ascii: "t"): 0x09
            default: nil
            }
        if let simple {
            scratch.append(simple)
            cursor.index += 1
            return
        }
        guard letter == UInt8(ascii: "u") else { throw cursor.invalid }
        cursor.index += 1
        var value = try cursor.readHex4()
        if (0xdc00...0xdfff).contains(value) { throw .unpairedSurrogate(byte: escapeStart + 1) }
        if (0xd800...0xdbff).contains(value) {
            guard cursor.peek == UInt8(ascii: "\\"), cursor.index + 1 < cursor.bytes.count,
                cursor.bytes[cursor.index + 1] == UInt8(ascii: "u")
            else { throw .unpairedSurrogate(byte: escapeStart + 1) }
            cursor.index += 2
            let low = try cursor.readHex4()
            guard (0xdc00...0xdfff).contains(low) else { throw .unpairedSurrogate(byte: escapeStart + 1) }
            value = 0x10000 + ((value - 0xd800) << 10) + (low - 0xdc00)
        }
        appendUTF8(value)
    }

    private mutating func appendUTF8(_ scalar: UInt32) {
        switch scalar {
        case 0..<0x80:
            scratch.append(UInt8(scalar))
        case 0x80..<0x800:
            scratch.append(0xc0 | UInt8(scalar >> 6))
            scratch.append(0x80 | UInt8(scalar & 0x3f))
        case 0x800..<0x10000:
            scratch.append(0xe0 | UInt8(scalar >> 12))
            scratch.append(0x80 | UInt8((scalar >> 6) & 0x3f))
            scratch.append(0x80 | UInt8(scalar & 0x3f))
        default:
            scratch.append(0xf0 | UInt8(scalar >> 18))
            scratch.append(0x80 | UInt8((scalar >> 12) & 0x3f))
            scratch.append(0x80 | UInt8((scalar >> 6) & 0x3f))
            scratch.append(0x80 | UInt8(scalar & 0x3f))
        }
    }

    // MARK: - Skipping values

    /// Validates the value at the cursor and leaves the cursor after it. Iterative, with an
    /// explicit stack of open containers.
    private mutating func skipValue(_ cursor: inout Cursor) throws(LineProblem) {
        containers.removeAll(keepingCapacity: true)
        while true {
            // At the start of a value.
            cursor.skipWhitespace()
            guard let byte = cursor.peek else { throw cursor.invalid }
            switch byte {
            case UInt8(ascii: "{"), UInt8(ascii: "["):
                let isObject = byte == UInt8(ascii: "{")
                guard containers.count < Self.maxDepth else { throw .nestedTooDeep(limit: Self.maxDepth) }
                cursor.index += 1
                cursor.skipWhitespace()
                if cursor.peek == (isObject ? UInt8(ascii: "}") : UInt8(ascii: "]")) {
                    cursor.index += 1
                } else {
                    containers.append(isObject)
                    if isObject { try skipKeyAndColon(&cursor) }
                    continue
                }
            case UInt8(ascii: "\""):
                _ = try scanString(&cursor)
            case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
                try cursor.skipNumber()
            case UInt8(ascii: "t"):
                try cursor.expectLiteral("true")
            case UInt8(ascii: "f"):
                try cursor.expectLiteral("false")
            case UInt8(ascii: "n"):
                try cursor.expectLiteral("null")
            default:
                throw cursor.invalid
            }
            // A value ended: close the containers it ends, or go on to the next element.
            var nextElement = false
            while let isObject = containers.last {
                cursor.skipWhitespace()
                guard let byte = cursor.peek else { throw cursor.invalid }
                if byte == UInt8(ascii: ",") {
                    cursor.index += 1
                    if isObject { try skipKeyAndColon(&cursor) }
                    nextElement = true
                    break
                }
                guard byte == (isObject ? UInt8(ascii: "}") : UInt8(ascii: "]")) else { throw cursor.invalid }
                cursor.index += 1
                containers.removeLast()
            }
            if !nextElement { return }
        }
    }

    private mutating func skipKeyAndColon(_ cursor: inout Cursor) throws(LineProblem) {
        cursor.skipWhitespace()
        guard cursor.peek == UInt8(ascii: "\"") else { throw cursor.invalid }
        _ = try scanString(&cursor)
        cursor.skipWhitespace()
        try cursor.expect(UInt8(ascii: ":"))
    }
}

/// A position in one line's bytes.
private struct Cursor {
    let bytes: UnsafeBufferPointer<UInt8>
    var index = 0

    var peek: UInt8? { index < bytes.count ? bytes[index] : nil }

    /// Not JSON at the cursor (positions in messages are 1-based).
    var invalid: LineProblem { .invalidJSON(byte: index + 1) }

    mutating func skipWhitespace() {
        while index < bytes.count {
            switch bytes[index] {
            case 0x20, 0x09, 0x0a, 0x0d: index += 1
            default: return
            }
        }
    }

    mutating func expect(_ byte: UInt8) throws(LineProblem) {
        guard peek == byte else { throw invalid }
        index += 1
    }

    /// Only whitespace may follow the line's value.
    mutating func expectEnd() throws(LineProblem) {
        skipWhitespace()
        guard index == bytes.count else { throw invalid }
    }

    mutating func expectLiteral(_ literal: StaticString) throws(LineProblem) {
        for offset in 0..<literal.utf8CodeUnitCount {
            guard peek == literal.utf8Start[offset] else { throw invalid }
            index += 1
        }
    }

    /// `-? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?`
    mutating func skipNumber() throws(LineProblem) {
        if peek == UInt8(ascii: "-") { index += 1 }
        guard let first = peek, Self.isDigit(first) else { throw invalid }
        index += 1
        if first != UInt8(ascii: "0") { skipDigits() }
        if peek == UInt8(ascii: ".") {
            index += 1
            try skipOneOrMoreDigits()
        }
        if peek == UInt8(ascii: "e") || peek == UInt8(ascii: "E") {
            index += 1
            if peek == UInt8(ascii: "+") || peek == UInt8(ascii: "-") { index += 1 }
            try skipOneOrMoreDigits()
        }
    }

    private mutating func skipOneOrMoreDigits() throws(LineProblem) {
        guard let byte = peek, Self.isDigit(byte) else { throw invalid }
        skipDigits()
    }

    private mutating func skipDigits() {
        while let byte = peek, Self.isDigit(byte) { index += 1 }
    }

    private static func isDigit(_ byte: UInt8) -> Bool { byte >= 0x30 && byte <= 0x39 }

    /// Four hex digits of a `\u` escape.
    mutating func readHex4() throws(LineProblem) -> UInt32 {
        var value: UInt32 = 0
        for _ in 0..<4 {
            guard let byte = peek else { throw invalid }
            let digit: UInt8
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = byte - 0x30
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = byte - 0x61 + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = byte - 0x41 + 10
            default: throw invalid
            }
            value = value << 4 | UInt32(digit)
            index += 1
        }
        return value
    }

    /// One multi-byte UTF-8 scalar at the cursor (RFC 3629: shortest form, no surrogates,
    /// at most U+10FFFF). A bad sequence is reported at its first byte.
    mutating func skipUTF8Scalar() throws(LineProblem) {
        let lead = bytes[index]
        let length: Int
        var low: UInt8 = 0x80, high: UInt8 = 0xbf  // the allowed range of the second byte
        switch lead {
        case 0xc2...0xdf: length = 2
        case 0xe0: length = 3; low = 0xa0
        case 0xe1...0xec, 0xee...0xef: length = 3
        case 0xed: length = 3; high = 0x9f
        case 0xf0: length = 4; low = 0x90
        case 0xf1...0xf3: length = 4
        case 0xf4: length = 4; high = 0x8f
        default: throw .invalidUTF8(byte: index + 1)
        }
        guard index + length <= bytes.count else { throw .invalidUTF8(byte: index + 1) }
        let second = bytes[index + 1]
        guard second >= low && second <= high else { throw .invalidUTF8(byte: index + 1) }
        for offset in 2..<max(2, length) where bytes[index + offset] & 0xc0 != 0x80 {
            throw .invalidUTF8(byte: index + 1)
        }
        index += length
    }
}
