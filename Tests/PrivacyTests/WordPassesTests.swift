import Privacy
import TestSupport
import Testing

/// The word passes' shortcuts: the anonymizer's name rules start at the first word that can
/// start one (after lowercase words, cues and dates are still read as neighbours); a brand is
/// looked up only before a capitalized word, and the scan's all-capitals words' lists only next
/// to a capitalized word; placeholder names are read eight bytes at a time. Each test checks
/// what the rules decide, on both sides of a shortcut.
@Suite("Word passes")
struct WordPassesTests {
    let anonymizer = Anonymizer(policy: testPolicy)
    let scanner = VerificationScanner(policy: testPolicy)

    @Test(
        "name rules after lowercase words still read their neighbours",
        arguments: [
            ("the job was sent by Mark Baker today", "the job was sent by [NAME] [NAME] today"),
            ("disk full; escalated to Nagy Anna", "disk full; escalated to [NAME] [NAME]"),
            ("at noon J. Fisher approved it", "at noon [NAME]. [NAME] approved it"),
            ("restarted on 14 May 2025 after the patch", "restarted on 14 May 2025 after the patch"),
            ("moved the keys to Azure Key Vault in West Europe", "moved the keys to Azure Key Vault in West Europe"),
        ])
    func names(_ text: String, _ expected: String) {
        #expect(anonymizer.anonymize(text) == expected)
    }

    /// An all-capitals anchor still takes in a capitalized word joined to it (`UK South`), and
    /// capitals elsewhere in the text do not hide a name.
    @Test(
        "the scan's name check",
        arguments: [
            ("the job was sent by Mark Baker today", ["person_name"]),
            ("the DNS zone Mark Baker owns", ["person_name"]),
            ("ORA error, call Hill", ["person_name"]),
            ("deployed in UK South since noon", []),
            ("moved to AWS Glue and Azure Key Vault", []),
            ("moved the keys to Azure Key Vault in West Europe", []),
        ] as [(String, Set<String>)])
    func scanNames(_ text: String, _ kinds: Set<String>) {
        #expect(Set(scanner.scan(text).map(\.kind)) == kinds)
    }

    /// The scan keeps only words that start with a capital: the cue (and `to`) before a word,
    /// and whether the next kept word is the next word, are still read.
    @Test(
        "the scan's name rules read the words around a capitalized word",
        arguments: [
            ("disk full; escalated to Nagy Anna", "unknown_word:24-28,person_name:24-28,unknown_word:29-33,person_name:29-33"),
            ("ticket from Snow, Crystal today", "person_name:12-16,person_name:12-16,person_name:18-25"),
            ("at noon J. Fisher approved it", "person_name:8-17,person_name:11-17"),
            ("the report by the Hill team", "person_name:18-22"),
            ("Reason: Hill road closed", ""),
            ("Mark was here", "person_name:0-4"),
        ])
    func scanFindings(_ text: String, _ expected: String) {
        #expect(scanner.scan(text).map { "\($0.kind):\($0.start)-\($0.end)" }.joined(separator: ",") == expected)
    }

    /// Placeholder names are read eight bytes at a time, 40 bytes at most: names across a chunk's
    /// edge, back to back, too long or unclosed are blanked (or not) as before, with the same
    /// findings and the same step counts (recorded from the byte-at-a-time scan).
    @Test(
        "placeholders are blanked as before",
        arguments: [
            ("[HOST] down", "", 477),
            ("x [GCP_PROJECT] y", "", 738),
            ("dsn [CONNECTION_STRING] failed", "unknown_word:0-3", 1245),
            ("see [NAME][NAME] now", "", 899),
            ("[ABCDEFGHIJKLMNOPQRSTUVWXYZABCDEFGHIJKLMN] x", "unknown_word:1-41", 2101),
            ("[HOST", "", 238),
            ("[Host] up", "", 405),
            ("a [IP]", "", 280),
        ])
    func placeholders(_ text: String, _ expected: String, _ steps: Int) {
        #expect(scanner.scan(text).map { "\($0.kind):\($0.start)-\($0.end)" }.joined(separator: ",") == expected)
        var budget = ScanBudget.unlimited
        _ = scanner.kinds(in: text, terms: SensitiveTermMatcher(terms: []), budget: &budget)
        #expect(budget.steps == steps)
    }

    /// Random numbers (seed printed): one to eight digits pass the allow-list, nine to twelve
    /// are an unknown word (its tokens are read eight bytes at a time: both sides of a chunk).
    @Test("numbers of up to eight digits pass the allow-list, longer ones do not")
    func numbers() {
        let seed = UInt64.random(in: 1...UInt64.max)
        print("WordPassesTests.numbers seed \(seed)")
        var random = SeededGenerator(seed: seed)
        for _ in 0..<200 {
            let length = Int(random.next() % 12) + 1
            let digits = String((0..<length).map { _ in Character(String(random.next() % 10)) })
            let kinds = scanner.kinds(in: "port \(digits) open")
            #expect(kinds.contains("unknown_word") == (length > 8), "seed \(seed): \(digits) \(kinds)")
        }
    }
}
