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
        let found = UTF8Access.withBytes(of: text) { findings(in: $0, terms: terms, budget: &budget) }
        guard !found.isEmpty else { return [] }
        var kinds = Set<String>()
        for span in found { kinds.insert(span.kind.rawValue) }
        return kinds
    }

    func findings(in bytes: UnsafeBufferPointer<UInt8>, terms: SensitiveTermMatcher, budget: inout ScanBudget) -> [DetectedSpan] {
        // Detectors read the text as it is (they pass over placeholders); the allow-list and the
        // entropy check read it with placeholders blanked out.
        // Most verified texts are clean: no capacity is reserved (nor allocated) before a finding.
        var found: [DetectedSpan] = []
        detectors.appendSpans(in: bytes, into: &found, budget: &budget)
        if !terms.isEmpty { found += terms.spans(in: bytes, budget: &budget) }
        if !freeText.customPatterns.isEmpty { found += freeText.customSpans(in: bytes, budget: &budget) }
        // The blanked copy is temporary storage (on the stack for short texts).
        // One more byte holds a space after the text, where the token pass's runs stop.
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: bytes.count + 1) { storage in
            let blanked = UnsafeMutableBufferPointer(rebasing: storage[0..<bytes.count])
            _ = blanked.initialize(fromContentsOf: bytes)
            (storage.baseAddress! + bytes.count).initialize(to: 0x20)
            PlaceholderScan.blank(bytes, into: blanked, known: placeholderSet, budget: &budget)
            // The copy (2 steps a byte), the allow-list (token split, lookups, pieces: 6) and the name
            // check (words, lists: 6) read every byte a fixed number of times.
            budget.charge(14 * bytes.count)
            let clean = UnsafeBufferPointer(blanked)
            // The allow-list and the entropy check in one pass; the entropy findings go last, as before.
            var entropy: [DetectedSpan] = []
            TokenPass.violations(
                clean, padded: UnsafeBufferPointer(rebasing: storage[0...bytes.count]), allowList: allowList, into: &found, entropy: &entropy,
                budget: &budget)
            nameCheck.violations(clean, into: &found)
            if !entropy.isEmpty { found += entropy }
        }
        budget.charge(found.count)
        // (Fewer than two are in order; sorting an empty array would first make its storage unique.)
        if found.count > 1 { found.sort { ($0.range.lowerBound, $0.range.upperBound) < ($1.range.lowerBound, $1.range.upperBound) } }
        return found
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
