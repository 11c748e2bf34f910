import Foundation
import PatternCore

/// The words free text may keep: English words, technical terms, and the policy's resource
/// types, step actions and regions; plus the name lists used to catch names made of words.
package final class FreeTextVocabulary: Sendable {
    /// The byte-range sets of the lists (lowercase words and terms; `exactTerms` are whole
    /// terms kept as they are, such as `us-east-1`, `replicate_db`, `ElastiCache`; the names are
    /// the US Census lists in `policies/lists/`).
    package let wordBytes: ByteWordSet
    package let exactTermBytes: ByteWordSet
    package let givenNameBytes: ByteWordSet
    package let surnameBytes: ByteWordSet
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
    package let technicalBytes: ByteWordSet

    package init(
        words: ListEntries, exactTerms: ListEntries, givenNames: ListEntries, surnames: ListEntries, technicalTerms: ListEntries = ListEntries([])
    ) {
        technicalBytes = ByteWordSet(technicalTerms.entries)
        let lexicon = ByteLexicon(
            lists: [(words, Lists.word), (exactTerms, Lists.exactTerm), (givenNames, Lists.givenName), (surnames, Lists.surname)])
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
}
