/// Rewrites free text so that only what the network may keep remains: every detected kind
/// becomes its typed placeholder, names become `[NAME]`, the caller's sensitive terms and
/// any word outside the vocabulary become `[REDACTED]`.
///
/// The verification scanner checks the result independently; the anonymizer never decides
/// alone that a text is clean.
public struct Anonymizer: Sendable {
    public let policy: Policy
    private let detectors: DetectorSet
    private let words: WordRules

    public init(policy: Policy) {
        self.policy = policy
        self.detectors = DetectorSet(enabled: policy.freeText.enabledKinds)
        self.words = WordRules(vocabulary: policy.freeText.vocabulary)
    }

    public func anonymize(_ text: String, sensitiveTerms: [String] = []) -> String {
        var copy = text
        return copy.withUTF8 { bytes in
            let out = rewrite(bytes, terms: SensitiveTermMatcher(terms: sensitiveTerms))
            return String(decoding: out, as: UTF8.self)
        }
    }

    func rewrite(_ bytes: UnsafeBufferPointer<UInt8>, terms: SensitiveTermMatcher) -> [UInt8] {
        var spans = detectors.spans(in: bytes)
        spans += terms.spans(in: bytes)
        spans += policy.freeText.customPatterns.flatMap { $0.spans(in: bytes) }
        let merged = SpanMerger.merge(spans)
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        var cursor = 0
        for span in merged {
            if span.range.lowerBound > cursor { words.rewrite(bytes, cursor..<span.range.lowerBound, into: &out) }
            out.append(contentsOf: (span.placeholder ?? policy.freeText.placeholder(for: span.kind)).utf8)
            cursor = span.range.upperBound
        }
        if cursor < bytes.count { words.rewrite(bytes, cursor..<bytes.count, into: &out) }
        return out
    }
}
