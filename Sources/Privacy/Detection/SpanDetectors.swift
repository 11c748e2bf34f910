import Foundation

/// Detectors whose matches can span whitespace: PEM blocks, stack frames, connection-string
/// chains, `key = value` secrets, and digit groups (cards, IBANs, phone numbers).
enum SpanDetectors {
    // MARK: PEM blocks

    static func pemBlocks(_ bytes: UnsafeBufferPointer<UInt8>, into spans: inout [DetectedSpan], budget: inout ScanBudget) {
        var index = 0
        while let start = find(bytes, "-----begin ", from: index, budget: &budget) {
            var headerEnd = start + 11
            while headerEnd < bytes.count, bytes[headerEnd] != 0x0a, !Bytes.matches(bytes, at: headerEnd, lowercase: "-----") { headerEnd += 1 }
            budget.charge(headerEnd - start)
            let isPrivate = find(bytes, "private key", from: start, before: headerEnd, budget: &budget) != nil
            var end = bytes.count
            if let close = find(bytes, "-----end ", from: headerEnd, budget: &budget) {
                end = close + 9
                while end < bytes.count, bytes[end] != 0x0a, !Bytes.matches(bytes, at: end, lowercase: "-----") { end += 1 }
                budget.charge(end - close)
                end = min(bytes.count, end + 5)
            }
            spans.append(DetectedSpan(start..<end, isPrivate ? .privateKey : .secret))
            index = end
        }
    }

    // MARK: Stack frames

    static let sourceExtensions: Set<String> = [
        "java", "kt", "scala", "groovy", "py", "go", "cs", "vb", "fs", "js", "mjs", "cjs", "ts", "tsx", "jsx", "swift", "rb",
        "php", "c", "cc", "cpp", "h", "hpp", "m", "mm", "rs", "pl", "sh", "ps1",
    ]

    /// `sourceExtensions` by byte range (the extension is ASCII letters and digits: no String needed).
    static let sourceExtensionBytes = ByteWordSet(sourceExtensions)

    /// Java, .NET, Node (`at …`), Python (`File "…", line N, in f`), Go (`pkg.F(…)` lines),
    /// Swift (`0  Module  0x… symbol + N`, `file X.swift, line N`).
    static func stackFrames(_ bytes: UnsafeBufferPointer<UInt8>, into spans: inout [DetectedSpan], budget: inout ScanBudget) {
        var lineStart = 0
        while lineStart < bytes.count {
            let lineEnd = lineEnd(bytes, from: lineStart)
            budget.charge(lineEnd - lineStart + 1)
            frames(in: bytes, lineStart..<lineEnd, into: &spans, budget: &budget)
            lineStart = lineEnd + 1
        }
    }

    /// The first line feed at or after `from` (`from` < `bytes.count`), or `bytes.count`.
    @inline(__always) static func lineEnd(_ bytes: UnsafeBufferPointer<UInt8>, from: Int) -> Int {
        firstIndex(of: 0x0a, in: bytes, from: from)
    }

    /// The first `byte` at or after `from` (`from` < `bytes.count`), or `bytes.count`: memchr reads
    /// a line of a log in a few vector steps.
    @inline(__always) static func firstIndex(of byte: UInt8, in bytes: UnsafeBufferPointer<UInt8>, from: Int) -> Int {
        let base = bytes.baseAddress! + from
        guard let hit = memchr(base, Int32(byte), bytes.count - from) else { return bytes.count }
        return from + base.distance(to: hit.assumingMemoryBound(to: UInt8.self))
    }

    /// The next ')' on a line at or after a position, remembered: "at" frames on one line look
    /// for it from positions that only move forward, so the line is read once, not once per frame.
    private struct CloseParen {
        var from = Int.max
        var found: Int?
        /// The last answer of `hasLineNumberSuffix` before a ')', by that ')'. Frames that share
        /// the ')' share the answer: the backward read stops at the first '(' it meets (neither
        /// digit, ':' nor alphanumeric), and each frame's range starts after its own '('.
        var suffixEnd = -1
        var suffix = false

        mutating func lineNumberSuffix(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>, budget: inout ScanBudget) -> Bool {
            if range.upperBound != suffixEnd {
                suffix = SpanDetectors.hasLineNumberSuffix(bytes, range, budget: &budget)
                suffixEnd = range.upperBound
            }
            return suffix
        }

        mutating func next(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int, limit: Int, budget: inout ScanBudget) -> Int? {
            if start >= from, found.map({ $0 >= start }) ?? true { return found }
            var index = start
            while index < limit, bytes[index] != 0x29 { index += 1 }
            budget.charge(index - start + 1)
            from = start
            found = index < limit ? index : nil
            return found
        }
    }

    /// Inlined into `stackFrames`' loop (its one caller): a text of one line pays one call, not two.
    @inline(__always)
    private static func frames(in bytes: UnsafeBufferPointer<UInt8>, _ line: Range<Int>, into spans: inout [DetectedSpan], budget: inout ScanBudget) {
        var closeParen = CloseParen()
        var first = line.lowerBound
        while first < line.upperBound, Bytes.isSpace(bytes[first]) { first += 1 }
        guard first < line.upperBound else { return }
        // The crash-frame and Go checks read the line at most a few times.
        budget.charge(4 * (line.upperBound - first))
        // Swift crash frames: "12  MyApp  0x0000000104b2c3d4 symbol + 60".
        if Bytes.isDigit(bytes[first]) {
            var i = first
            while i < line.upperBound, Bytes.isDigit(bytes[i]) { i += 1 }
            let afterNumber = i
            while i < line.upperBound, bytes[i] == 0x20 { i += 1 }
            if i > afterNumber, i < line.upperBound, let module = tokenEnd(bytes, from: i, limit: line.upperBound) {
                var j = module
                while j < line.upperBound, bytes[j] == 0x20 { j += 1 }
                if Bytes.matches(bytes, at: j, lowercase: "0x") {
                    spans.append(DetectedSpan(first..<line.upperBound, .stackFrame))
                    return
                }
            }
        }
        var index = first
        // The last index from which a word (and the word after its first byte) can be read, in the
        // line or past its end: lanes past the end are read but their pairs left out (the next line's
        // first bytes, at most eight), so a line's last bytes take one word, not a branch each.
        let lastWordStart = min(bytes.count - 9, line.upperBound - 1)
        while index < line.upperBound {
            // A word at a time up to the next "at" or "fi" (any case): no other byte starts a frame.
            while index <= lastWordStart {
                let fold = ByteWords.ones &* 0x20
                let here = ByteWords.load(bytes, index) | fold, next = ByteWords.load(bytes, index &+ 1) | fold
                // A byte of `(here ^ a) | (next ^ t)` is zero exactly where both are: one zero test a pair.
                let mask =
                    ByteWords.zeros((here ^ (ByteWords.ones &* 0x61)) | (next ^ (ByteWords.ones &* 0x74)))
                    | ByteWords.zeros((here ^ (ByteWords.ones &* 0x66)) | (next ^ (ByteWords.ones &* 0x69)))
                if mask != 0 {
                    // A pair starting past the line is none of it: the line is done.
                    index = min(index &+ ByteWords.first(mask), line.upperBound)
                    break
                }
                index &+= 8
            }
            guard index < line.upperBound else { break }
            let lead = bytes[index] | 0x20
            guard lead == 0x61 || lead == 0x66 else { index += 1; continue }  // 'a'(t) or 'f'(ile)
            // Every frame below starts "at" or "fi": a lead without its second letter starts none.
            guard index + 1 < bytes.count, (bytes[index + 1] | 0x20) == (lead == 0x61 ? 0x74 : 0x69) else { index += 1; continue }
            // "at <frame>" (Java, .NET, Node), at line start or inline. An `a` lead starts no other
            // frame, and none without a space third (most "at" pairs are inside words: read first).
            if lead == 0x61 {
                if index + 2 < bytes.count, bytes[index + 2] == 0x20, Bytes.matches(bytes, at: index, lowercase: "at "),
                    index == line.lowerBound || !Bytes.isAlnum(bytes[index - 1]),
                    let end = atFrameEnd(bytes, after: index + 3, limit: line.upperBound, closeParen: &closeParen, budget: &budget)
                {
                    spans.append(DetectedSpan(index..<end, .stackFrame))
                    index = end
                    continue
                }
                index += 1
                continue
            }
            // Both file frames below start "file ": an `f` lead without an `l` third or a space
            // fifth starts neither.
            guard index + 4 < bytes.count, bytes[index + 4] == 0x20, bytes[index + 2] | 0x20 == 0x6c else {
                index += 1
                continue
            }
            // Python: File "…", line N (the ", in name" after it is code, judged by the word rules)
            if Bytes.matches(bytes, at: index, lowercase: "file \""),
                let close = firstIndex(of: 0x22, in: bytes, from: index + 6, limit: line.upperBound)
            {
                budget.charge(close - index)
                var end = close + 1
                if Bytes.matches(bytes, at: end, lowercase: ", line ") {
                    end += 7
                    while end < line.upperBound, Bytes.isDigit(bytes[end]) { end += 1 }
                    // ", in cdc_apply": the function's name is code; the word rules judge it.
                }
                spans.append(DetectedSpan(index..<end, .stackFrame))
                index = end
                continue
            }
            // Swift runtime: "file MyApp/View.swift, line 42"
            if Bytes.matches(bytes, at: index, lowercase: "file "),
                index == line.lowerBound || Bytes.isSpace(bytes[index - 1]) || bytes[index - 1] == 0x3a,
                let tokenEnd = tokenEnd(bytes, from: index + 5, limit: line.upperBound), Bytes.matches(bytes, at: tokenEnd - 1, lowercase: ","),
                Bytes.matches(bytes, at: tokenEnd, lowercase: " line ")
            {
                budget.charge(tokenEnd - index)
                var end = tokenEnd + 6
                while end < line.upperBound, Bytes.isDigit(bytes[end]) { end += 1 }
                spans.append(DetectedSpan(index..<end, .stackFrame))
                index = end
                continue
            }
            index += 1
        }
        // Go: a line that is a call "pkg.Func(args)" or "pkg.(*T).M(...)" with nothing after.
        // Its last byte is ')' (read first: most lines end otherwise, and their first token is not read).
        let lineEnd = trimmedEnd(bytes, line)
        if lineEnd > first, bytes[lineEnd - 1] == 0x29, let end = tokenEnd(bytes, from: first, limit: line.upperBound), end == lineEnd,
            let paren = firstIndex(of: 0x28, in: bytes, from: first, limit: end), paren > first,
            firstIndex(of: 0x2e, in: bytes, from: first, limit: paren) != nil
        {
            spans.append(DetectedSpan(first..<end, .stackFrame))
        }
    }

    /// The end of a frame after "at ": `a.b.C.m(File.java:12)`, `N.C.M() in C:\p\f.cs:line 42`,
    /// `fn (/app/x.js:10:5)`, `/app/x.js:10:5`, `Object.<anonymous> (…)`.
    private static func atFrameEnd(
        _ bytes: UnsafeBufferPointer<UInt8>, after start: Int, limit: Int, closeParen: inout CloseParen, budget: inout ScanBudget
    ) -> Int? {
        guard start < limit, let first = tokenEnd(bytes, from: start, limit: limit) else { return nil }
        budget.charge(3 * (first - start))
        let token = start..<first
        let hasParen = firstIndex(of: 0x28, in: bytes, from: token.lowerBound, limit: token.upperBound) != nil
        let hasDot = firstIndex(of: 0x2e, in: bytes, from: token.lowerBound, limit: token.upperBound) != nil
        var end: Int?
        if hasParen && hasDot {
            end = first
        } else if bytes[start] == 0x2f || hasLineNumberSuffix(bytes, token, budget: &budget) {
            end = first
        }
        // Node: "fn (path:line:col)" or "Object.<anonymous> (path)"
        var next = first
        while next < limit, bytes[next] == 0x20 { next += 1 }
        budget.charge(next - first)
        if next < limit, bytes[next] == 0x28, let close = closeParen.next(bytes, from: next, limit: limit, budget: &budget) {
            if closeParen.lineNumberSuffix(bytes, (next + 1)..<close, budget: &budget) || hasDot {
                end = close + 1
            }
        }
        guard var frameEnd = end else { return nil }
        // .NET: "… in C:\path\File.cs:line 42"
        var after = frameEnd
        while after < limit, bytes[after] == 0x20 { after += 1 }
        budget.charge(after - frameEnd)
        if Bytes.matches(bytes, at: after, lowercase: "in "), let pathEnd = tokenEnd(bytes, from: after + 3, limit: limit) {
            budget.charge(pathEnd - after)
            frameEnd = pathEnd
            if Bytes.matches(bytes, at: frameEnd, lowercase: " line ") || Bytes.matches(bytes, at: frameEnd, lowercase: ":line ") {
                frameEnd += 6
                while frameEnd < limit, Bytes.isDigit(bytes[frameEnd]) { frameEnd += 1 }
            }
        }
        return frameEnd
    }

    /// "name.ext:12" or "name.ext:12:5" with a source extension.
    private static func hasLineNumberSuffix(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>, budget: inout ScanBudget) -> Bool {
        // Reads backwards from the end: digits, ':', digits, ':', an extension; at most the range.
        budget.charge(range.count)
        var index = range.upperBound
        var sawDigits = false
        while index > range.lowerBound {
            let b = bytes[index - 1]
            if Bytes.isDigit(b) {
                sawDigits = true
            } else if b == 0x3a, sawDigits {
                sawDigits = false
                let beforeColon = index - 1
                var dot = beforeColon
                while dot > range.lowerBound, Bytes.isAlnum(bytes[dot - 1]) { dot -= 1 }
                if dot > range.lowerBound, bytes[dot - 1] == 0x2e,
                    sourceExtensionBytes.contains(bytes, dot..<beforeColon)
                {
                    return true
                }
            } else {
                return false
            }
            index -= 1
        }
        return false
    }

    // MARK: Connection strings (ADO.NET, Azure storage, ODBC)

    static let connectionKeys: Set<String> = [
        "server", "data source", "source", "host", "hostname", "user id", "id", "uid", "user", "username", "password", "pwd",
        "initial catalog", "catalog", "database", "db", "accountname", "accountkey", "defaultendpointsprotocol", "endpointsuffix",
        "sharedaccesskey", "sharedaccesskeyname", "endpoint", "address", "addr", "network address", "trusted_connection",
        "integrated security", "security", "port", "dsn", "driver", "sslmode", "encrypt", "persist security info", "info",
        "multipleactiveresultsets", "connection timeout", "timeout", "trustservercertificate", "blobendpoint", "queueendpoint",
        "tableendpoint", "fileendpoint", "sharedaccesssignature", "applicationintent", "failover partner", "partner",
    ]

    /// `connectionKeys` looked up in place, in any ASCII case (no `String` per pair).
    private static let connectionKeySet = ByteWordSet(connectionKeys)

    /// The last word of `range` (its bytes after the last space, trailing spaces left out), as
    /// `split(separator: " ").last` reads it; `range` holds at least one byte that is no space.
    private static func lastWord(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> Range<Int> {
        var end = range.upperBound
        while end > range.lowerBound, bytes[end - 1] == 0x20 { end -= 1 }
        var start = end
        while start > range.lowerBound, bytes[start - 1] != 0x20 { start -= 1 }
        return start..<end
    }

    /// `key=value;key=value;…` runs of two or more pairs with at least one known key.
    static func connectionStrings(_ bytes: UnsafeBufferPointer<UInt8>, into spans: inout [DetectedSpan], budget: inout ScanBudget) {
        budget.charge(bytes.count)
        var index = 0
        while index < bytes.count {
            index = firstIndex(of: 0x3b, in: bytes, from: index)  // ';'
            guard index < bytes.count else { break }
            // A ';' between two pairs anchors a chain: walk back to the first pair, forward to the last.
            guard let before = pairBefore(bytes, semicolon: index, budget: &budget), let after = pairAfter(bytes, from: index + 1, budget: &budget)
            else {
                index += 1
                continue
            }
            var start = before.start
            var known = before.known || after.known
            var back = before.start
            while back > 0, bytes[back - 1] == 0x3b, let previous = pairBefore(bytes, semicolon: back - 1, budget: &budget) {
                start = previous.start
                known = known || previous.known
                back = previous.start
            }
            var end = after.end
            while end < bytes.count, bytes[end] == 0x3b, let next = pairAfter(bytes, from: end + 1, budget: &budget) {
                known = known || next.known
                end = next.end
            }
            if end < bytes.count, bytes[end] == 0x3b { end += 1 }
            if known { spans.append(DetectedSpan(start..<end, .connectionString)) }
            index = max(end, index + 1)
        }
    }

    private struct Pair {
        var start: Int
        var end: Int
        var known: Bool
    }

    /// The pair that ends at the ';' at `semicolon`: `key=value` where the key is the last word
    /// (or a known multi-word key) before '='.
    private static func pairBefore(_ bytes: UnsafeBufferPointer<UInt8>, semicolon: Int, budget: inout ScanBudget) -> Pair? {
        let equals = SpanDetectorTriggers.previousPairMark(bytes, before: semicolon)
        budget.charge(semicolon - equals + 40)
        guard equals > 0, bytes[equals] == 0x3d else { return nil }
        var keyStart = equals
        while keyStart > 0, SpanDetectorMasks.isConnectionKeyByte(bytes[keyStart - 1]), equals - keyStart < 40 {
            keyStart -= 1
        }
        while keyStart < equals, bytes[keyStart] == 0x20 { keyStart += 1 }
        guard keyStart < equals else { return nil }
        // The key's bytes are letters, digits, '_' and spaces (the loop above), and start with no space.
        let key = keyStart..<equals
        let last = lastWord(bytes, key)
        let known = connectionKeySet.contains(bytes, key) || connectionKeySet.contains(bytes, last)
        if !known, key.contains(where: { bytes[$0] == 0x20 }) {
            // Not a key we know: keep only its last word, so prose before it stays out of the span.
            return Pair(start: equals - last.count, end: semicolon, known: false)
        }
        return Pair(start: keyStart, end: semicolon, known: known)
    }

    private static func pairAfter(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int, budget: inout ScanBudget) -> Pair? {
        var keyStart = start
        while keyStart < bytes.count, bytes[keyStart] == 0x20 { keyStart += 1 }
        var equals = keyStart
        while equals < bytes.count, SpanDetectorMasks.isConnectionKeyByte(bytes[equals]), equals - keyStart < 40 {
            equals += 1
        }
        budget.charge(equals - start + 1)
        guard equals < bytes.count, equals > keyStart, bytes[equals] == 0x3d else { return nil }
        var end = equals + 1
        // Whether a ';' follows on this line is read once: until the value ends at that ';', the
        // answer stays the same for every later space.
        var chainGoesOn = false
        while end < bytes.count, bytes[end] != 0x3b, bytes[end] != 0x0a {
            if bytes[end] == 0x20, !chainGoesOn {
                if isChainEnd(bytes, end, budget: &budget) { break }
                chainGoesOn = true
            }
            end += 1
        }
        budget.charge(end - equals)
        // The key without its trailing spaces (it starts with none).
        var keyEnd = equals
        while keyEnd > keyStart, bytes[keyEnd - 1] == 0x20 { keyEnd -= 1 }
        return Pair(start: keyStart, end: end, known: connectionKeySet.contains(bytes, keyStart..<keyEnd))
    }

    /// A space ends the last value of a chain unless more `key=` follows on the line before a ';'.
    private static func isChainEnd(_ bytes: UnsafeBufferPointer<UInt8>, _ space: Int, budget: inout ScanBudget) -> Bool {
        var index = space
        defer { budget.charge(index - space + 1) }
        while index < bytes.count, bytes[index] != 0x0a {
            if bytes[index] == 0x3b { return false }
            index += 1
        }
        return true
    }

    // MARK: key = value secrets

    /// `bearer`, `basic`, `token` or `digest`, in any case. ASCII is compared in place; a value
    /// with a byte ≥ 0x80 is lowercased as a `String`, as before (`"to\u{212A}en"`, with a Kelvin
    /// sign, lowercases to `token`). Past 24 bytes none can match: a scalar lowercases to at
    /// least one scalar and has at most 4 bytes, and the words have at most 6 letters.
    static func isCredentialScheme(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> Bool {
        guard range.count <= 24 else { return false }
        if range.contains(where: { bytes[$0] >= 0x80 }) {
            let lowered = Bytes.string(bytes, range).lowercased()
            return credentialSchemes.contains { lowered == $0.description }
        }
        return credentialSchemes.contains { Bytes.equals(bytes, range, lowercase: $0) }
    }

    /// The authorization schemes whose next word is the credential (`Authorization: Bearer x`).
    static let credentialSchemes: [StaticString] = ["bearer", "basic", "token", "digest"]

    static let secretKeys: [String] = [
        "password", "passwd", "pwd", "pass", "passphrase", "secret", "token", "apikey", "api_key", "api-key", "accesskey",
        "access_key", "privatekey", "private_key", "credential", "credentials", "authorization", "auth", "bearer", "session",
        "sessionid", "session_id", "cookie", "signature", "sig", "sas", "accountkey", "account_key", "sharedaccesskey",
        "connectionstring", "connection_string", "conn_str", "dsn", "otp", "pin", "ssn", "clientsecret", "client_secret",
    ]

    /// `<key> = value`, `<key>: value`, `"<key>": "value"`, `Authorization: Bearer x`: the value is the span.
    static func secretAssignments(_ bytes: UnsafeBufferPointer<UInt8>, into spans: inout [DetectedSpan], budget: inout ScanBudget) {
        secretAssignments(bytes, present: ByteClasses.assign | ByteClasses.quote, into: &spans, budget: &budget)
    }

    /// The same; `present` (`ByteClasses`) says whether the text has a separator and a quote:
    /// without one, its loop finds nothing and only the read is charged.
    static func secretAssignments(_ bytes: UnsafeBufferPointer<UInt8>, present: UInt8, into spans: inout [DetectedSpan], budget: inout ScanBudget) {
        budget.charge(bytes.count)
        guard present & ByteClasses.assign != 0 else {
            if present & ByteClasses.quote != 0 { quotedValues(bytes, into: &spans, budget: &budget) } else { budget.charge(bytes.count) }
            return
        }
        // The key sets, read once: each `static let` read in the loop is a `swift_once` call.
        let identities = identityKeys, secrets = secretKeySet
        var index = 0
        while index < bytes.count {
            index = SpanDetectorTriggers.next(bytes, from: index, 0x3d, 0x3a, 0x3a)
            guard index < bytes.count else { break }
            let b = bytes[index]
            guard b == 0x3d || b == 0x3a else { index += 1; continue }  // '=' or ':'
            // The key: identifier chars (and quotes) right before the separator.
            var keyEnd = index
            while keyEnd > 0, SpanDetectorMasks.isKeyGap(bytes[keyEnd - 1]) { keyEnd -= 1 }
            var keyStart = keyEnd
            while keyStart > 0, SpanDetectorMasks.isKeyByte(bytes[keyStart - 1]) { keyStart -= 1 }
            // The walks stop at the previous '=' or ':', so each byte is read back at most once;
            // the key checks read the key a few times.
            budget.charge(index - keyStart + 3 * (keyEnd - keyStart))
            guard keyEnd > keyStart else { index += 1; continue }
            // "://" is a URL, "::" is IPv6 or C++; neither is an assignment. Read before the key
            // checks: no quote follows, so none of them charges, and either way the walk moves on.
            if b == 0x3a, index + 1 < bytes.count, bytes[index + 1] == 0x2f || bytes[index + 1] == 0x3a { index += 1; continue }
            let identity = identities.contains(bytes, keyStart..<keyEnd)
            // `clientId = "…"`, `tenant_id: '…'`: a quoted id value; `<add key="ApiKey" value="…"/>`.
            let quotedNext = valueIsQuoted(bytes, after: index)
            let idValue = quotedNext && isIdKey(bytes, keyStart..<keyEnd)
            let xmlSecret = quotedNext && !idValue && xmlValueOfSecret(bytes, key: keyStart..<keyEnd, budget: &budget)
            guard identity || idValue || xmlSecret || isSecretKey(bytes, keyStart..<keyEnd, secrets: secrets) else { index += 1; continue }
            var valueStart = index + 1
            if valueStart < bytes.count, bytes[valueStart] == 0x3e { valueStart += 1 }  // "=>"
            while valueStart < bytes.count, bytes[valueStart] == 0x20 || bytes[valueStart] == 0x09 { valueStart += 1 }
            guard valueStart < bytes.count else { index += 1; continue }
            var valueEnd: Int
            if bytes[valueStart] == 0x22 || bytes[valueStart] == 0x27 {
                let quote = bytes[valueStart]
                valueEnd = valueStart + 1
                while valueEnd < bytes.count, bytes[valueEnd] != quote, bytes[valueEnd] != 0x0a { valueEnd += 1 }
                if valueEnd < bytes.count, bytes[valueEnd] == quote { valueEnd += 1 }
            } else {
                valueEnd = valueStart
                while valueEnd < bytes.count, !Bytes.isSpace(bytes[valueEnd]), bytes[valueEnd] != 0x3b, bytes[valueEnd] != 0x2c,
                    bytes[valueEnd] != 0x22, bytes[valueEnd] != 0x27
                {
                    // '&' ends the value only before another `key=` (a query string); inside a
                    // password it is one more character.
                    if bytes[valueEnd] == 0x26, isQueryPair(bytes, from: valueEnd + 1) { break }
                    valueEnd += 1
                }
                // "Bearer <token>" / "Basic <b64>": the scheme word and its credential.
                if isCredentialScheme(bytes, valueStart..<valueEnd), valueEnd < bytes.count, bytes[valueEnd] == 0x20 {
                    var next = valueEnd + 1
                    while next < bytes.count, !Bytes.isSpace(bytes[next]), bytes[next] != 0x22, bytes[next] != 0x27 { next += 1 }
                    valueEnd = next
                }
            }
            budget.charge(valueEnd - index)
            var placeholderEnd = valueEnd
            while placeholderEnd > valueStart,
                bytes[placeholderEnd - 1] == 0x7d || bytes[placeholderEnd - 1] == 0x29
                    || bytes[placeholderEnd - 1] == 0x5d && placeholderEnd - 1 > valueStart && bytes[placeholderEnd - 2] == 0x5d
            {
                placeholderEnd -= 1
            }
            if valueEnd > valueStart, !isPlaceholder(bytes, valueStart..<valueEnd), !isPlaceholder(bytes, valueStart..<placeholderEnd) {
                spans.append(DetectedSpan(valueStart..<valueEnd, identity ? .personName : idValue ? .identifierCode : .secret))
            }
            index = max(valueEnd, index + 1)
        }
        if present & ByteClasses.quote != 0 { quotedValues(bytes, into: &spans, budget: &budget) } else { budget.charge(bytes.count) }
    }

    /// `key=` at `start` (letters, digits, `_`, `-`, `.`, then `=`; at most 64 bytes).
    static func isQueryPair(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int) -> Bool {
        var index = start
        while index < bytes.count, index - start < 64, SpanDetectorMasks.isKeyByte(bytes[index]) { index += 1 }
        return index > start && index < bytes.count && bytes[index] == 0x3d
    }

    /// Whether a quoted value follows the separator at `separator` (spaces allowed).
    @inline(__always)
    static func valueIsQuoted(_ bytes: UnsafeBufferPointer<UInt8>, after separator: Int) -> Bool {
        var index = separator + 1
        while index < bytes.count, SpanDetectorMasks.isValueGap(bytes[index]), index - separator < 8 { index += 1 }
        return index < bytes.count && (bytes[index] == 0x22 || bytes[index] == 0x27)
    }

    /// `clientId`, `tenant_id`, `subscription-id`, `accountID`: an identifier's key (a word
    /// of three or more letters then `Id`, `_id`, `-id` or `ID`).
    @inline(__always)
    static func isIdKey(_ bytes: UnsafeBufferPointer<UInt8>, _ key: Range<Int>) -> Bool {
        guard key.count >= 5 else { return false }
        let last = bytes[key.upperBound - 1], beforeLast = bytes[key.upperBound - 2], third = bytes[key.upperBound - 3]
        guard (beforeLast | 0x20) == 0x69, (last | 0x20) == 0x64 else { return false }  // "id"
        if third == 0x5f || third == 0x2d { return true }
        return beforeLast == 0x49 && Bytes.isLower(third) || (beforeLast == 0x49 && last == 0x44 && Bytes.isLetter(third))
    }

    /// `value` in `<add key="ApiKey" value="…"/>` or `<param name="password" value="…">`: the
    /// element's `key` or `name` attribute names a secret or an identity.
    static func xmlValueOfSecret(_ bytes: UnsafeBufferPointer<UInt8>, key: Range<Int>, budget: inout ScanBudget) -> Bool {
        guard Bytes.equals(bytes, key, lowercase: "value") else { return false }
        // Back to the element's '<' (at most 256 bytes), looking for key="…" or name="…".
        var index = key.lowerBound
        let limit = max(0, key.lowerBound - 256)
        while index > limit, bytes[index - 1] != 0x3c, bytes[index - 1] != 0x3e, bytes[index - 1] != 0x0a { index -= 1 }
        budget.charge(2 * (key.lowerBound - index))
        var position = index
        while position < key.lowerBound {
            var nameEnd = position
            if Bytes.matches(bytes, at: position, lowercase: "key=\"") {
                nameEnd = position + 5
            } else if Bytes.matches(bytes, at: position, lowercase: "name=\"") {
                nameEnd = position + 6
            }
            if nameEnd > position, position == index || !Bytes.isAlnum(bytes[position - 1]) {
                var close = nameEnd
                while close < key.lowerBound, bytes[close] != 0x22 { close += 1 }
                if close > nameEnd, isSecretKey(bytes, nameEnd..<close) || isIdentityKey(bytes, nameEnd..<close) || isIdKey(bytes, nameEnd..<close) {
                    return true
                }
                position = close
            }
            position += 1
        }
        return false
    }

    /// Keys whose value names a person or an account: `userName`, `owner`, `login`, `upn`, …
    static let identityKeys = ByteWordSet([
        "username", "user_name", "user-name", "userid", "user_id", "login", "loginname", "login_name", "owner", "upn",
        "principal", "principalname", "assignee", "requester", "requestedby", "requested_by", "createdby", "created_by",
        "modifiedby", "modified_by", "approver", "samaccountname", "displayname", "display_name", "fullname", "full_name",
        "firstname", "first_name", "lastname", "last_name", "employee", "contact", "mail", "email", "user", "uid", "dbuser",
        "db_user",
    ])

    /// Whether the key names a person's account (inlined: asked at every separator with a key).
    @inline(__always)
    static func isIdentityKey(_ bytes: UnsafeBufferPointer<UInt8>, _ key: Range<Int>) -> Bool {
        identityKeys.contains(bytes, key)
    }

    /// `userName "mark.baker"`, `password 'x y'`: a quoted value right after a key, no separator.
    private static func quotedValues(_ bytes: UnsafeBufferPointer<UInt8>, into spans: inout [DetectedSpan], budget: inout ScanBudget) {
        budget.charge(bytes.count)
        // The key sets, read once: each `static let` read in the loop is a `swift_once` call.
        let identities = identityKeys, secrets = secretKeySet
        var index = 0
        while index < bytes.count {
            index = SpanDetectorTriggers.nextQuoteAfterSpace(bytes, from: index)
            guard index < bytes.count else { break }
            let quote = bytes[index]
            guard quote == 0x22 || quote == 0x27 else { index += 1; continue }
            var keyEnd = index
            while keyEnd > 0, bytes[keyEnd - 1] == 0x20 { keyEnd -= 1 }
            guard keyEnd < index else { index += 1; continue }
            var keyStart = keyEnd
            while keyStart > 0, SpanDetectorMasks.isDashedNameByte(bytes[keyStart - 1]) { keyStart -= 1 }
            var close = index + 1
            while close < bytes.count, bytes[close] != quote, bytes[close] != 0x0a { close += 1 }
            budget.charge(close - keyStart + 2 * (keyEnd - keyStart))
            guard close < bytes.count, bytes[close] == quote, keyEnd > keyStart else { index += 1; continue }
            let value = (index + 1)..<close
            if !value.isEmpty, !isPlaceholder(bytes, value) {
                if identities.contains(bytes, keyStart..<keyEnd) {
                    spans.append(DetectedSpan(value, .personName))
                } else if isSecretKey(bytes, keyStart..<keyEnd, secrets: secrets) {
                    spans.append(DetectedSpan(value, .secret))
                }
            }
            index = close + 1
        }
    }

    /// Command-line passwords: `-p'secret'`, `-p"secret"`, `-psecret` (mysql, mysqldump),
    /// and `<password>…</password>`-style elements of secret or identity keys.
    static func flagsAndElements(_ bytes: UnsafeBufferPointer<UInt8>, into spans: inout [DetectedSpan], budget: inout ScanBudget) {
        budget.charge(bytes.count)
        var index = 0
        while index + 2 < bytes.count {
            // No byte but '-', '/' and '<' starts a flag or an element.
            index = SpanDetectorTriggers.nextFlagOrElement(bytes, from: index)
            guard index + 2 < bytes.count else { break }
            let b = bytes[index]
            if b == 0x2d, bytes[index + 1] == 0x70, index == 0 || Bytes.isSpace(bytes[index - 1]), !Bytes.isSpace(bytes[index + 2]) {
                var end = index + 2
                while end < bytes.count, !Bytes.isSpace(bytes[end]) { end += 1 }
                budget.charge(end - index)
                if !isPlaceholder(bytes, (index + 2)..<end) { spans.append(DetectedSpan((index + 2)..<end, .secret)) }
                index = end
                continue
            }
            // `-P 'secret'`, `-U user`, `-u user`, `--password x`, `--user=x` (sqlcmd, mysql, psql):
            // the flag's value, quoted or not.
            if b == 0x2d, index == 0 || Bytes.isSpace(bytes[index - 1]), let (valueStart, kind) = credentialFlag(bytes, at: index) {
                var end = valueStart
                if end < bytes.count, bytes[end] == 0x22 || bytes[end] == 0x27 {
                    let quote = bytes[end]
                    end += 1
                    while end < bytes.count, bytes[end] != quote, bytes[end] != 0x0a { end += 1 }
                    if end < bytes.count, bytes[end] == quote { end += 1 }
                } else {
                    while end < bytes.count, !Bytes.isSpace(bytes[end]), bytes[end] != 0x22, bytes[end] != 0x27 { end += 1 }
                }
                budget.charge(end - index)
                if end > valueStart, !isPlaceholder(bytes, valueStart..<end) { spans.append(DetectedSpan(valueStart..<end, kind)) }
                index = max(end, index + 1)
                continue
            }
            // `net use Z: \\srv\share /user:dom\name secret`: the account, then its password.
            if b == 0x2f, index > 0, Bytes.isSpace(bytes[index - 1]), Bytes.matches(bytes, at: index, lowercase: "/user:") {
                var end = index + 6
                while end < bytes.count, !Bytes.isSpace(bytes[end]) { end += 1 }
                if end > index + 6, !isPlaceholder(bytes, (index + 6)..<end) { spans.append(DetectedSpan((index + 6)..<end, .personName)) }
                var next = end
                while next < bytes.count, bytes[next] == 0x20 { next += 1 }
                var nextEnd = next
                while nextEnd < bytes.count, !Bytes.isSpace(bytes[nextEnd]) { nextEnd += 1 }
                budget.charge(nextEnd - index)
                if nextEnd > next, bytes[next] != 0x2f, !isPlaceholder(bytes, next..<nextEnd) {
                    var valueEnd = nextEnd
                    // The password's own `:` or `)` stay in it; a sentence colon at its end does not.
                    if bytes[valueEnd - 1] == 0x3a, valueEnd - 1 > next { valueEnd -= 1 }
                    spans.append(DetectedSpan(next..<valueEnd, .secret))
                }
                index = max(nextEnd, index + 1)
                continue
            }
            if b == 0x3c, Bytes.isLetter(bytes[index + 1]) {
                var close = index + 1
                while close < bytes.count, SpanDetectorMasks.isDashedNameByte(bytes[close]) { close += 1 }
                let key = (index + 1)..<close
                budget.charge(3 * (close - index))
                if close < bytes.count, bytes[close] == 0x3e, isSecretKey(bytes, key) || isIdentityKey(bytes, key) {
                    var end = close + 1
                    while end < bytes.count, bytes[end] != 0x3c, bytes[end] != 0x0a { end += 1 }
                    budget.charge(end - close)
                    if end > close + 1, !isPlaceholder(bytes, (close + 1)..<end) {
                        spans.append(DetectedSpan((close + 1)..<end, isSecretKey(bytes, key) ? .secret : .personName))
                    }
                    index = end
                    continue
                }
            }
            index += 1
        }
    }

    /// A credential flag at `index` (`-P `, `-p ` but not before a port number, `-U `, `-u `, `--password `/`=`, `--user`, `--username`,
    /// `--pass`): where its value starts, and whether it is a secret or a person's account.
    static func credentialFlag(_ bytes: UnsafeBufferPointer<UInt8>, at index: Int) -> (Int, DetectorKind)? {
        let flags: [(StaticString, DetectorKind)] = [
            ("--password", .secret), ("--passwd", .secret), ("--pass", .secret), ("--username", .personName), ("--user", .personName),
            ("--login", .personName),
        ]
        for (flag, kind) in flags where Bytes.matches(bytes, at: index, lowercase: flag) {
            let after = index + flag.utf8CodeUnitCount
            guard after + 1 < bytes.count, bytes[after] == 0x20 || bytes[after] == 0x3d, !Bytes.isSpace(bytes[after + 1]), bytes[after + 1] != 0x2d
            else {
                return nil
            }
            return (after + 1, kind)
        }
        // Single letters, case-sensitive: -P and -p are passwords, -U and -u accounts.
        guard index + 3 < bytes.count, bytes[index + 2] == 0x20, !Bytes.isSpace(bytes[index + 3]), bytes[index + 3] != 0x2d else { return nil }
        switch bytes[index + 1] {
        case 0x50: return (index + 3, .secret)  // -P
        case 0x70:
            // -p: a password (`docker login -u x -p secret`), unless a port (`psql -p 5432`).
            var end = index + 3
            while end < bytes.count, Bytes.isDigit(bytes[end]) { end += 1 }
            return end < bytes.count && !Bytes.isSpace(bytes[end]) || end == index + 3 ? (index + 3, .secret) : nil
        case 0x55, 0x75: return (index + 3, .personName)  // -U, -u
        default: return nil
        }
    }

    /// A quoted Windows or UNC path may hold spaces (`'C:\Users\x\OneDrive - Acme Bank\dir'`):
    /// the whole quoted text is the path.
    static func quotedPaths(_ bytes: UnsafeBufferPointer<UInt8>, into spans: inout [DetectedSpan], budget: inout ScanBudget) {
        budget.charge(bytes.count)
        var index = 0
        while index < bytes.count {
            index = SpanDetectorTriggers.nextQuotedPath(bytes, from: index)
            guard index < bytes.count else { break }
            let quote = bytes[index]
            guard quote == 0x22 || quote == 0x27, index + 3 < bytes.count else { index += 1; continue }
            let first = index + 1
            let windows =
                (Bytes.isLetter(bytes[first]) && bytes[first + 1] == 0x3a && (bytes[first + 2] == 0x5c || bytes[first + 2] == 0x2f))
                || (bytes[first] == 0x5c && bytes[first + 1] == 0x5c)
            guard windows else { index += 1; continue }
            var close = first
            while close < bytes.count, bytes[close] != quote, bytes[close] != 0x0a { close += 1 }
            budget.charge(close - index)
            spans.append(DetectedSpan(first..<close, .path))
            index = close + 1
        }
    }

    static let secretKeySet = ByteWordSet(secretKeys)
    /// Words before `_key` that name a schema's or a store's key, whose value is a name, not a secret.
    static let schemaKeyWords = ByteWordSet([
        "primary", "foreign", "sort", "partition", "hash", "range", "unique", "composite", "row", "cache", "map", "lookup",
        "shard", "routing", "object", "s3", "blob", "file", "bucket", "idempotency", "dedup", "group", "message", "record",
        "natural", "surrogate", "business", "join", "index", "column", "table", "cluster", "distribution", "dist", "clustering",
    ])

    /// The key names a secret: it is one of `secretKeys`, ends in `_`/`-`/`.` and one of them
    /// (`DB_PASSWORD`), or contains "password" or "secret", or ends in "token" or "apikey".
    @inline(__always)
    static func isSecretKey(_ bytes: UnsafeBufferPointer<UInt8>, _ key: Range<Int>) -> Bool {
        isSecretKey(bytes, key, secrets: secretKeySet)
    }

    /// The same, with `secretKeySet` read once by the caller (outside its loop).
    @inline(__always)
    static func isSecretKey(_ bytes: UnsafeBufferPointer<UInt8>, _ key: Range<Int>, secrets secretKeySet: ByteWordSet) -> Bool {
        var start = key.lowerBound, end = key.upperBound
        func separator(_ b: UInt8) -> Bool { SpanDetectorMasks.isKeySeparator(b) }
        while start < end, separator(bytes[start]) { start += 1 }
        while end > start, separator(bytes[end - 1]) { end -= 1 }
        guard end - start >= 2 else { return false }
        if secretKeySet.contains(bytes, start..<end) { return true }
        var last = end
        while last > start, !separator(bytes[last - 1]) { last -= 1 }
        if last > start, secretKeySet.contains(bytes, last..<end) { return true }
        // "password" or "secret" anywhere in the key: only a `p` or an `s` can start either (found
        // eight bytes at a time where eight can be read, the lanes past the last start left out).
        if end - start >= 6 {
            let lastStart = end - 6
            var position = start
            while position <= lastStart {
                if position &+ 8 <= bytes.count {
                    let folded = ByteWords.load(bytes, position) | (ByteWords.ones &* 0x20)
                    var leads = ByteWords.equal(folded, 0x70) | ByteWords.equal(folded, 0x73)
                    let lanes = lastStart &- position &+ 1
                    if lanes < 8 { leads &= (1 << (UInt64(lanes) &* 8)) &- 1 }
                    while leads != 0 {
                        if startsPasswordOrSecret(bytes, at: position &+ ByteWords.first(leads), end: end) { return true }
                        leads &= leads &- 1
                    }
                    position &+= 8
                } else {
                    if startsPasswordOrSecret(bytes, at: position, end: end) { return true }
                    position += 1
                }
            }
        }
        if end - start >= 5, Bytes.matches(bytes, at: end - 5, lowercase: "token") { return true }
        if end - start >= 6, Bytes.matches(bytes, at: end - 6, lowercase: "apikey") { return true }
        // `SIGNING_KEY`, `licenseKey`, `shared-access-key`: a qualified key, unless a schema's
        // (`partition_key`, `sort_key`, `primary_key`, `object_key`).
        if end - start >= 5, Bytes.matches(bytes, at: end - 3, lowercase: "key") {
            let joint = bytes[end - 4]
            guard joint == 0x5f || joint == 0x2d || joint == 0x2e || (Bytes.isLower(joint) && bytes[end - 3] == 0x4b) else { return false }
            var wordEnd = end - 3
            if !Bytes.isAlnum(joint) { wordEnd -= 1 }
            var wordStart = wordEnd
            while wordStart > start, Bytes.isLetter(bytes[wordStart - 1]),
                !(Bytes.isUpper(bytes[wordStart]) && Bytes.isLower(bytes[wordStart - 1]) && wordStart < wordEnd)
            {
                wordStart -= 1
            }
            return wordEnd > wordStart && !schemaKeyWords.contains(bytes, wordStart..<wordEnd)
        }
        return false
    }

    /// Whether "password" or "secret" (any case) starts at `position` and ends by `end`.
    @inline(__always) static func startsPasswordOrSecret(_ bytes: UnsafeBufferPointer<UInt8>, at position: Int, end: Int) -> Bool {
        let lead = bytes[position] | 0x20
        if lead == 0x70, position + 8 <= end, Bytes.matches(bytes, at: position, lowercase: "password") { return true }
        return lead == 0x73 && position + 6 <= end && Bytes.matches(bytes, at: position, lowercase: "secret")
    }

    /// `[PLACEHOLDER]`, optionally quoted: already anonymized.
    @inline(__always)
    static func isPlaceholder(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> Bool {
        var start = range.lowerBound, end = range.upperBound
        if end - start >= 2, bytes[start] == 0x22 || bytes[start] == 0x27 { start += 1; end -= 1 }
        guard end - start >= 3, bytes[start] == 0x5b, bytes[end - 1] == 0x5d else { return false }
        // Capitals and `_` between the brackets, eight bytes at a time where eight can be read
        // (only the lanes inside the brackets are asked).
        var index = start + 1
        let innerEnd = end - 1
        while index < innerEnd {
            if index &+ 8 <= bytes.count {
                let word = ByteWords.load(bytes, index)
                let capitals = ByteWords.inRange(word, 0x41, 0x5a) | ByteWords.equal(word, 0x5f)
                let count = min(8, innerEnd - index)
                let wanted = count == 8 ? ByteWords.ones &* 0x80 : (ByteWords.ones &* 0x80) & ((1 << (UInt64(count) &* 8)) &- 1)
                guard capitals & wanted == wanted else { return false }
                index &+= count
            } else {
                guard Bytes.isUpper(bytes[index]) || bytes[index] == 0x5f else { return false }
                index += 1
            }
        }
        return true
    }

    // MARK: Digit groups: cards, IBANs, phone numbers

    static func digitGroups(_ bytes: UnsafeBufferPointer<UInt8>, into spans: inout [DetectedSpan], budget: inout ScanBudget) {
        budget.charge(bytes.count)
        var index = 0
        // A phone scan that failed from an opening '(' fails from every '(' right after it (the
        // leading separators do not change its outcome): those starts are skipped.
        var noPhoneBefore = 0
        // Whether the byte before `index` must be read to know a boundary: after a step at the
        // bottom of the loop it is known to be no group byte (the skip stops after one).
        var readBefore = false
        // The first digit, `+` or `(` at or after the last search (or where fewer than eight bytes are left).
        var trigger = -1
        while index < bytes.count {
            if trigger < index {
                trigger = SpanDetectorTriggers.nextDigitPlusOrParen(bytes, from: index)
                // Proof: a start is a digit, `+`, `(` or an IBAN's letters two bytes before its digit, and a
                // position that starts nothing charges nothing: no position before `trigger - 2` starts anything.
                if trigger - 2 > index {
                    index = trigger - 2
                    readBefore = true
                }
            }
            let b = bytes[index]
            if readBefore {
                readBefore = false
                // After a group byte: no boundary up to and including the end of the group run.
                guard !isGroupByte(bytes[index - 1]) else {
                    index = pastGroupRun(bytes, from: index)
                    continue
                }
            }
            // One dispatch on the first byte: a digit starts a card, an account id or a phone number;
            // `+` or `(` a phone number; a letter an IBAN.
            if Bytes.isDigit(b), let charge = shortNumberCharge(bytes, at: index) {
                budget.charge(charge)  // no card, account id or phone number starts here
            } else if Bytes.isDigit(b) {
                if let end = card(bytes, at: index, budget: &budget) {
                    spans.append(DetectedSpan(index..<end, .creditCard))
                    index = end
                    readBefore = true
                    continue
                }
                if let end = dashedAccountId(bytes, at: index, budget: &budget) {
                    spans.append(DetectedSpan(index..<end, .awsAccountId))
                    index = end
                    readBefore = true
                    continue
                }
                if let end = phone(bytes, at: index, budget: &budget) {
                    spans.append(DetectedSpan(index..<end, .phone))
                    index = end
                    readBefore = true
                    continue
                }
            } else if b == 0x2b || (b == 0x28 && index >= noPhoneBefore) {
                if b == 0x28, let charge = SpanDetectors.openingParenCharge(bytes, at: index) {
                    budget.charge(charge)  // no phone number starts here
                } else if let end = phone(bytes, at: index, budget: &budget) {
                    spans.append(DetectedSpan(index..<end, .phone))
                    index = end
                    readBefore = true
                    continue
                }
                if b == 0x28 {
                    noPhoneBefore = index + 1
                    while noPhoneBefore < bytes.count, bytes[noPhoneBefore] == 0x28 { noPhoneBefore += 1 }
                    budget.charge(noPhoneBefore - index)
                }
            } else if Bytes.isLetter(b), index + 15 <= bytes.count, Bytes.isLetter(bytes[index + 1]), Bytes.isDigit(bytes[index + 2]),
                // `iban`'s own first test (country letters and a check digit), read here: most words fail it.
                let end = iban(bytes, at: index, budget: &budget)
            {
                spans.append(DetectedSpan(index..<end, .iban))
                index = end
                readBefore = true
                continue
            }
            index += 1
            // A position after a letter, digit, '.' or '_' is no boundary: nothing starts there.
            if index < bytes.count, isGroupByte(bytes[index - 1]) { index = pastGroupRun(bytes, from: index) }
        }
    }

    /// For `from` right after a group byte: the position after the first byte at or after `from`
    /// that is no group byte (capped at the end). Every position skipped follows a group byte, so
    /// is no boundary and starts nothing (charging nothing); the one returned follows a non-group
    /// byte, so its boundary need not be read again.
    @inline(__always) static func pastGroupRun(_ bytes: UnsafeBufferPointer<UInt8>, from: Int) -> Int {
        min(SpanDetectorTriggers.groupRunEnd(bytes, from: from) + 1, bytes.count)
    }

    /// A letter, digit, '.' or '_': the position after one is no boundary of a digit group.
    @inline(__always) static func isGroupByte(_ b: UInt8) -> Bool { SpanDetectorMasks.isGroupByte(b) }

    /// What `card`, `dashedAccountId` and `phone` charge at `start` (a digit), all three finding
    /// nothing, for a number that nothing continues; nil for other starts. The number is digits
    /// with single dashes or dots between them (`2024-01-15`, `10.0.4.7`).
    /// Proof: with at most eight digits it is too short for a card (13), an account id (12) or a
    /// phone number from a digit (9); a byte after it that is no space, tab, `-`, `.`, `(`, `)`,
    /// `/`, `#`, `e` or `x` ends each reader there and opens no extension; one space then a letter
    /// that does not start `ext` ends the card's read at the space and the phone's after it, with no
    /// extension; a `)` ends the card's read and, when no digit or `(` follows it (or the one
    /// separator after it), the phone's. The card and the phone read on over a dash before a digit;
    /// the phone reads on over a dot before a digit, the card stops at the first dot.
    /// Up to twelve digits (`arn:aws:iam::123456789012:role`, `10.12.254.7:5432`): a `:` or a
    /// letter other than `e` or `x` after them fails the phone's end test (whatever the digits),
    /// twelve digits stay too few for a card, and an account id needs twelve digits with dashes.
    /// A dotted quad of up to twelve digits not starting with `0` (`192.168.4.20 port`) then a space
    /// and a letter: the phone's checks for a dotted number want three groups (`NNN.NNN.NNNN`) or
    /// a leading `0`, and refuse every other number whose separators are all dots.
    @inline(__always)
    static func shortNumberCharge(_ bytes: UnsafeBufferPointer<UInt8>, at start: Int) -> Int? {
        var end = start + 1, digits = 1, dots = 0, dashes = 0
        // Where the card stops: the first dot, else the number's end.
        var cardEnd = -1
        while end < bytes.count {
            let b = bytes[end]
            if Bytes.isDigit(b) {
                end += 1
            } else if b == 0x2d || b == 0x2e, end + 1 < bytes.count, Bytes.isDigit(bytes[end + 1]) {
                if b == 0x2d {
                    dashes += 1
                } else {
                    if dots == 0 { cardEnd = end }
                    dots += 1
                }
                end += 2
            } else {
                break
            }
            digits += 1
            if digits > 12 { return nil }
        }
        if cardEnd < 0 { cardEnd = end }
        let read = end - start
        var phoneRead = read + 1
        if end < bytes.count {
            let next = bytes[end]
            if next == 0x3a || (Bytes.isLetter(next) && next | 0x20 != 0x65 && next | 0x20 != 0x78) {
                // The phone's end test fails; twelve digits with a dash may be an account id.
                guard digits < 12 || dashes == 0 else { return nil }
            } else if digits > 8 {
                guard next == 0x20, dashes == 0, dots >= 3, bytes[start] != 0x30, end + 1 < bytes.count, Bytes.isLetter(bytes[end + 1]),
                    !Bytes.matches(bytes, at: end + 1, lowercase: "ext")
                else { return nil }
                phoneRead += 1
            } else if next == 0x20 {
                guard end + 1 < bytes.count, Bytes.isLetter(bytes[end + 1]), !Bytes.matches(bytes, at: end + 1, lowercase: "ext") else {
                    return nil
                }
                phoneRead += 1
            } else if next == 0x29 {
                // `5432) …`: the phone reads the `)` and, when a space, `-`, `.` or `/` follows, that
                // byte too, unless a digit or `(` comes next (then it reads on).
                phoneRead += 1
                var after = end + 1
                if after < bytes.count, [0x20, 0x2d, 0x2e, 0x2f].contains(bytes[after]) {
                    phoneRead += 1
                    after += 1
                }
                if after < bytes.count, Bytes.isDigit(bytes[after]) || bytes[after] == 0x28 { return nil }
            } else {
                let low: UInt64 = 1 << 0x09 | 1 << 0x23 | 1 << 0x28 | 1 << 0x29 | 1 << 0x2d | 1 << 0x2e | 1 << 0x2f
                let high: UInt64 = 1 << (0x45 - 0x40) | 1 << (0x65 - 0x40) | 1 << (0x58 - 0x40) | 1 << (0x78 - 0x40)
                guard !Bytes.isIn(next, low: low, high: high) else { return nil }
            }
        } else if digits > 8 {
            return nil
        }
        let accountId = start + 14 <= bytes.count ? 14 : 0
        return cardEnd - start + 1 + accountId + (followsCodeWord(bytes, start) ? 0 : phoneRead)
    }

    /// What `phone` charges at a `(` (`start`) that no digit or `(` follows, finding nothing; nil
    /// for other starts. Proof: the phone reads the `(` as a separator and stops after it (what
    /// follows neither is a digit nor goes on), having read no digit; `(` opens no extension and
    /// passes the end test, and no digits are too few for any phone number: it charges the two
    /// bytes read, or nothing after a code word (`error (`), where it returns at once.
    @inline(__always)
    static func openingParenCharge(_ bytes: UnsafeBufferPointer<UInt8>, at start: Int) -> Int? {
        if start + 1 < bytes.count, Bytes.isDigit(bytes[start + 1]) || bytes[start + 1] == 0x28 { return nil }
        return followsCodeWord(bytes, start) ? 0 : 2
    }

    /// `1234-5678-9012`: an AWS account id as the console prints it.
    static func dashedAccountId(_ bytes: UnsafeBufferPointer<UInt8>, at start: Int, budget: inout ScanBudget) -> Int? {
        guard start + 14 <= bytes.count else { return nil }
        budget.charge(14)
        for offset in 0..<14 {
            let b = bytes[start + offset]
            if offset == 4 || offset == 9 { if b != 0x2d { return nil } } else if !Bytes.isDigit(b) { return nil }
        }
        let end = start + 14
        return end == bytes.count || !(Bytes.isAlnum(bytes[end]) || bytes[end] == 0x2d) ? end : nil
    }

    /// ISO 13616: country letters, check digits, the country's length of digits and capitals;
    /// groups may be split by runs of up to eight spaces (`NO43  7744   60`, `DK1   46 …`), but
    /// never take in a lowercase word.
    private static func iban(_ bytes: UnsafeBufferPointer<UInt8>, at start: Int, budget: inout ScanBudget) -> Int? {
        // Country letters then a check digit: the cheap test before any lookup.
        guard start + 15 <= bytes.count, Bytes.isLetter(bytes[start]), Bytes.isLetter(bytes[start + 1]), Bytes.isDigit(bytes[start + 2]) else {
            return nil
        }
        guard let length = Validators.ibanLength(bytes[start], bytes[start + 1]) else { return nil }
        var count = 0, index = start
        defer { budget.charge(index - start + 1) }
        while index < bytes.count, count < length {
            let b = bytes[index]
            if Bytes.isDigit(b) || (Bytes.isLetter(b) && (count < 2 || Bytes.isUpper(b))) {
                if count >= 2 && count < 4 && !Bytes.isDigit(b) { return nil }
                count += 1
                index += 1
            } else if b == 0x20, count >= 3 {
                var next = index
                while next < bytes.count, bytes[next] == 0x20, next - index < 8 { next += 1 }
                guard next < bytes.count, Bytes.isDigit(bytes[next]) || Bytes.isUpper(bytes[next]) else { break }
                index = next
            } else {
                break
            }
        }
        guard count == length, index == bytes.count || !Bytes.isAlnum(bytes[index]) else { return nil }
        return Validators.iban(bytes, start..<index) ? index : nil
    }

    /// 13–19 digits, single dashes or runs of up to eight spaces between them, passing Luhn; the longest such run
    /// from `start`. Luhn is kept for both parities while reading, so every candidate end is
    /// checked without reading the digits again.
    static func card(_ bytes: UnsafeBufferPointer<UInt8>, at start: Int, budget: inout ScanBudget) -> Int? {
        var found: Int?
        var digits = 0, index = start
        // sums[p]: the Luhn sum if the digits at even (p = 0) or odd (p = 1) positions are doubled.
        var sums = (0, 0)
        defer { budget.charge(index - start + 1) }
        while index < bytes.count, digits < 19 {
            if Bytes.isDigit(bytes[index]) {
                let digit = Int(bytes[index] - 0x30)
                let doubled = digit * 2 > 9 ? digit * 2 - 9 : digit * 2
                if digits % 2 == 0 { sums.0 += doubled; sums.1 += digit } else { sums.0 += digit; sums.1 += doubled }
                digits += 1
                index += 1
                // With k digits the rightmost stays single, so the doubled ones share k's parity.
                if digits >= 13, index == bytes.count || !(Bytes.isAlnum(bytes[index])), (digits % 2 == 0 ? sums.0 : sums.1) % 10 == 0 {
                    found = index
                }
            } else if bytes[index] == 0x2d, index + 1 < bytes.count, Bytes.isDigit(bytes[index + 1]), digits > 0 {
                index += 1
            } else if bytes[index] == 0x20 || bytes[index] == 0x09, digits > 0 {
                // A run of up to eight spaces: a number split to get past a scanner.
                var next = index
                while next < bytes.count, bytes[next] == 0x20 || bytes[next] == 0x09, next - index < 8 { next += 1 }
                guard next < bytes.count, Bytes.isDigit(bytes[next]) else { break }
                index = next
            } else {
                break
            }
        }
        return found
    }

    /// E.164 (`+` and 8–15 digits or `00` and 10–15, any of ` -.()/` between groups) and national forms
    /// with separators (9–12 digits in 2+ groups, `(0NNN)-NNNNNN`, dotted `NNN.NNN.NNNN`), with
    /// an extension (`x1234`, `ext. 12`, `#12`); dates, times, versions and IPs are no phone
    /// numbers. A run with more than 15 digits is no phone number whatever follows, so the scan
    /// stops there: each start reads a bounded stretch of digits, not the rest of the run.
    static func phone(_ bytes: UnsafeBufferPointer<UInt8>, at start: Int, budget: inout ScanBudget) -> Int? {
        // `ERROR 1045 (28000)`, `errno 111`, `exit code 137`: a code, not a number to call.
        if followsCodeWord(bytes, start) { return nil }
        var index = start
        defer { budget.charge(index - start + 1) }
        var digits = 0, groups = 0, groupLength = 0
        // The first three group lengths, the separators seen between groups, and the first one.
        var lengths = (0, 0, 0)
        var dots = 0, nonDots = 0
        var firstSeparator: UInt8 = 0
        var pendingDots = 0, pendingOthers = 0, pendingFirst: UInt8 = 0
        let international = bytes[start] == 0x2b
        if international { index += 1 }
        var end = index
        func closeGroup() {
            groups += 1
            switch groups {
            case 1: lengths.0 = groupLength
            case 2: lengths.1 = groupLength
            case 3: lengths.2 = groupLength
            default: break
            }
            groupLength = 0
        }
        while index < bytes.count {
            let b = bytes[index]
            if Bytes.isDigit(b) {
                if digits == 15 { return nil }  // a 16th digit: too long for any phone number
                if digits > 0 {
                    dots += pendingDots
                    nonDots += pendingOthers
                    if firstSeparator == 0 { firstSeparator = pendingFirst }
                }
                pendingDots = 0
                pendingOthers = 0
                pendingFirst = 0
                digits += 1
                groupLength += 1
                index += 1
                end = index
            } else if b == 0x20 || b == 0x2d || b == 0x2e || b == 0x28 || b == 0x29 || b == 0x2f {
                if groupLength > 0 { closeGroup() }
                if b == 0x2e { pendingDots += 1 } else { pendingOthers += 1 }
                if pendingFirst == 0 { pendingFirst = b }
                index += 1
                if index < bytes.count {
                    let next = bytes[index]
                    // A '(' after a space opens a trunk or area code ("+33 (0)2", "+1 (415)"), never a
                    // date or a remark after a complete number.
                    let goesOn =
                        Bytes.isDigit(next) || (next == 0x28 && (b != 0x20 || digits < 5))
                        || (b == 0x29 && (next == 0x20 || next == 0x2d || next == 0x2e || next == 0x2f))
                    if !goesOn { break }
                }
            } else {
                break
            }
        }
        if groupLength > 0 { closeGroup() }
        end = extensionEnd(bytes, after: end, budget: &budget) ?? end
        guard end == bytes.count || !(Bytes.isAlnum(bytes[end]) || bytes[end] == 0x3a) else { return nil }
        if international { return (8...15).contains(digits) ? end : nil }
        // 00 and a country code: the international prefix dialled from most countries.
        if lengths.0 >= 3, bytes[start] == 0x30, start + 1 < bytes.count, bytes[start + 1] == 0x30, groups >= 2 {
            return (10...15).contains(digits) ? end : nil
        }
        guard (9...13).contains(digits), groups >= 2 else { return nil }
        // NNN.NNN.NNNN: the dotted North American form; 0NNN.NNN.NNN, 0N.NN.NN.NN.NN: dotted
        // national forms with a trunk 0 (versions do not start with 0 and ten digits).
        if nonDots == 0, groups == 3, lengths == (3, 3, 4) { return end }
        if nonDots == 0, groups >= 3, digits == 10, bytes[start] == 0x30 { return end }
        // `(08).2554.6089`, `(415) 555.1234`: an area code in brackets, then two or more groups
        // (no version, address or date opens with a bracketed group and has nine digits).
        if bytes[start] == 0x28, groups >= 3, lengths.0 <= 5 { return end }
        // 2024-01-15, 2024/01/15, 15.01.2024: dates. Runs with two or more dots are versions or IPs.
        if dots >= 2 || nonDots == 0 { return nil }
        if lengths.0 == 4, firstSeparator == 0x2d || firstSeparator == 0x2f { return nil }
        if lengths.0 > 5 { return nil }
        return end
    }

    static let codeWords = ByteWordSet(["error", "errno", "code", "status", "sqlstate", "msg", "exit"])

    /// One space and a code word (`error`, `errno`, `code`, `status`) right before `start`
    /// (inlined: asked at most numbers, and most answer at the first byte or two).
    @inline(__always)
    static func followsCodeWord(_ bytes: UnsafeBufferPointer<UInt8>, _ start: Int) -> Bool {
        // Every code word has three letters or more and ends in `or`, `no`, `de`, `us`, `te`, `sg` or
        // `it` (any case): a word with other last two bytes is none.
        guard start >= 4 else { return false }
        // The space and the last two letters in one branch (a space before a number is a coin flip
        // on varied text): `(first * 36 + second) & 63` puts the seven pairs in five of 64 buckets
        // (51 of the 676 letter pairs land there; the switch below answers exactly).
        let first = UInt64(bytes[start - 3] | 0x20), second = UInt64(bytes[start - 2] | 0x20)
        let pairBuckets: UInt64 = 1 << 14 | 1 << 19 | 1 << 39 | 1 << 53 | 1 << 56
        let inBucket = (pairBuckets &>> ((first &* 36 &+ second) & 63)) & 1
        guard (inBucket ^ 1) | UInt64(bytes[start - 1] ^ 0x20) == 0 else { return false }
        switch UInt16(bytes[start - 3] | 0x20) << 8 | UInt16(bytes[start - 2] | 0x20) {
        case 0x6f72, 0x6e6f, 0x6465, 0x7573, 0x7465, 0x7367, 0x6974: break
        default: return false
        }
        var wordStart = start - 1
        while wordStart > 0, Bytes.isLetter(bytes[wordStart - 1]), start - wordStart < 12 { wordStart -= 1 }
        return wordStart < start - 1 && codeWords.contains(bytes, wordStart..<(start - 1))
    }

    /// `x1234`, `ext. 12`, ` ext 12`, `extension 12`, `#12` right after a phone number: where
    /// the extension ends, or nil.
    private static func extensionEnd(_ bytes: UnsafeBufferPointer<UInt8>, after end: Int, budget: inout ScanBudget) -> Int? {
        var index = end
        if index < bytes.count, bytes[index] == 0x20 { index += 1 }
        if Bytes.matches(bytes, at: index, lowercase: "extension") {
            index += 9
        } else if Bytes.matches(bytes, at: index, lowercase: "ext") {
            index += 3
        } else if index < bytes.count, ((bytes[index] | 0x20) == 0x78 && index == end) || bytes[index] == 0x23 {
            index += 1
        } else {
            return nil
        }
        if index < bytes.count, bytes[index] == 0x2e { index += 1 }
        if index < bytes.count, bytes[index] == 0x20 || bytes[index] == 0x3a { index += 1 }
        let digitsStart = index
        while index < bytes.count, Bytes.isDigit(bytes[index]), index - digitsStart < 6 { index += 1 }
        budget.charge(index - end)
        return index > digitsStart ? index : nil
    }

    // MARK: Helpers

    static func find(
        _ bytes: UnsafeBufferPointer<UInt8>, _ literal: StaticString, from: Int, before limit: Int? = nil, budget: inout ScanBudget
    ) -> Int? {
        let last = (limit ?? bytes.count) - literal.utf8CodeUnitCount
        guard from <= last else { return nil }
        let firstByte = literal.utf8Start[0]
        if !Bytes.isLetter(firstByte), let base = bytes.baseAddress {
            // A first byte that has no case (`-----begin `): memchr finds its candidates.
            var index = from
            while index <= last, let hit = memchr(base + index, Int32(firstByte), last - index + 1) {
                let at = base.distance(to: hit.assumingMemoryBound(to: UInt8.self))
                if Bytes.matches(bytes, at: at, lowercase: literal) {
                    budget.charge(at - from + literal.utf8CodeUnitCount)
                    return at
                }
                index = at + 1
            }
            budget.charge(last - from + literal.utf8CodeUnitCount)
            return nil
        }
        for index in from...last where Bytes.lower(bytes[index]) == firstByte && Bytes.matches(bytes, at: index, lowercase: literal) {
            budget.charge(index - from + literal.utf8CodeUnitCount)
            return index
        }
        budget.charge(last - from + literal.utf8CodeUnitCount)
        return nil
    }

    static func firstIndex(of byte: UInt8, in bytes: UnsafeBufferPointer<UInt8>, from: Int, limit: Int) -> Int? {
        var index = from
        while index < limit {
            if bytes[index] == byte { return index }
            index += 1
        }
        return nil
    }

    /// End of the whitespace-delimited token starting at `from`.
    @inline(__always)
    static func tokenEnd(_ bytes: UnsafeBufferPointer<UInt8>, from: Int, limit: Int) -> Int? {
        guard from < limit, !Bytes.isSpace(bytes[from]) else { return nil }
        var index = from
        while index < limit, !Bytes.isSpace(bytes[index]) { index += 1 }
        return index
    }

    /// The end of `line` without its trailing whitespace.
    @inline(__always)
    static func trimmedEnd(_ bytes: UnsafeBufferPointer<UInt8>, _ line: Range<Int>) -> Int {
        var end = line.upperBound
        while end > line.lowerBound, Bytes.isSpace(bytes[end - 1]) { end -= 1 }
        return end
    }
}
