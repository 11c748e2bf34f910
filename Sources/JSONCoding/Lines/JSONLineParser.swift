/// One input line of `anonymize` and `scan`: `{"id": any JSON value, "text": string}`,
/// optionally with `"sensitiveTerms": [string]`.
///
/// `id` points into the input buffer: it is valid only while the line is being processed.
package struct TextLine {
    /// The id's JSON bytes exactly as they were in the input (empty when the line has no
    /// `"id"`; the output then says `null`).
    package var id: UnsafeBufferPointer<UInt8>
    package var text: String
    package var sensitiveTerms: [String]
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
/// - nesting up to `maxDepth` levels inside one value (`JSONScanner` keeps an explicit stack:
///   deep input cannot exhaust the thread's stack).
package struct JSONLineParser {
    package static let maxDepth = 512

    /// The scanner, whose buffers are reused from line to line.
    private var cursor = JSONScanner()

    package init() {}

    package mutating func parse(_ line: UnsafeBufferPointer<UInt8>) throws(LineProblem) -> TextLine {
        let result: Result<TextLine, LineProblem>
        do throws(JSONSyntaxError) {
            result = try parseLine(line)
        } catch {
            throw LineProblem(error)
        }
        return try result.get()
    }

    /// `parse`, with a problem of meaning as `LineProblem` and one of syntax as `JSONSyntaxError`.
    private mutating func parseLine(_ line: UnsafeBufferPointer<UInt8>) throws(JSONSyntaxError) -> Result<TextLine, LineProblem> {
        cursor.reset(line)
        cursor.skipWhitespace()
        guard cursor.peek == UInt8(ascii: "{") else {
            try cursor.skipValue(maxDepth: Self.maxDepth)
            try cursor.expectEnd()
            return .failure(.notAnObject)
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
                // Two statements: `readKey` must see the scanner after the scan.
                let content = try cursor.scanString()
                let key = readKey(content)
                cursor.skipWhitespace()
                try cursor.expect(UInt8(ascii: ":"))
                cursor.skipWhitespace()
                switch key {
                case .id:
                    if id != nil { problem = problem ?? .duplicateKey("id") }
                    let start = cursor.index
                    try cursor.skipValue(maxDepth: Self.maxDepth)
                    id = UnsafeBufferPointer(rebasing: line[start..<cursor.index])
                case .text:
                    if text != nil { problem = problem ?? .duplicateKey("text") }
                    if cursor.peek == UInt8(ascii: "\"") {
                        text = try cursor.readString()
                    } else {
                        try cursor.skipValue(maxDepth: Self.maxDepth)
                        problem = problem ?? .textNotString
                        text = ""
                    }
                case .sensitiveTerms:
                    if sawTerms { problem = problem ?? .duplicateKey("sensitiveTerms") }
                    sawTerms = true
                    if cursor.peek == UInt8(ascii: "[") {
                        let (strings, allStrings) = try readStringArray()
                        terms = strings
                        if !allStrings { problem = problem ?? .sensitiveTermsNotStrings }
                    } else {
                        let start = cursor.index
                        try cursor.skipValue(maxDepth: Self.maxDepth)
                        let isNull = cursor.index - start == 4 && line[start] == UInt8(ascii: "n")
                        if !isNull { problem = problem ?? .sensitiveTermsNotStrings }
                    }
                case .other:
                    try cursor.skipValue(maxDepth: Self.maxDepth)
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
        if let problem { return .failure(problem) }
        guard let text else { return .failure(.missingText) }
        return .success(TextLine(id: id ?? UnsafeBufferPointer(start: nil, count: 0), text: text, sensitiveTerms: terms ?? []))
    }

    // MARK: - Keys and terms

    private enum Key { case id, text, sensitiveTerms, other }

    private func readKey(_ content: JSONStringContent) -> Key {
        cursor.withContent(content) { name in
            switch name.count {
            case 4 where name.elementsEqual("text".utf8): .text
            case 2 where name.elementsEqual("id".utf8): .id
            case 14 where name.elementsEqual("sensitiveTerms".utf8): .sensitiveTerms
            default: .other
            }
        }
    }

    /// `[string, …]` at the cursor; elements that are not strings are skipped and reported.
    private mutating func readStringArray() throws(JSONSyntaxError) -> ([String], allStrings: Bool) {
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
                strings.append(try cursor.readString())
            } else {
                try cursor.skipValue(maxDepth: Self.maxDepth)
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
}
