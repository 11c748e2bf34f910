import PatternCore

/// The words free text may keep: English words, technical terms, and the policy's resource
/// types, step actions and regions; plus the name lists used to catch names made of words.
public final class FreeTextVocabulary: Sendable {
    /// Lowercase words and terms.
    public let words: Set<String>
    /// Whole terms kept as they are (`us-east-1`, `replicate_db`, `ElastiCache`), lowercase.
    public let exactTerms: Set<String>
    /// Lowercase given names and surnames (US Census lists in `policies/lists/`).
    public let givenNames: Set<String>
    public let surnames: Set<String>

    /// The same sets, for lookups by byte range without making Strings.
    public let wordBytes: ByteWordSet
    public let exactTermBytes: ByteWordSet
    public let givenNameBytes: ByteWordSet
    public let surnameBytes: ByteWordSet

    /// Every technical term, name-listed or not (`west`, `cloud`): the words a technical
    /// phrase may take in around its anchor ("Cloud Spanner", "Germany West Central").
    public let technicalBytes: ByteWordSet

    public init(words: Set<String>, exactTerms: Set<String>, givenNames: Set<String>, surnames: Set<String>, technicalTerms: Set<String> = []) {
        technicalBytes = ByteWordSet(technicalTerms)
        self.words = words
        self.exactTerms = exactTerms
        self.givenNames = givenNames
        self.surnames = surnames
        wordBytes = ByteWordSet(words)
        exactTermBytes = ByteWordSet(exactTerms)
        givenNameBytes = ByteWordSet(givenNames)
        surnameBytes = ByteWordSet(surnames)
    }

    /// A vocabulary word or a policy term, by byte range, any ASCII case.
    @inline(__always)
    func knows(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> Bool {
        wordBytes.contains(bytes, range) || exactTermBytes.contains(bytes, range)
    }

    /// Parses a list file: one entry a line, `#` comments, blank lines ignored; lowercased.
    public static func parseList(_ text: String) -> Set<String> {
        var entries = Set<String>()
        for line in text.split(whereSeparator: \.isNewline) {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if trimmed.isEmpty || trimmed.hasPrefix("#") { continue }
            entries.insert(trimmed.lowercased())
        }
        return entries
    }
}

import Foundation
