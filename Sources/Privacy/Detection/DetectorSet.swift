/// Runs every enabled detector over UTF-8 text and returns the spans found (they may overlap;
/// callers merge them). Shared by the anonymizer and the verification scanner.
package struct DetectorSet: Sendable {
    package let enabled: Set<DetectorKind>
    private let mask: UInt64

    package init(enabled: Set<DetectorKind> = Set(DetectorKind.allCases)) {
        self.enabled = enabled
        mask = enabled.reduce(0) { $0 | $1.bit }
    }

    package func spans(in text: String) -> [DetectedSpan] {
        var budget = ScanBudget.unlimited
        return spans(in: text, budget: &budget)
    }

    package func spans(in text: String, budget: inout ScanBudget) -> [DetectedSpan] {
        var copy = text
        return copy.withUTF8 { spans(in: $0, budget: &budget) }
    }

    package func spans(in bytes: UnsafeBufferPointer<UInt8>) -> [DetectedSpan] {
        var budget = ScanBudget.unlimited
        return spans(in: bytes, budget: &budget)
    }

    /// Every pass reads the text in linear time; each counts its steps in `budget`.
    package func spans(in bytes: UnsafeBufferPointer<UInt8>, budget: inout ScanBudget) -> [DetectedSpan] {
        var spans: [DetectedSpan] = []
        appendSpans(in: bytes, into: &spans, budget: &budget)
        return spans
    }

    /// The same, appended to `spans` (the caller's array, reused across passes and calls).
    func appendSpans(in bytes: UnsafeBufferPointer<UInt8>, into spans: inout [DetectedSpan], budget: inout ScanBudget) {
        let first = spans.count
        // The three token-level passes read one cut of the text into whitespace tokens, made
        // first: the union of the tokens' shapes says which trigger bytes the text has (a
        // trigger byte is no space), so no pass reads the text for them.
        WhitespaceToken.withTokens(bytes) { tokens in
            // A pass whose trigger is absent finds nothing, and is charged what its read would
            // have cost (the same steps).
            let present = ByteClasses.present(of: tokens)
            if present & ByteClasses.dash != 0 {
                SpanDetectors.pemBlocks(bytes, into: &spans, budget: &budget)
            } else if bytes.count >= 11 {
                budget.charge(bytes.count)  // the search for "-----begin " reads every byte
            }
            SpanDetectors.stackFrames(bytes, into: &spans, budget: &budget)
            if present & ByteClasses.semicolon != 0 {
                SpanDetectors.connectionStrings(bytes, into: &spans, budget: &budget)
            } else {
                budget.charge(bytes.count)
            }
            SpanDetectors.secretAssignments(bytes, present: present, into: &spans, budget: &budget)
            if present & ByteClasses.quote != 0 {
                SpanDetectors.quotedPaths(bytes, into: &spans, budget: &budget)
            } else {
                budget.charge(bytes.count)
            }
            if present & (ByteClasses.dash | ByteClasses.slash | ByteClasses.angle) != 0 {
                SpanDetectors.flagsAndElements(bytes, into: &spans, budget: &budget)
            } else {
                budget.charge(bytes.count)
            }
            // Identifiers before digit groups: a number whose family check passes is named by its
            // family, not taken for a phone number.
            IdentifierScan.scan(bytes, into: &spans, budget: &budget)
            SpanDetectors.digitGroups(bytes, into: &spans, budget: &budget)
            ObfuscationScan.scan(bytes, into: &spans, budget: &budget)
            CompanyNameScan.scan(bytes, tokens: tokens, into: &spans, budget: &budget)
            AddressScan.scan(bytes, tokens: tokens, into: &spans, budget: &budget)
            Self.tokens(bytes, tokens: tokens, into: &spans, budget: &budget)
        }
        budget.charge(spans.count - first)
        if spans.count > first { keepEnabled(&spans, from: first) }
    }

    /// Drops the spans of disabled kinds at `first...`, keeping the order.
    private func keepEnabled(_ spans: inout [DetectedSpan], from first: Int) {
        var kept = first
        for index in first..<spans.count where mask & spans[index].kind.bit != 0 {
            if kept != index { spans[kept] = spans[index] }
            kept += 1
        }
        spans.removeLast(spans.count - kept)
    }

    /// The token kinds in the text's whitespace-delimited tokens (cut once by `appendSpans`),
    /// trimmed of surrounding punctuation, then split at delimiters when the whole token is not
    /// one kind.
    static func tokens(
        _ bytes: UnsafeBufferPointer<UInt8>, tokens: UnsafeBufferPointer<WhitespaceToken>, into spans: inout [DetectedSpan], budget: inout ScanBudget
    ) {
        budget.charge(bytes.count)
        // Each token's first look costs its length (`classifyToken`), summed here and charged
        // once: the total is the same, and the budget is not written back a token.
        var firstLooks = 0
        for token in tokens {
            firstLooks &+= token.raw.upperBound &- token.raw.lowerBound
            classifyToken(bytes, token.raw, shape: token.shape, into: &spans, budget: &budget)
        }
        budget.charge(firstLooks)
    }

    /// Costs the token's length for the first look and trims, then its length again for each
    /// classification (whole, trimmed, and each piece between delimiters: at most three times
    /// the token in all). Plain words and short numbers, most tokens, are answered here from
    /// the token's `shape` (the union of its bytes' classes), inlined in the loop over the
    /// tokens; `classifyOther` judges the others.
    @inline(__always)
    private static func classifyToken(
        _ bytes: UnsafeBufferPointer<UInt8>, _ token: Range<Int>, shape: ByteShape, into spans: inout [DetectedSpan], budget: inout ScanBudget
    ) {
        // The caller has charged `token.count` for the first look.
        // A plain word of up to 15 bytes (letters, maybe a trailing `,` `.` `:` `;`) is no token
        // kind. Letters only: a plain word without reading. A byte of another class than a
        // letter's or those four's (`,` `;` are `.other`): none.
        if token.count < 16 {
            if shape.only(.lower | .upper) { return }
            if shape.only(.lower | .upper | .dot | .colon | .other) {
                var end = token.upperBound
                let last = bytes[end - 1]
                if last == 0x2c || last == 0x2e || last == 0x3a || last == 0x3b { end -= 1 }
                if ByteWords.runEnd(bytes, from: token.lowerBound, ByteWords.letters, byte: Bytes.isLetter) >= end { return }
            }
        }
        // Up to eight letters and digits (`5432`, `app12`) are no token kind, with nothing to trim
        // and no delimiter: only the whole-token classification is charged (the token is not empty).
        if token.count < 9, shape.only(.alnum) {
            budget.charge(2 * token.count + 2)
            return
        }
        // A placeholder (`[HOST]`: most such tokens of the anonymized text the verification scan
        // reads) is passed over by `classifyOther` before anything is charged.
        if bytes[token.lowerBound] == 0x5b, SpanDetectors.isPlaceholder(bytes, token) { return }
        classifyOther(bytes, token, shape: shape, into: &spans, budget: &budget)
    }

    /// `classifyToken` past its plain words and short numbers (`tokenShape`: the token's).
    private static func classifyOther(
        _ bytes: UnsafeBufferPointer<UInt8>, _ token: Range<Int>, shape tokenShape: ByteShape, into spans: inout [DetectedSpan],
        budget: inout ScanBudget
    ) {
        // A placeholder starts with `[`, or a quote then `[`: other tokens skip the call.
        let first = bytes[token.lowerBound]
        if TokenShapeMasks.cutFlags(first) & TokenShapeMasks.placeholderStart != 0, SpanDetectors.isPlaceholder(bytes, token) { return }
        let loose = Self.trim(bytes, token, brackets: false)
        guard !loose.isEmpty else { return }
        // One read of `loose` answers the markup test, the delimiter test and the classifier's
        // (none when nothing was trimmed: the token's shape is `loose`'s).
        let shape = loose == token ? tokenShape : ByteShape(bytes, loose)
        // `{"step":"x","url":"https://…"}`, `(step)</message></event>`: JSON or XML written
        // without spaces is judged piece by piece between its quotes, braces and angle
        // brackets (taken whole it looks like one path); each piece is a token of its own.
        if shape.has(.markup) {
            var pieceStart = loose.lowerBound
            for position in loose.lowerBound...loose.upperBound where position == loose.upperBound || Self.isMarkupByte(bytes[position]) {
                if position > pieceStart {
                    let piece = pieceStart..<position
                    budget.charge(piece.count)
                    classifyToken(bytes, piece, shape: ByteShape(bytes, piece), into: &spans, budget: &budget)
                }
                pieceStart = position + 1
            }
            return
        }
        budget.charge(2 * token.count + 2)
        if let kind = TokenClassifier.classify(bytes, loose, shape: shape) {
            spans.append(DetectedSpan(loose, kind))
            return
        }
        // `loose` is trimmed of all but brackets: only a `[` first or a `]` last starts another trim.
        let opens = bytes[loose.lowerBound] == 0x5b || bytes[loose.upperBound - 1] == 0x5d
        let tight = opens ? Self.trim(bytes, loose, brackets: true) : loose
        if tight != loose, !tight.isEmpty { budget.charge(tight.count + 1) }
        if tight != loose, !tight.isEmpty, let kind = TokenClassifier.classify(bytes, tight) {
            spans.append(DetectedSpan(tight, kind))
            return
        }
        // Split at delimiters that never occur inside the token kinds (`tight` has none when
        // `loose` has none: nothing is split and nothing charged).
        guard shape.has(.delimiter) else { return }
        // `isDelimiter` by the shape table's flag: one load a byte.
        ByteShape.table.withUnsafeBufferPointer { table in
            var pieceStart = tight.lowerBound
            var foundDelimiter = false
            for position in tight.lowerBound...tight.upperBound {
                let atEnd = position == tight.upperBound
                if atEnd || table[Int(bytes[position])] & ByteShape.delimiter.rawValue != 0 {
                    if !atEnd { foundDelimiter = true }
                    if foundDelimiter, position > pieceStart {
                        let piece = Self.trim(bytes, pieceStart..<position, brackets: true)
                        budget.charge(position - pieceStart + 1)
                        if !piece.isEmpty, let kind = TokenClassifier.classify(bytes, piece) { spans.append(DetectedSpan(piece, kind)) }
                    }
                    pieceStart = position + 1
                }
            }
        }
    }

    /// A quote, brace or angle bracket: markup glued without spaces (`ByteShape.markup`).
    @inline(__always) static func isMarkupByte(_ b: UInt8) -> Bool {
        b == 0x22 || b == 0x3c || b == 0x3e || b == 0x7b || b == 0x7d
    }

    static func isDelimiter(_ b: UInt8) -> Bool {
        switch b {
        case 0x3d, 0x2c, 0x3b, 0x28, 0x29, 0x22, 0x27, 0x3c, 0x3e, 0x7c, 0x7b, 0x7d, 0x60, 0x5b, 0x5d: true  // = , ; ( ) " ' < > | { } ` [ ]
        default: false
        }
    }

    /// Strips quotes, parentheses, braces and trailing sentence punctuation; `brackets` also strips [ ].
    @inline(__always)
    static func trim(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>, brackets: Bool) -> Range<Int> {
        var start = range.lowerBound, end = range.upperBound
        // The two byte sets by their flags (`TokenShapeMasks`): a load and a test a byte, no
        // chain of compares or jump table (the tests' `isTrimmedFirst`, `isTrimmedLast` are the chains).
        let leading = brackets ? TokenShapeMasks.trimFirstBracket : TokenShapeMasks.trimFirst
        let trailing = brackets ? TokenShapeMasks.trimLastBracket : TokenShapeMasks.trimLast
        while start < end, TokenShapeMasks.flags(bytes[start]) & leading != 0 { start += 1 }
        while end > start, TokenShapeMasks.flags(bytes[end - 1]) & trailing != 0 {
            // Keep a trailing "::" of an IPv6 address and the ']' of "[v6]".
            if bytes[end - 1] == 0x3a, end - 2 >= start, bytes[end - 2] == 0x3a { break }
            end -= 1
        }
        return start..<end
    }

}

/// Which trigger bytes of the detector passes a text has (`present(of:)`, from the text's
/// whitespace tokens; the tests' `present(in:)` reads the bytes themselves).
enum ByteClasses {
    static let dash: UInt8 = 1  // '-': PEM armour, command-line flags
    static let semicolon: UInt8 = 2  // ';': connection strings
    static let quote: UInt8 = 4  // '"' or '\'': quoted paths and quoted values
    static let assign: UInt8 = 8  // '=' or ':': assignments
    static let slash: UInt8 = 16  // '/': `/user:`
    static let angle: UInt8 = 32  // '<': XML elements

    /// The trigger classes of a text, from its whitespace tokens' shapes: every trigger byte is in
    /// a token, and each trigger class is one `ByteShape` class or flag.
    @inline(__always)
    static func present(of tokens: UnsafeBufferPointer<WhitespaceToken>) -> UInt8 {
        var union: UInt32 = 0
        for token in tokens { union |= token.shape.rawValue }
        let shape = ByteShape(rawValue: union)
        var present: UInt8 = 0
        if shape.has(.dash) { present |= dash }
        if shape.has(.semicolon) { present |= semicolon }
        if shape.has(.quote) { present |= quote }
        if shape.has(.equals | .colon) { present |= assign }
        if shape.has(.slash) { present |= slash }
        if shape.has(.openAngle) { present |= angle }
        return present
    }

}

extension DetectorSet {
    /// `value(kind)` for every kind, indexed by `DetectorKind.ordinal`.
    static func kindTable<T>(_ value: (DetectorKind) -> T) -> [T] {
        DetectorKind.allCases.map(value)
    }
}

/// A whitespace-delimited token of the text. `appendSpans` cuts the text once for the three
/// token-level passes (company names, street addresses, token kinds), which used to cut it
/// one time each.
struct WhitespaceToken {
    var raw: Range<Int>
    /// `AddressScan.core(raw)`: without quotes, brackets, trailing `,;:` and markup around it.
    var core: Range<Int>
    /// The union of the classes of `raw`'s bytes, noted by the cut: a pass whose token must
    /// have (or lack) a class answers from it without reading the bytes again.
    var shape: ByteShape

    /// The first `<` in `raw`, or -1 (read only in a token that has one).
    @inline(__always) func open(in bytes: UnsafeBufferPointer<UInt8>) -> Int {
        shape.has(.openAngle) ? ByteWords.firstIndex(of: 0x3c, in: bytes, from: raw.lowerBound, limit: raw.upperBound) : -1
    }

    /// Calls `body` with the tokens of `bytes`, in order: on the stack for a log line's 25
    /// tokens or fewer, else in memory allocated for the most tokens the rest of the text can
    /// hold (one a two bytes), each written once in place (no append a token).
    static func withTokens<Result>(_ bytes: UnsafeBufferPointer<UInt8>, _ body: (UnsafeBufferPointer<WhitespaceToken>) -> Result) -> Result {
        ByteShape.table.withUnsafeBufferPointer { table in
            let last = Final(bytes, table)
            return withUnsafeTemporaryAllocation(of: WhitespaceToken.self, capacity: 1000 / MemoryLayout<WhitespaceToken>.stride) { stack in
                var index = 0
                let count = cut(bytes, table, last, from: &index, into: stack)
                defer { _ = stack.baseAddress!.deinitialize(count: count) }
                if index == bytes.count { return body(UnsafeBufferPointer(rebasing: stack[0..<count])) }
                let heap = UnsafeMutableBufferPointer<WhitespaceToken>.allocate(capacity: count + (bytes.count - index + 1) / 2)
                _ = heap.initialize(fromContentsOf: stack[0..<count])
                let total = count + cut(bytes, table, last, from: &index, into: UnsafeMutableBufferPointer(rebasing: heap[count...]))
                defer {
                    _ = heap.baseAddress!.deinitialize(count: total)
                    heap.deallocate()
                }
                precondition(index == bytes.count, "more tokens than the text can hold")
                return body(UnsafeBufferPointer(rebasing: heap[0..<total]))
            }
        }
    }

    /// The text's last token, read back from its end (its shape on the way): every token before
    /// it ends at a space, so the cut's loop over a token needs no test for the end of the text.
    private struct Final {
        /// `start..<end`, empty when the text has no token; `bytes[start - 1]` is a space when `start` > 0.
        var start: Int, end: Int
        var shape: UInt32

        @inline(__always) init(_ bytes: UnsafeBufferPointer<UInt8>, _ table: UnsafeBufferPointer<UInt32>) {
            end = bytes.count
            while end > 0, Bytes.isSpace(bytes[end - 1]) { end -= 1 }
            start = end
            shape = 0
            // Two bytes a step while two are left before `start`, then the first byte.
            while start > 1 {
                let classes = table[Int(bytes[start &- 1])]
                if classes & ByteShape.space.rawValue != 0 { return }
                let before = table[Int(bytes[start &- 2])]
                shape |= classes
                if before & ByteShape.space.rawValue != 0 {
                    start &-= 1
                    return
                }
                shape |= before
                start &-= 2
            }
            if start == 1 {
                let classes = table[Int(bytes[0])]
                if classes & ByteShape.space.rawValue == 0 {
                    shape |= classes
                    start = 0
                }
            }
        }
    }

    /// Cuts the tokens from `index` into `storage` (initializing them) until the text or the
    /// storage ends; returns how many, `index` left past the last. A token's bytes are read once
    /// (one load of its `ByteShape` class a byte gives its shape and its end; the shape says
    /// whether it has a byte the core cuts at, and a `<`).
    @inline(__always)
    private static func cut(
        _ bytes: UnsafeBufferPointer<UInt8>, _ table: UnsafeBufferPointer<UInt32>, _ last: Final, from index: inout Int,
        into storage: UnsafeMutableBufferPointer<WhitespaceToken>
    ) -> Int {
        guard let base = storage.baseAddress else { return 0 }
        var count = 0
        while count < storage.count {
            while index < bytes.count, Bytes.isSpace(bytes[index]) { index += 1 }
            guard index < bytes.count else { break }
            let start = index
            var end = index
            var shape: UInt32 = 0
            if start < last.start {
                // A space at `last.start - 1` at the latest ends this token. Two bytes a step:
                // after a byte that is no space, the next is still at or before that space.
                while true {
                    let classes = table[Int(bytes[end])]
                    if classes & ByteShape.space.rawValue != 0 { break }
                    let next = table[Int(bytes[end &+ 1])]
                    shape |= classes
                    if next & ByteShape.space.rawValue != 0 {
                        end &+= 1
                        break
                    }
                    shape |= next
                    end &+= 2
                }
                index = end &+ 1  // past that space
            } else {
                // Tokens follow one another: past the one before it, `index` is `last.start`.
                end = last.end
                shape = last.shape
                index = end
            }
            // Most tokens have no byte `core` cuts at: they are their own core.
            var token = WhitespaceToken(
                raw: Range(uncheckedBounds: (start, end)), core: Range(uncheckedBounds: (start, end)), shape: ByteShape(rawValue: shape))
            if shape & ByteShape.coreCut.rawValue != 0 {
                token.core = AddressScan.core(bytes, token.raw, open: token.open(in: bytes), restarts: shape & ByteShape.coreStart.rawValue != 0)
            }
            (base + count).initialize(to: token)
            count &+= 1
        }
        // Past the spaces after the last token: `index` reaches the end when no token is left.
        while index < bytes.count, Bytes.isSpace(bytes[index]) { index += 1 }
        return count
    }
}
