import JSONCoding

/// A strict one-pass reader of canonical entry lines.
///
/// It accepts exactly the byte strings `AuditEntry.canonicalLine()` can produce (fixed key
/// order, minimal escapes, well-formed UTF-8, plain integers), so "parses" already means
/// "is canonical". With `capture == false` it allocates nothing: that is the verifier's hot path.
struct CanonicalEntryScanner {
    struct Result {
        var seq: UInt64
        var entry: AuditEntry?
    }

    private let base: UnsafePointer<UInt8>
    private let end: Int
    private var pos = 0
    private let capture: Bool

    private init(_ buffer: UnsafeRawBufferPointer, capture: Bool) {
        let bound = buffer.assumingMemoryBound(to: UInt8.self)
        base = bound.baseAddress ?? UnsafePointer(bitPattern: 1)!
        end = bound.count
        self.capture = capture
    }

    static func scan(_ line: UnsafeRawBufferPointer, capture: Bool) throws(AuditLogError) -> Result {
        var scanner = CanonicalEntryScanner(line, capture: capture)
        return try scanner.entryLine()
    }

    private mutating func entryLine() throws(AuditLogError) -> Result {
        try expect("{\"action\":")
        let action = try string(nonEmpty: true)
        try expect(",\"actor\":{\"id\":")
        let actorId = try string(nonEmpty: true)
        try expect(",\"role\":")
        let actorRole = try string(nonEmpty: true)
        try expect("},\"details\":{")
        var details: [String: AuditValue] = [:]
        if peek() == UInt8(ascii: "}") {
            pos += 1
        } else {
            var previousKey: Range<Int>? = nil
            while true {
                let key = try detailKey(after: previousKey)
                previousKey = key
                try expect(":")
                let value = try detailValue()
                if capture, let value {
                    details[String(decoding: UnsafeBufferPointer(rebasing: buffer[key]), as: UTF8.self)] = value
                }
                let next = try take()
                if next == UInt8(ascii: "}") { break }
                guard next == UInt8(ascii: ",") else { throw .nonCanonical("expected , or } in details") }
            }
        }
        try expect(",\"seq\":")
        let seq = try unsignedInteger()
        try expect(",")
        var subject: String? = nil
        if matches("\"subject\":") {
            subject = try string(nonEmpty: true)
            try expect(",")
        }
        try expect("\"time\":")
        let timeStart = pos + 1
        let time = try string(nonEmpty: true)
        guard AuditEntry.isValidTime(UnsafeBufferPointer(rebasing: buffer[timeStart..<(pos - 1)])) else {
            throw .nonCanonical("time is not YYYY-MM-DDTHH:MM:SS.mmmZ")
        }
        try expect("}")
        guard pos == end else { throw .nonCanonical("bytes after the closing brace") }
        guard capture else { return Result(seq: seq, entry: nil) }
        let entry = try AuditEntry(
            seq: seq, time: time ?? "", actorRole: actorRole ?? "", actorId: actorId ?? "",
            action: action ?? "", subject: subject, details: details)
        return Result(seq: seq, entry: entry)
    }

    private var buffer: UnsafeBufferPointer<UInt8> { UnsafeBufferPointer(start: base, count: end) }

    private func peek() -> UInt8? { pos < end ? base[pos] : nil }

    private mutating func take() throws(AuditLogError) -> UInt8 {
        guard pos < end else { throw .nonCanonical("line ends early") }
        defer { pos += 1 }
        return base[pos]
    }

    private mutating func matches(_ literal: StaticString) -> Bool {
        let count = literal.utf8CodeUnitCount
        guard end - pos >= count else { return false }
        let start = literal.utf8Start
        for offset in 0..<count where base[pos + offset] != start[offset] { return false }
        pos += count
        return true
    }

    private mutating func expect(_ literal: StaticString) throws(AuditLogError) {
        guard matches(literal) else {
            throw .nonCanonical("expected \(literal) at byte \(pos + 1)")
        }
    }

    /// Keys are restricted to `[A-Za-z0-9._-]`, so their raw bytes are their decoded bytes
    /// and bytewise order can be checked on the line itself.
    private mutating func detailKey(after previous: Range<Int>?) throws(AuditLogError) -> Range<Int> {
        try expect("\"")
        let start = pos
        while pos < end, base[pos] != UInt8(ascii: "\"") { pos += 1 }
        let key = start..<pos
        try expect("\"")
        guard AuditEntry.isValidDetailKey(UnsafeBufferPointer(rebasing: buffer[key])) else {
            throw .nonCanonical("details key must match [A-Za-z0-9._-]{1,64}")
        }
        if let previous {
            let ordered = UnsafeBufferPointer(rebasing: buffer[previous])
                .lexicographicallyPrecedes(UnsafeBufferPointer(rebasing: buffer[key]))
            guard ordered else { throw .nonCanonical("details keys are not in strictly increasing byte order") }
        }
        return key
    }

    private mutating func detailValue() throws(AuditLogError) -> AuditValue? {
        switch peek() ?? 0 {
        case UInt8(ascii: "\""):
            return try string(nonEmpty: false).map(AuditValue.text)
        case UInt8(ascii: "["):
            pos += 1
            var items: [String] = []
            if peek() == UInt8(ascii: "]") {
                pos += 1
            } else {
                while true {
                    if let item = try string(nonEmpty: false) { items.append(item) }
                    let next = try take()
                    if next == UInt8(ascii: "]") { break }
                    guard next == UInt8(ascii: ",") else { throw .nonCanonical("expected , or ] in a list") }
                }
            }
            return capture ? .list(items) : nil
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            return .count(try signedInteger())
        default:
            throw .nonCanonical("a details value must be a string, an integer or a list of strings")
        }
    }

    private mutating func magnitude() throws(AuditLogError) -> UInt64 {
        let first = try take()
        guard first >= UInt8(ascii: "0"), first <= UInt8(ascii: "9") else { throw .nonCanonical("expected a digit") }
        var value = UInt64(first - UInt8(ascii: "0"))
        if value == 0 {
            if let next = peek(), next >= UInt8(ascii: "0"), next <= UInt8(ascii: "9") {
                throw .nonCanonical("integer with a leading zero")
            }
            return 0
        }
        while let next = peek(), next >= UInt8(ascii: "0"), next <= UInt8(ascii: "9") {
            let (times10, overflow1) = value.multipliedReportingOverflow(by: 10)
            let (sum, overflow2) = times10.addingReportingOverflow(UInt64(next - UInt8(ascii: "0")))
            guard !overflow1, !overflow2 else { throw .nonCanonical("integer out of range") }
            value = sum
            pos += 1
        }
        return value
    }

    private mutating func unsignedInteger() throws(AuditLogError) -> UInt64 {
        try magnitude()
    }

    private mutating func signedInteger() throws(AuditLogError) -> Int {
        let negative = matches("-")
        let value = try magnitude()
        if negative {
            guard value != 0 else { throw .nonCanonical("negative zero") }
            guard value <= UInt64(Int64.max) + 1 else { throw .nonCanonical("integer out of range") }
            return value == UInt64(Int64.max) + 1 ? Int(Int64.min) : -Int(value)
        }
        guard value <= UInt64(Int64.max) else { throw .nonCanonical("integer out of range") }
        return Int(value)
    }

    /// Reads a canonical string; returns its decoded value only when capturing.
    private mutating func string(nonEmpty: Bool) throws(AuditLogError) -> String? {
        try expect("\"")
        let start = pos
        var decoded: [UInt8] = []
        var copiedUpTo = start  // bytes [copiedUpTo, pos) are literal and not yet copied
        while true {
            if end - pos >= 8, JSONText.isPlainASCII(UnsafeRawPointer(base + pos).loadUnaligned(as: UInt64.self)) {
                pos += 8
                continue
            }
            guard pos < end else { throw .nonCanonical("unterminated string") }
            let byte = base[pos]
            if byte == UInt8(ascii: "\"") { break }
            if byte == UInt8(ascii: "\\") {
                if capture { decoded.append(contentsOf: UnsafeBufferPointer(rebasing: buffer[copiedUpTo..<pos])) }
                pos += 1
                let escaped = try take()
                let value: UInt8
                switch escaped {
                case UInt8(ascii: "\""): value = escaped
                case UInt8(ascii: "\\"): value = escaped
                case UInt8(ascii: "b"): value = 0x08
                case UInt8(ascii: "t"): value = 0x09
                case UInt8(ascii: "n"): value = 0x0A
                case UInt8(ascii: "f"): value = 0x0C
                case UInt8(ascii: "r"): value = 0x0D
                case UInt8(ascii: "u"):
                    try expect("00")
                    let high = try lowerHexDigit()
                    let low = try lowerHexDigit()
                    value = high << 4 | low
                    switch value {
                    case 0x08, 0x09, 0x0A, 0x0C, 0x0D:
                        throw .nonCanonical("\\u escape used where a short escape exists")
                    case 0x00..<0x20:
                        break
                    default:
                        throw .nonCanonical("\\u escape of a character that needs none")
                    }
                default:
                    throw .nonCanonical("escape that canonical form never uses")
                }
                if capture { decoded.append(value) }
                copiedUpTo = pos
            } else if byte < 0x20 {
                throw .nonCanonical("unescaped control character")
            } else if byte < 0x80 {
                pos += 1
            } else {
                try utf8Sequence()
            }
        }
        let isEmpty = pos == start
        if capture { decoded.append(contentsOf: UnsafeBufferPointer(rebasing: buffer[copiedUpTo..<pos])) }
        pos += 1
        if nonEmpty && isEmpty { throw .nonCanonical("empty string where a value is required") }
        return capture ? String(decoding: decoded, as: UTF8.self) : nil
    }

    private mutating func lowerHexDigit() throws(AuditLogError) -> UInt8 {
        let byte = try take()
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return byte - UInt8(ascii: "a") + 10
        default: throw .nonCanonical("\\u escape must use lowercase hex digits")
        }
    }

    /// Well-formed UTF-8 (the shared check: no overlongs, no surrogates, ≤ U+10FFFF).
    private mutating func utf8Sequence() throws(AuditLogError) {
        guard let length = JSONText.utf8ScalarLength(buffer, at: pos) else { throw .nonCanonical("invalid UTF-8") }
        pos += length
    }
}
