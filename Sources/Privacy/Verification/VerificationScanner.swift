/// The independent second check of anonymized free text. It does not call the anonymizer:
/// it re-reads the final text and reports anything that is not a placeholder, a vocabulary
/// word or an allowed technical shape, plus every detector's match, high-entropy tokens and
/// the caller's sensitive terms. Any finding rejects the whole contribution.
package struct VerificationScanner: Sendable {
    private let detectors: DetectorSet
    private let allowList: AllowList
    private let nameCheck: NameCheck
    private let freeText: FreeTextSettings
    private let placeholderSet: ByteWordSet

    package init(policy: Policy) {
        detectors = DetectorSet(enabled: policy.freeText.enabledKinds)
        allowList = AllowList(vocabulary: policy.freeText.vocabulary)
        nameCheck = NameCheck(vocabulary: policy.freeText.vocabulary)
        freeText = policy.freeText
        placeholderSet = ByteWordSet(policy.freeText.allPlaceholders)
    }

    /// Findings in `text`, with Unicode scalar offsets.
    package func scan(_ text: String, sensitiveTerms: [String] = []) -> [Finding] {
        var copy = text
        var budget = ScanBudget.unlimited
        let spans = copy.withUTF8 { findings(in: $0, terms: SensitiveTermMatcher(terms: sensitiveTerms), budget: &budget) }
        return ScalarOffsets.findings(text, spans)
    }

    /// Kinds found in `text` (no offsets): what a 422 or an audit entry may say.
    package func kinds(in text: String, sensitiveTerms: [String] = []) -> Set<String> {
        var budget = ScanBudget.unlimited
        return kinds(in: text, terms: SensitiveTermMatcher(terms: sensitiveTerms), budget: &budget)
    }

    /// The same, counting its steps in `budget` (the caller checks it: see `ScanBudget`).
    package func kinds(in text: String, terms: SensitiveTermMatcher, budget: inout ScanBudget) -> Set<String> {
        var copy = text
        let found = copy.withUTF8 { findings(in: $0, terms: terms, budget: &budget) }
        guard !found.isEmpty else { return [] }
        var kinds = Set<String>()
        for span in found { kinds.insert(span.kind.rawValue) }
        return kinds
    }

    func findings(in bytes: UnsafeBufferPointer<UInt8>, terms: SensitiveTermMatcher, budget: inout ScanBudget) -> [DetectedSpan] {
        // Detectors read the text as it is (they pass over placeholders); the allow-list and the
        // entropy check read it with placeholders blanked out.
        var found: [DetectedSpan] = []
        found.reserveCapacity(bytes.count / 32 + 8)
        detectors.appendSpans(in: bytes, into: &found, budget: &budget)
        if !terms.isEmpty { found += terms.spans(in: bytes, budget: &budget) }
        if !freeText.customPatterns.isEmpty { found += freeText.customSpans(in: bytes, budget: &budget) }
        // The blanked copy is temporary storage (on the stack for short texts).
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: max(bytes.count, 1)) { storage in
            let blanked = UnsafeMutableBufferPointer(rebasing: storage[0..<bytes.count])
            _ = blanked.initialize(fromContentsOf: bytes)
            PlaceholderScan.blank(bytes, into: blanked, known: placeholderSet, budget: &budget)
            // The copy (2 steps a byte), the allow-list (token split, lookups, pieces: 6) and the name
            // check (words, lists: 6) read every byte a fixed number of times.
            budget.charge(14 * bytes.count)
            let clean = UnsafeBufferPointer(blanked)
            allowList.violations(clean, into: &found)
            nameCheck.violations(clean, into: &found)
            EntropyCheck.violations(clean, into: &found, budget: &budget)
        }
        budget.charge(found.count)
        found.sort { ($0.range.lowerBound, $0.range.upperBound) < ($1.range.lowerBound, $1.range.upperBound) }
        return found
    }
}

/// Finds `[PLACEHOLDER]` occurrences of this policy.
enum PlaceholderScan {
    /// A byte of a placeholder's name: a capital or `_`.
    @inline(__always) static func isNameByte(_ b: UInt8) -> Bool { (b >= 0x41 && b <= 0x5a) || b == 0x5f }

    /// Overwrites each placeholder in `blanked` (a copy of `bytes`) with spaces.
    static func blank(
        _ bytes: UnsafeBufferPointer<UInt8>, into blanked: UnsafeMutableBufferPointer<UInt8>, known: ByteWordSet, budget: inout ScanBudget
    ) {
        budget.charge(bytes.count)
        var index = 0
        while index < bytes.count {
            index = ByteWords.next(bytes, from: index) { ByteWords.equal($0, 0x5b) }  // '['
            guard index < bytes.count else { break }
            guard bytes[index] == 0x5b else { index += 1; continue }
            // The name: capitals and `_`, 40 bytes at most, read eight at a time while they fit.
            var end = index + 1
            let limit = min(bytes.count, index + 41)
            while end + 8 <= limit {
                let word = ByteWords.load(bytes, end)
                let outside = ~(ByteWords.inRange(word, 0x41, 0x5a) | ByteWords.equal(word, 0x5f)) & (ByteWords.ones &* 0x80)
                if outside != 0 {
                    end += ByteWords.first(outside)
                    break
                }
                end += 8
            }
            while end < limit, isNameByte(bytes[end]) { end += 1 }
            budget.charge(2 * (end - index))
            if end < bytes.count, bytes[end] == 0x5d, known.contains(bytes, index..<(end + 1)) {
                for position in index...end { blanked[position] = 0x20 }
                index = end + 1
            } else {
                index += 1
            }
        }
    }
}

/// Whitespace-delimited tokens of 24 or more bytes whose bytes look random (≥ 4 bits each).
enum EntropyCheck {
    /// Quotes, `:`, `,`, braces, brackets, angle brackets, `;`, `|`: never inside a secret of the
    /// formats the detectors know (base64 keeps its `+`, `/` and `=`).
    @inline(__always) static func isGlue(_ b: UInt8) -> Bool {
        switch b {
        case 0x22, 0x27, 0x3a, 0x2c, 0x7b, 0x7d, 0x3c, 0x3e, 0x5b, 0x5d, 0x28, 0x29, 0x3b, 0x7c, 0x60: true
        default: false
        }
    }

    /// `key=value`: an `=` between a letter, digit or `_` and an alphanumeric ends the key
    /// (base64 padding `==` at the end of a token stays in it).
    @inline(__always) static func isAssignment(_ bytes: UnsafeBufferPointer<UInt8>, _ index: Int) -> Bool {
        bytes[index] == 0x3d && index > 0 && index + 1 < bytes.count && (Bytes.isAlnum(bytes[index - 1]) || bytes[index - 1] == 0x5f)
            && Bytes.isAlnum(bytes[index + 1])
    }

    /// Two reads of each token, plus the entropy count (the token and a 256-entry table) for
    /// tokens of 24 bytes or more.
    static func violations(_ bytes: UnsafeBufferPointer<UInt8>, into found: inout [DetectedSpan], budget: inout ScanBudget) {
        budget.charge(2 * bytes.count)
        var index = 0
        while index < bytes.count {
            // Tokens end at whitespace and at JSON, XML and `key=value` glue: a log line written
            // without spaces is many tokens, not one random-looking one.
            guard !Bytes.isSpace(bytes[index]), !isGlue(bytes[index]), !isAssignment(bytes, index) else { index += 1; continue }
            // Letters and digits never end a token: their runs are read a word at a time.
            var end = index
            var alnumOnly = true
            while end < bytes.count {
                end = ByteWords.runEnd(bytes, from: end, ByteWords.alnums, byte: Bytes.isAlnum)
                guard end < bytes.count, !Bytes.isSpace(bytes[end]), !isGlue(bytes[end]), !isAssignment(bytes, end) else { break }
                alnumOnly = false
                end += 1
            }
            let token = index..<end
            // The byte at `end` (if any) ends the token, so it starts none: the next read is past it.
            index = end + 1
            if token.count >= 24 { budget.charge(token.count + 256) }
            // Both shapes need eight bytes or more: a shorter token's counts would not be read.
            if token.count < 8 { continue }
            // A token under 24 bytes is never random, and a password only with a symbol (none in
            // letters and digits alone): without one, its counts need not be read.
            if token.count < 24, alnumOnly || !token.contains(where: { Bytes.isPasswordSymbol(bytes[$0]) && bytes[$0] != 0x40 }) {
                continue
            }
            var upper = 0, lower = 0, digits = 0, symbols = 0, dots = 0
            for position in token {
                let b = bytes[position]
                if Bytes.isUpper(b) {
                    upper += 1
                } else if Bytes.isLower(b) {
                    lower += 1
                } else if Bytes.isDigit(b) {
                    digits += 1
                } else if b == 0x2e {
                    dots += 1
                } else if Bytes.isPasswordSymbol(b) || b == 0x2b || b == 0x2f || b == 0x3d {
                    symbols += 1
                }
            }
            let random =
                token.count >= 24 && dots < 2 && (digits > 0 && upper > 0 && lower > 0 || symbols > 0)
                && Validators.entropy(bytes, token) >= 4.0
            // A password's shape: letters, digits and symbols like $ ! # % in one short token.
            let password =
                token.count >= 8 && (upper + lower) > 0 && digits > 0
                && token.contains { Bytes.isPasswordSymbol(bytes[$0]) && bytes[$0] != 0x40 }
            if random || password { found.append(DetectedSpan(token, .highEntropy)) }
        }
    }
}

/// Byte offsets to Unicode scalar offsets, as DESIGN.md's `scan` reports them.
enum ScalarOffsets {
    static func findings(_ text: String, _ spans: [DetectedSpan]) -> [Finding] {
        guard !spans.isEmpty else { return [] }
        // Scalars start at lead bytes: the offset of byte i is the count of lead bytes before it.
        var leadsBefore = [Int](repeating: 0, count: text.utf8.count + 1)
        var count = 0
        for (offset, byte) in text.utf8.enumerated() {
            leadsBefore[offset] = count
            if byte & 0xc0 != 0x80 { count += 1 }
        }
        leadsBefore[text.utf8.count] = count
        return spans.map { span in
            Finding(kind: span.kind.rawValue, start: leadsBefore[span.range.lowerBound], end: leadsBefore[span.range.upperBound])
        }
    }
}
