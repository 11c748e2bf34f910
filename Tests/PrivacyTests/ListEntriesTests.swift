import Foundation
import TestSupport
import Testing

@testable import Privacy

/// `ListEntries` replaced `Set<String>` for the policy's word lists: the same members (the
/// first of equal strings, as a `Set` keeps them), in `sorted()`'s order (the policy hash
/// reads them so), and the lexicon built from them answers as the one built from the words.
@Suite("Word lists")
struct ListEntriesTests {
    /// What the lists were before: a `Set` of trimmed, lowercased lines, by `Character`s.
    static func referenceParse(_ text: String) -> Set<String> {
        var entries = Set<String>()
        for line in text.split(whereSeparator: \.isNewline) {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if trimmed.isEmpty || trimmed.hasPrefix("#") { continue }
            entries.insert(trimmed.lowercased())
        }
        return entries
    }

    static let tricky = [
        "b\na\n# comment\n  Apple \t\n\napple\nB\r\nzoë\nzo\u{0065}\u{0308}\nÉmile\n\u{00C5}ngström\nA\u{030A}ngström\nß\nss\n",
        "one\u{2028}Two\u{0085}three\r\n\r\n  #x\nthree\n",
        "",
        "z\ny\nx\nx\nX\n",
        "already\nsorted\nwords\n",
    ]

    @Test("parsing keeps a Set's members on ASCII, non-ASCII and odd newlines; ASCII lists in sorted() order")
    func parseMatchesSet() {
        for text in Self.tricky {
            let parsed = ListEntries.parse(text).entries, reference = Self.referenceParse(text)
            #expect(Set(parsed) == reference && parsed.count == reference.count, "\(text.debugDescription)")
            if text.utf8.allSatisfy({ $0 < 0x80 }) { #expect(parsed == reference.sorted(), "\(text.debugDescription)") }
        }
    }

    @Test("of equal strings the first read is kept, as Set.insert keeps it")
    func firstOfEqualWins() {
        let composed = "zo\u{00EB}", decomposed = "zo\u{0065}\u{0308}"
        #expect(composed == decomposed && Array(composed.utf8) != Array(decomposed.utf8))
        for order in [[composed, decomposed], [decomposed, composed]] {
            var set = Set<String>()
            for word in order { set.insert(word) }
            let entries = ListEntries(order).entries
            #expect(entries.count == 1 && Array(entries[0].utf8) == Array(set.first!.utf8))
        }
    }

    @Test("union and subtracting answer as Set's do, seeded random lists")
    func setAlgebra() {
        let seed = UInt64(20_261_207)
        print("ListEntriesTests.setAlgebra seed \(seed)")
        var random = SeededGenerator(seed: seed)
        func next() -> UInt64 { random.next() }
        // Composed letters only: on a decomposed one `<` can disagree with `==`, and `sorted()`
        // itself then depends on a Set's iteration order.
        let alphabet = ["a", "b", "c", "é", "Z"]
        func word() -> String { (0..<(1 + Int(next() % 3))).map { _ in alphabet[Int(next() % UInt64(alphabet.count))] }.joined() }
        for _ in 0..<200 {
            let left = (0..<Int(next() % 12)).map { _ in word() }, right = (0..<Int(next() % 12)).map { _ in word() }
            let a = ListEntries(left), b = ListEntries(right)
            #expect(a.entries == Set(left).sorted())
            #expect(a.union(b).entries == Set(left).union(right).sorted(), "\(left) \(right)")
            #expect(a.subtracting(b).entries == Set(left).subtracting(right).sorted(), "\(left) \(right)")
            for probe in right { #expect(a.contains(probe) == Set(left).contains(probe)) }
            let ascii = left.map { $0.lowercased().filter(\.isASCII) }, other = right.map { $0.lowercased().filter(\.isASCII) }
            let c = ListEntries(ascii), d = ListEntries(other)
            #expect(c.lowercaseASCII && c.union(d).entries == Set(ascii).union(other).sorted(), "\(ascii) \(other)")
            #expect(c.subtracting(d).entries == Set(ascii).subtracting(other).sorted(), "\(ascii) \(other)")
            for probe in other + ["é"] { #expect(c.contains(probe) == Set(ascii).contains(probe)) }
        }
        let decomposed = ListEntries(["zo\u{0065}\u{0308}", "e\u{0301}"]), composed = ListEntries(["zo\u{00EB}", "\u{00E9}", "a"])
        #expect(Set(decomposed.union(composed).entries) == ["zo\u{00EB}", "\u{00E9}", "a"] && decomposed.union(composed).count == 3)
        #expect(decomposed.subtracting(composed).count == 0 && composed.contains("e\u{0301}"))
    }

    @Test("the shipped lists parse to the Set they were, and the lexicon merged from them is the lexicon of their words")
    func shippedLists() throws {
        var lists: [(entries: ListEntries, flags: UInt8)] = []
        var pairs: [(String, UInt8)] = []
        for (index, name) in ["english-words.txt", "technical-terms.txt", "given-names.txt", "surnames.txt"].enumerated() {
            let text = try policyText("lists/" + name)
            let entries = ListEntries.parse(text)
            #expect(entries.entries == Self.referenceParse(text).sorted(), "\(name)")
            let flags = UInt8(1) << UInt8(index)
            lists.append((entries, flags))
            pairs += entries.entries.map { ($0, flags) }
        }
        let merged = ByteLexicon(lists: lists), general = ByteLexicon(pairs)
        #expect(merged.count == general.count)
        for flags in 1...15 { #expect(merged.count(UInt8(flags)) == general.count(UInt8(flags))) }
        for (word, _) in pairs + [("Smith", 0), ("NOT-A-WORD", 0), ("zz", 0)] {
            var copy = word.uppercased()
            copy.withUTF8 { bytes in #expect(merged.flags(bytes, 0..<bytes.count) == general.flags(bytes, 0..<bytes.count), "\(word)") }
        }
    }

    @Test("a list with capitals or other scripts takes the general way and answers the same")
    func lexiconGeneralWay() {
        let lists: [(entries: ListEntries, flags: UInt8)] = [(ListEntries(["Alpha", "beta", "straße"]), 1), (ListEntries(["alpha", "gamma"]), 2)]
        let merged = ByteLexicon(lists: lists)
        let general = ByteLexicon([("Alpha", 1), ("beta", 1), ("straße", 1), ("alpha", 2), ("gamma", 2)])
        for word in ["alpha", "ALPHA", "beta", "gamma", "straße", "delta"] {
            var copy = word
            copy.withUTF8 { bytes in #expect(merged.flags(bytes, 0..<bytes.count) == general.flags(bytes, 0..<bytes.count), "\(word)") }
        }
        #expect(merged.count(3) == 4)
    }
}
