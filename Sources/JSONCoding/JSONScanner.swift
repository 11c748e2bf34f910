/// Why bytes are not JSON. Byte positions are 1-based.
package enum JSONSyntaxError: Error, Equatable, Sendable {
    /// Not JSON at this byte, or the input ended too early.
    case invalid(byte: Int)
    /// Not UTF-8 at this byte.
    case invalidUTF8(byte: Int)
    /// A `\u` escape of half a surrogate pair, at this byte: not a Unicode scalar.
    case unpairedSurrogate(byte: Int)
    /// Arrays and objects nested deeper than the reader follows.
    case nestedTooDeep(limit: Int)
}

/// Where a string's content is, once scanned: in the input itself when it has no escapes,
/// else decoded into the scanner's `scratch`.
package enum JSONStringContent {
    case slice(Range<Int>)
    case decoded
}

/// A strict RFC 8259 reader over UTF-8 bytes, one token at a time: the low-level reading
/// every hand-written JSON reader of the package shares.
///
/// Strict and bounded, because its input comes from untrusted peers and clients: strings
/// must be valid UTF-8 (RFC 3629: shortest form, no surrogates, at most U+10FFFF) without raw
/// control characters, a `\u` escape of half a surrogate pair is refused, numbers follow the
/// grammar exactly, and skipping a value keeps an explicit stack limited to `maxDepth` (deep
/// input cannot exhaust the thread's stack).
///
/// The scanner's buffers (`scratch`, the stack of open containers) are kept when it is
/// `reset` to new bytes, so a reader of many lines allocates once.
package struct JSONScanner {
    package private(set) var bytes: UnsafeBufferPointer<UInt8>
    package var index = 0
    /// Decoded bytes of the last string that had escapes.
    package private(set) var scratch: [UInt8] = []
    /// Containers open while skipping a value: `true` for an object.
    private var containers: [Bool] = []

    package init(bytes: UnsafeBufferPointer<UInt8> = UnsafeBufferPointer(start: nil, count: 0)) {
        self.bytes = bytes
    }

    /// Starts over on other bytes, keeping the buffers.
    package mutating func reset(_ bytes: UnsafeBufferPointer<UInt8>) {
        self.bytes = bytes
        index = 0
    }

    package var peek: UInt8? { index < bytes.count ? bytes[index] : nil }

    /// Not JSON at the cursor.
    package var invalid: JSONSyntaxError { .invalid(byte: index + 1) }

    package mutating func skipWhitespace() {
        while index < bytes.count {
            switch bytes[index] {
            case 0x20, 0x09, 0x0a, 0x0d: index += 1
            default: return
            }
        }
    }

    package mutating func expect(_ byte: UInt8) throws(JSONSyntaxError) {
        guard peek == byte else { throw invalid }
        index += 1
    }

    /// Only whitespace may follow the document's value.
    package mutating func expectEnd() throws(JSONSyntaxError) {
        skipWhitespace()
        guard index == bytes.count else { throw invalid }
    }

    package mutating func expectLiteral(_ literal: StaticString) throws(JSONSyntaxError) {
        for offset in 0..<literal.utf8CodeUnitCount {
            guard peek == literal.utf8Start[offset] else { throw invalid }
            index += 1
        }
    }

    // MARK: - Numbers

    /// `-? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?`; the number's bytes.
    @discardableResult
    package mutating func skipNumber() throws(JSONSyntaxError) -> Range<Int> {
        let start = index
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
        return start..<index
    }

    /// The number at the cursor as a `Double`; a number too large for one (`1e400`) is refused.
    package mutating func readDouble() throws(JSONSyntaxError) -> Double {
        let start = index
        let range = try skipNumber()
        let text = String(decoding: UnsafeBufferPointer(rebasing: bytes[range]), as: UTF8.self)
        guard let value = Double(text), value.isFinite else { throw .invalid(byte: start + 1) }
        return value
    }

    private mutating func skipOneOrMoreDigits() throws(JSONSyntaxError) {
        guard let byte = peek, Self.isDigit(byte) else { throw invalid }
        skipDigits()
    }

    private mutating func skipDigits() {
        while let byte = peek, Self.isDigit(byte) { index += 1 }
    }

    private static func isDigit(_ byte: UInt8) -> Bool { byte >= 0x30 && byte <= 0x39 }

    // MARK: - Strings

    /// Reads the string at the cursor (on its opening quote) and leaves the cursor after its
    /// closing quote.
    package mutating func scanString() throws(JSONSyntaxError) -> JSONStringContent {
        index += 1
        let start = index
        // Fast path: no escapes, the content is the input's own bytes.
        while true {
            if bytes.count - index >= 8,
                JSONText.isPlainASCII(UnsafeRawPointer(bytes.baseAddress! + index).loadUnaligned(as: UInt64.self))
            {
                index += 8
                continue
            }
            guard index < bytes.count else { throw invalid }
            let byte = bytes[index]
            if byte == UInt8(ascii: "\"") {
                index += 1
                return .slice(start..<(index - 1))
            }
            if byte == UInt8(ascii: "\\") { break }
            if byte < 0x20 { throw invalid }
            if byte < 0x80 { index += 1 } else { try skipUTF8Scalar() }
        }
        scratch.removeAll(keepingCapacity: true)
        scratch.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[start..<index]))
        while true {
            guard index < bytes.count else { throw invalid }
            let byte = bytes[index]
            switch byte {
            case UInt8(ascii: "\""):
                index += 1
                return .decoded
            case UInt8(ascii: "\\"):
                try readEscape()
            case 0..<0x20:
                throw invalid
            case 0x20..<0x80:
                scratch.append(byte)
                index += 1
            default:
                let scalarStart = index
                try skipUTF8Scalar()
                scratch.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[scalarStart..<index]))
            }
        }
    }

    /// The string at the cursor (on its opening quote), decoded.
    package mutating func readString() throws(JSONSyntaxError) -> String {
        switch try scanString() {
        case .slice(let range): String(decoding: UnsafeBufferPointer(rebasing: bytes[range]), as: UTF8.self)
        case .decoded: String(decoding: scratch, as: UTF8.self)
        }
    }

    /// The decoded bytes of what `scanString` found, for a look without making a `String`.
    package func withContent<Result>(_ content: JSONStringContent, _ body: (UnsafeBufferPointer<UInt8>) -> Result) -> Result {
        switch content {
        case .slice(let range): body(UnsafeBufferPointer(rebasing: bytes[range]))
        case .decoded: scratch.withUnsafeBufferPointer(body)
        }
    }

    /// One escape at the cursor (on its backslash), decoded into `scratch`.
    private mutating func readEscape() throws(JSONSyntaxError) {
        let escapeStart = index
        index += 1
        guard let letter = peek else { throw invalid }
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
            index += 1
            return
        }
        guard letter == UInt8(ascii: "u") else { throw invalid }
        index += 1
        var value = try readHex4()
        if (0xdc00...0xdfff).contains(value) { throw .unpairedSurrogate(byte: escapeStart + 1) }
        if (0xd800...0xdbff).contains(value) {
            guard peek == UInt8(ascii: "\\"), index + 1 < bytes.count, bytes[index + 1] == UInt8(ascii: "u")
            else { throw .unpairedSurrogate(byte: escapeStart + 1) }
            index += 2
            let low = try readHex4()
            guard (0xdc00...0xdfff).contains(low) else { throw .unpairedSurrogate(byte: escapeStart + 1) }
            value = 0x10000 + ((value - 0xd800) << 10) + (low - 0xdc00)
        }
        appendUTF8(value)
    }

    /// Four hex digits of a `\u` escape.
    private mutating func readHex4() throws(JSONSyntaxError) -> UInt32 {
        var value: UInt32 = 0
        for _ in 0..<4 {
            guard let byte = peek, let digit = JSONHex.value(byte) else { throw invalid }
            value = value << 4 | UInt32(digit)
            index += 1
        }
        return value
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

    /// One multi-byte UTF-8 scalar at the cursor. A bad sequence is reported at its first byte.
    package mutating func skipUTF8Scalar() throws(JSONSyntaxError) {
        guard let length = JSONText.utf8ScalarLength(bytes, at: index) else { throw .invalidUTF8(byte: index + 1) }
        index += length
    }

    // MARK: - Skipping values

    /// Validates the value at the cursor and leaves the cursor after it. Iterative, with an
    /// explicit stack of open containers, at most `maxDepth` deep.
    package mutating func skipValue(maxDepth: Int) throws(JSONSyntaxError) {
        containers.removeAll(keepingCapacity: true)
        while true {
            // At the start of a value.
            skipWhitespace()
            guard let byte = peek else { throw invalid }
            switch byte {
            case UInt8(ascii: "{"), UInt8(ascii: "["):
                let isObject = byte == UInt8(ascii: "{")
                guard containers.count < maxDepth else { throw .nestedTooDeep(limit: maxDepth) }
                index += 1
                skipWhitespace()
                if peek == (isObject ? UInt8(ascii: "}") : UInt8(ascii: "]")) {
                    index += 1
                } else {
                    containers.append(isObject)
                    if isObject { try skipKeyAndColon() }
                    continue
                }
            case UInt8(ascii: "\""):
                _ = try scanString()
            case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
                try skipNumber()
            case UInt8(ascii: "t"):
                try expectLiteral("true")
            case UInt8(ascii: "f"):
                try expectLiteral("false")
            case UInt8(ascii: "n"):
                try expectLiteral("null")
            default:
                throw invalid
            }
            // A value ended: close the containers it ends, or go on to the next element.
            var nextElement = false
            while let isObject = containers.last {
                skipWhitespace()
                guard let byte = peek else { throw invalid }
                if byte == UInt8(ascii: ",") {
                    index += 1
                    if isObject { try skipKeyAndColon() }
                    nextElement = true
                    break
                }
                guard byte == (isObject ? UInt8(ascii: "}") : UInt8(ascii: "]")) else { throw invalid }
                index += 1
                containers.removeLast()
            }
            if !nextElement { return }
        }
    }

    private mutating func skipKeyAndColon() throws(JSONSyntaxError) {
        skipWhitespace()
        guard peek == UInt8(ascii: "\"") else { throw invalid }
        _ = try scanString()
        skipWhitespace()
        try expect(UInt8(ascii: ":"))
    }

    /// The byte range of each element of a top-level JSON array, each element validated but
    /// not decoded (so a batch can check every item's size and decode items one by one);
    /// each element nested at most `maxDepth` deep.
    package static func arrayElements(of bytes: UnsafeBufferPointer<UInt8>, maxDepth: Int) throws(JSONSyntaxError) -> [Range<Int>] {
        var scanner = JSONScanner(bytes: bytes)
        scanner.skipWhitespace()
        try scanner.expect(UInt8(ascii: "["))
        var ranges: [Range<Int>] = []
        scanner.skipWhitespace()
        if scanner.peek == UInt8(ascii: "]") {
            scanner.index += 1
            try scanner.expectEnd()
            return ranges
        }
        while true {
            scanner.skipWhitespace()
            let start = scanner.index
            try scanner.skipValue(maxDepth: maxDepth)
            ranges.append(start..<scanner.index)
            scanner.skipWhitespace()
            switch scanner.peek {
            case UInt8(ascii: ","): scanner.index += 1
            case UInt8(ascii: "]"):
                scanner.index += 1
                try scanner.expectEnd()
                return ranges
            default: throw scanner.invalid
            }
        }
    }
}

/// UTF-8 checks shared by the readers (the audit line scanner uses them too).
package enum JSONText {
    /// The length of the well-formed multi-byte UTF-8 scalar at `index` (Unicode Table 3-7:
    /// shortest form, no surrogates, at most U+10FFFF); nil when the bytes there are not one.
    package static func utf8ScalarLength(_ bytes: UnsafeBufferPointer<UInt8>, at index: Int) -> Int? {
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
        default: return nil
        }
        guard index + length <= bytes.count else { return nil }
        let second = bytes[index + 1]
        guard second >= low && second <= high else { return nil }
        for offset in 2..<max(2, length) where bytes[index + offset] & 0xc0 != 0x80 { return nil }
        return length
    }

    /// True when none of 8 bytes needs attention in a string: no `"`, no `\\`, no control
    /// character, no UTF-8 lead or continuation byte (exact SWAR tests, 8 bytes per step).
    /// Inlinable: the audit verifier calls it for every 8 bytes of a million lines.
    @inlinable @inline(__always)
    package static func isPlainASCII(_ word: UInt64) -> Bool {
        let ones: UInt64 = 0x0101_0101_0101_0101
        let highs: UInt64 = 0x8080_8080_8080_8080
        func hasZeroByte(_ value: UInt64) -> Bool { (value &- ones) & ~value & highs != 0 }
        let below0x20 = (word &- ones &* 0x20) & ~word & highs != 0
        return word & highs == 0 && !below0x20
            && !hasZeroByte(word ^ (ones &* 0x22)) && !hasZeroByte(word ^ (ones &* 0x5C))
    }
}
