import Foundation
import PatternCore

/// The words free text may keep: English words, technical terms, and the policy's resource
/// types, step actions and regions; plus the name lists used to catch names made of words.
package final class FreeTextVocabulary: Sendable {
    /// Lowercase words and terms.
    package let words: Set<String>
    /// Whole terms kept as they are (`us-east-1`, `replicate_db`, `ElastiCache`), lowercase.
    package let exactTerms: Set<String>
    /// Lowercase given names and surnames (US Census lists in `policies/lists/`).
    package let givenNames: Set<String>
    package let surnames: Set<String>

    /// The same sets, for lookups by byte range without making Strings.
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

    package init(words: Set<String>, exactTerms: Set<String>, givenNames: Set<String>, surnames: Set<String>, technicalTerms: Set<String> = []) {
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
    ///
    /// Read as bytes (the lists are tens of thousands of lines, parsed by every process that
    /// loads a policy): lines end at LF, CR, VT or FF, which are the only newlines a text
    /// without U+0085, U+2028 or U+2029 has, and a newline is always a grapheme of its own
    /// (CR LF is one, and the empty line between them is skipped either way); an ASCII line is
    /// trimmed of spaces and tabs (the ASCII members of `.whitespaces`) and lowered in ASCII.
    /// A line with other bytes goes through `trimmingCharacters(in: .whitespaces)` and
    /// `lowercased()` as before, and a text with a non-ASCII newline is parsed as before whole.
    package static func parseList(_ text: String) -> Set<String> {
        var text = text
        return text.withUTF8 { bytes in
            if hasUnicodeNewline(bytes) { return parseListByCharacters(String(decoding: bytes, as: UTF8.self)) }
            var entries = Set<String>()
            var index = 0
            while index < bytes.count {
                var end = index
                var ascii = true
                while end < bytes.count, !isASCIINewline(bytes[end]) {
                    if bytes[end] >= 0x80 { ascii = false }
                    end += 1
                }
                let line = index..<end
                index = end + 1
                guard !line.isEmpty else { continue }
                if !ascii {
                    let trimmed = String(decoding: UnsafeBufferPointer(rebasing: bytes[line]), as: UTF8.self)
                        .trimmingCharacters(in: .whitespaces)
                    if trimmed.isEmpty || trimmed.hasPrefix("#") { continue }
                    entries.insert(trimmed.lowercased())
                    continue
                }
                var start = line.lowerBound, stop = line.upperBound
                while start < stop, bytes[start] == 0x20 || bytes[start] == 0x09 { start += 1 }
                while stop > start, bytes[stop - 1] == 0x20 || bytes[stop - 1] == 0x09 { stop -= 1 }
                if start == stop || bytes[start] == 0x23 { continue }
                let entry = String(unsafeUninitializedCapacity: stop - start) { buffer in
                    for offset in 0..<(stop - start) { buffer[offset] = Bytes.lower(bytes[start + offset]) }
                    return stop - start
                }
                entries.insert(entry)
            }
            return entries
        }
    }

    /// LF, VT, FF, CR: the ASCII characters `Character.isNewline` is true of.
    @inline(__always) private static func isASCIINewline(_ b: UInt8) -> Bool {
        b >= 0x0a && b <= 0x0d
    }

    /// U+0085 (C2 85), U+2028 (E2 80 A8) or U+2029 (E2 80 A9) anywhere in the text.
    private static func hasUnicodeNewline(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        var index = 0
        while index + 1 < bytes.count {
            if bytes[index] == 0xc2, bytes[index + 1] == 0x85 { return true }
            if bytes[index] == 0xe2, index + 2 < bytes.count, bytes[index + 1] == 0x80, bytes[index + 2] == 0xa8 || bytes[index + 2] == 0xa9 {
                return true
            }
            index += 1
        }
        return false
    }

    /// The parse by `Character`s, for texts with a non-ASCII newline.
    private static func parseListByCharacters(_ text: String) -> Set<String> {
        var entries = Set<String>()
        for line in text.split(whereSeparator: \.isNewline) {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if trimmed.isEmpty || trimmed.hasPrefix("#") { continue }
            entries.insert(trimmed.lowercased())
        }
        return entries
    }
}
