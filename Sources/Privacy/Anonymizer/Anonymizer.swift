/// Rewrites free text so that only what the network may keep remains: every detected kind
/// becomes its typed placeholder, names become `[NAME]`, the caller's sensitive terms and
/// any word outside the vocabulary become `[REDACTED]`.
///
/// The verification scanner checks the result independently; the anonymizer never decides
/// alone that a text is clean.
package struct Anonymizer: Sendable {
    package let policy: Policy
    private let detectors: DetectorSet
    private let words: WordRules
    /// Every placeholder's bytes end to end, and where each lies by kind (in
    /// `DetectorKind.allCases` order) and by custom pattern: a span's placeholder is read in place,
    /// with no array of its own retained and released per span.
    private let placeholderBytes: [UInt8]
    private let kindPlaceholders: [Range<Int>]
    private let customPlaceholders: [Range<Int>]
    private let freeText: FreeTextSettings

    package init(policy: Policy) {
        self.policy = policy
        self.detectors = DetectorSet(enabled: policy.freeText.enabledKinds)
        self.words = WordRules(vocabulary: policy.freeText.vocabulary)
        var bytes: [UInt8] = []
        func place(_ placeholder: String) -> Range<Int> {
            let start = bytes.count
            bytes += Array(placeholder.utf8)
            return start..<bytes.count
        }
        kindPlaceholders = DetectorSet.kindTable { place(policy.freeText.placeholder(for: $0)) }
        customPlaceholders = policy.freeText.customPatterns.map { place($0.placeholder) }
        placeholderBytes = bytes
        freeText = policy.freeText
    }

    package func anonymize(_ text: String, sensitiveTerms: [String] = []) -> String {
        var budget = ScanBudget.unlimited
        return anonymize(text, terms: SensitiveTermMatcher(terms: sensitiveTerms), budget: &budget)
    }

    /// The rewrite, counting its steps in `budget` (the caller checks it: see `ScanBudget`).
    package func anonymize(_ text: String, terms: SensitiveTermMatcher, budget: inout ScanBudget) -> String {
        UTF8Access.withBytes(of: text) { bytes in
            // Placeholders may be longer than what they replace: a quarter more, as a first guess.
            // The output is written into temporary storage (on the stack for a log line), then
            // copied once into the result: no allocation of its own unless it outgrows the guess.
            withUnsafeTemporaryAllocation(of: UInt8.self, capacity: bytes.count + bytes.count / 4 + 32) { storage in
                var out = ByteSink(startingIn: storage)
                defer { out.free() }
                rewrite(bytes, terms: terms, into: &out, budget: &budget)
                // A text with nothing to rewrite comes back as it was: the same bytes, so the same
                // string (valid UTF-8, as every `String` is), without building a new one.
                if out.count == bytes.count, out.bytesEqual(bytes) { return text }
                return out.string
            }
        }
    }

    func rewrite(_ bytes: UnsafeBufferPointer<UInt8>, terms: SensitiveTermMatcher, into out: inout ByteSink, budget: inout ScanBudget) {
        var spans: [DetectedSpan] = []
        spans.reserveCapacity(bytes.count / 32 + 8)
        detectors.appendSpans(in: bytes, into: &spans, budget: &budget)
        if !terms.isEmpty { spans += terms.spans(in: bytes, budget: &budget) }
        if !freeText.customPatterns.isEmpty { spans += freeText.customSpans(in: bytes, budget: &budget) }
        budget.charge(spans.count)
        SpanMerger.mergeInPlace(&spans)
        var scratch = WordRules.Scratch()
        var cursor = 0
        placeholderBytes.withUnsafeBufferPointer { placeholders in
            for span in spans {
                if span.range.lowerBound > cursor {
                    words.rewrite(bytes, cursor..<span.range.lowerBound, into: &out, scratch: &scratch, budget: &budget)
                }
                let placeholder = span.customPattern >= 0 ? customPlaceholders[Int(span.customPattern)] : kindPlaceholders[span.kind.ordinal]
                out.append(contentsOf: UnsafeBufferPointer(rebasing: placeholders[placeholder]))
                cursor = span.range.upperBound
            }
        }
        if cursor < bytes.count { words.rewrite(bytes, cursor..<bytes.count, into: &out, scratch: &scratch, budget: &budget) }
    }
}
