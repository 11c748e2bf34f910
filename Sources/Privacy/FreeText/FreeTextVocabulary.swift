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
    /// All four lists in one table: one lookup answers every membership (`Lists` flags).
    let lexicon: ByteLexicon

    /// Flags of `lexicon`.
    enum Lists {
        static let word: UInt8 = 1
        static let exactTerm: UInt8 = 2
        static let givenName: UInt8 = 4
        static let surname: UInt8 = 8
        /// A vocabulary word or a policy term.
        static let known: UInt8 = word | exactTerm
    }

    /// Every technical term, name-listed or not (`west`, `cloud`): the words a technical
    /// phrase may take in around its anchor ("Cloud Spanner", "Germany West Central").
    public let technicalBytes: ByteWordSet

    public init(words: Set<String>, exactTerms: Set<String>, givenNames: Set<String>, surnames: Set<String>, technicalTerms: Set<String> = []) {
        technicalBytes = ByteWordSet(technicalTerms)
        self.words = words
        self.exactTerms = exactTerms
        self.givenNames = givenNames
        self.surnames = surnames
        var entries: [(String, UInt8)] = []
        entries.reserveCapacity(words.count + exactTerms.count + givenNames.count + surnames.count)
        for (list, flag) in [(words, Lists.word), (exactTerms, Lists.exactTerm), (givenNames, Lists.givenName), (surnames, Lists.surname)] {
            for word in list { entries.append((word, flag)) }
        }
        let lexicon = ByteLexicon(entries)
        self.lexicon = lexicon
        wordBytes = ByteWordSet(lexicon, mask: Lists.word)
        exactTermBytes = ByteWordSet(lexicon, mask: Lists.exactTerm)
        givenNameBytes = ByteWordSet(lexicon, mask: Lists.givenName)
        surnameBytes = ByteWordSet(lexicon, mask: Lists.surname)
    }

    /// A vocabulary word or a policy term, by byte range, any ASCII case.
    @inline(__always)
    func knows(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> Bool {
        lexicon.flags(bytes, range) & Lists.known != 0
    }

    /// Every list the word at `range` is on (`Lists` flags), any ASCII case.
    @inline(__always)
    func lists(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> UInt8 {
        lexicon.flags(bytes, range)
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
