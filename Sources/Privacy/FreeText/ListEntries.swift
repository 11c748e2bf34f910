import Foundation

/// A word list as the policy hash and the lexicon read it: lowercased entries, each once, in
/// `String <` order. Equal entries (`==`, canonical equivalence) are one entry, the first one
/// read, as a `Set<String>` keeps them; the order is `sorted()`'s.
///
/// Kept sorted rather than hashed: the shipped lists are 80,000 words read by every process
/// that loads a policy, and most of them are sorted already, so reading one costs a comparison
/// a line instead of a hash and an insert; the union of two lists is a merge, the canonical
/// form reads them as they are, and the lexicon is built from a merge of its four lists. That
/// holds for lists of lowercase ASCII words, which `<` orders as their bytes. On other strings
/// `<` is not always consistent with `==` (a decomposed `e` + U+0301 may sort apart from its
/// equal `é`), so a list with any of them is built through a `Set` as before.
package struct ListEntries: Sendable, Equatable {
    package private(set) var entries: [String]
    /// Every entry is ASCII with no capital: its own `lowercased()`, ordered as its bytes.
    let lowercaseASCII: Bool

    package var count: Int { entries.count }

    /// The entries of `strings`, each once (the first of equal ones), in `<` order.
    package init(_ strings: some Sequence<String>) {
        let strings = Array(strings)
        self.init(firstOfEqual: strings, lowercaseASCII: strings.allSatisfy(Self.isLowercaseASCII))
    }

    private init(sortedUnique entries: [String], lowercaseASCII: Bool) {
        self.entries = entries
        self.lowercaseASCII = lowercaseASCII
    }

    static func isLowercaseASCII(_ string: String) -> Bool {
        string.utf8.allSatisfy { $0 < 0x80 && !($0 >= 0x41 && $0 <= 0x5a) }
    }

    /// Sorts `strings` stably (if they are not sorted already) and keeps the first of each run
    /// of equal strings: the members and the representatives a `Set` built in this order has.
    private init(firstOfEqual strings: [String], lowercaseASCII: Bool) {
        guard lowercaseASCII else {
            self.init(set: Set(strings))
            return
        }
        var increasing = true
        var index = 1
        while index < strings.count {
            if !(strings[index - 1] < strings[index]) { increasing = false; break }
            index += 1
        }
        if increasing { self.init(sortedUnique: strings, lowercaseASCII: lowercaseASCII); return }
        let sorted = StringSort.sorted(strings)
        var unique: [String] = []
        unique.reserveCapacity(sorted.count)
        for string in sorted where unique.last != string { unique.append(string) }
        self.init(sortedUnique: unique, lowercaseASCII: lowercaseASCII)
    }

    /// The members of `set`, in `StringSort`'s order (`sorted()`'s).
    private init(set: Set<String>) {
        self.init(sortedUnique: StringSort.sorted(set), lowercaseASCII: set.allSatisfy(Self.isLowercaseASCII))
    }

    /// Both lists' entries; of equal ones, `self`'s (`Set.union`'s members): a merge.
    package func union(_ other: ListEntries) -> ListEntries {
        if other.entries.isEmpty { return self }
        if entries.isEmpty { return other }
        guard lowercaseASCII, other.lowercaseASCII else { return ListEntries(set: Set(entries).union(other.entries)) }
        var merged: [String] = []
        merged.reserveCapacity(entries.count + other.entries.count)
        var left = 0, right = 0
        while left < entries.count, right < other.entries.count {
            let a = entries[left], b = other.entries[right]
            if a < b {
                merged.append(a)
                left += 1
            } else if b < a {
                merged.append(b)
                right += 1
            } else {
                merged.append(a)
                left += 1
                right += 1
            }
        }
        merged.append(contentsOf: entries[left...])
        merged.append(contentsOf: other.entries[right...])
        return ListEntries(sortedUnique: merged, lowercaseASCII: lowercaseASCII && other.lowercaseASCII)
    }

    /// The entries `other` has no equal of.
    package func subtracting(_ other: ListEntries) -> ListEntries {
        guard lowercaseASCII, other.lowercaseASCII else {
            let removed = Set(other.entries)
            return ListEntries(sortedUnique: entries.filter { !removed.contains($0) }, lowercaseASCII: lowercaseASCII)
        }
        return ListEntries(sortedUnique: entries.filter { !other.contains($0) }, lowercaseASCII: lowercaseASCII)
    }

    /// Whether an entry equals `string` (a binary search in a lowercase ASCII list).
    package func contains(_ string: String) -> Bool {
        guard lowercaseASCII, string.utf8.allSatisfy({ $0 < 0x80 }) else { return entries.contains(string) }
        var low = 0, high = entries.count
        while low < high {
            let middle = (low + high) / 2
            if entries[middle] < string { low = middle + 1 } else { high = middle }
        }
        return low < entries.count && entries[low] == string
    }

    /// Parses a list file: one entry a line, `#` comments, blank lines ignored; lowercased.
    ///
    /// Read as bytes: lines end at LF, CR, VT or FF, which are the only newlines a text
    /// without U+0085, U+2028 or U+2029 has, and a newline is always a grapheme of its own
    /// (CR LF is one, and the empty line between them is skipped either way); an ASCII line is
    /// trimmed of spaces and tabs (the ASCII members of `.whitespaces`) and lowered in ASCII.
    /// A line with other bytes goes through `trimmingCharacters(in: .whitespaces)` and
    /// `lowercased()`, and a text with a non-ASCII newline is split by `Character`s.
    package static func parse(_ text: String) -> ListEntries {
        var text = text
        let parsed: (lines: [String], ascii: Bool) = text.withUTF8 { bytes in Self.lines(bytes) }
        return ListEntries(firstOfEqual: parsed.lines, lowercaseASCII: parsed.ascii)
    }

    /// The entries in file order, and whether every line was ASCII (lowered to lowercase ASCII).
    private static func lines(_ bytes: UnsafeBufferPointer<UInt8>) -> ([String], Bool) {
        if hasUnicodeNewline(bytes) {
            let lines = linesByCharacters(String(decoding: bytes, as: UTF8.self))
            return (lines, lines.allSatisfy(isLowercaseASCII))
        }
        var entries: [String] = []
        var allASCII = true
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
                allASCII = false
                let trimmed = String(decoding: UnsafeBufferPointer(rebasing: bytes[line]), as: UTF8.self)
                    .trimmingCharacters(in: .whitespaces)
                if trimmed.isEmpty || trimmed.hasPrefix("#") { continue }
                entries.append(trimmed.lowercased())
                continue
            }
            var start = line.lowerBound, stop = line.upperBound
            while start < stop, bytes[start] == 0x20 || bytes[start] == 0x09 { start += 1 }
            while stop > start, bytes[stop - 1] == 0x20 || bytes[stop - 1] == 0x09 { stop -= 1 }
            if start == stop || bytes[start] == 0x23 { continue }
            entries.append(
                String(unsafeUninitializedCapacity: stop - start) { buffer in
                    for offset in 0..<(stop - start) { buffer[offset] = Bytes.lower(bytes[start + offset]) }
                    return stop - start
                })
        }
        return (entries, allASCII)
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

    /// The lines by `Character`s, for texts with a non-ASCII newline.
    private static func linesByCharacters(_ text: String) -> [String] {
        var entries: [String] = []
        for line in text.split(whereSeparator: \.isNewline) {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if trimmed.isEmpty || trimmed.hasPrefix("#") { continue }
            entries.append(trimmed.lowercased())
        }
        return entries
    }
}
