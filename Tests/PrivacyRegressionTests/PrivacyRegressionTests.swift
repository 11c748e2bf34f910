import Foundation
import Privacy
import Testing

// Privacy regression suite (issue 3, item 9).
//
// Every case of `Corpus/handwritten.jsonl` and of the seeded `CaseGenerator` goes through the
// `Anonymizer` and then the `VerificationScanner`, both built from `policies/default.yaml`.
// - A leak is a secret of the case, or any fragment of it of six or more characters, found in
//   the anonymized text raw, lowercased, JSON-escaped or as digits only (`LeakCheck`). Any leak
//   fails the suite, also when the verification scan would have rejected the text afterwards
//   (the anonymizer is the gate; the scan is the second line).
// - Rejected: no leak, but the scan reports findings, so the gateway would refuse the
//   contribution. Safe, counted apart.
// - Over-redaction: a must-survive look-alike (`t3.large`, `port 5432`) missing from the output.
//   Reported as a rate; above 2% (issue 14's target) the suite fails.
// Messages name the case (file line or generated index) and its kind, never a secret in full.
//
// The generator's seed is printed; set PRIVACY_REGRESSION_SEED (decimal or 0x-hex) to run the
// suite on other generated cases.

enum RegressionFixtures {
    /// `<root>/Tests/PrivacyRegressionTests`.
    static let suiteDirectory = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    /// The repository root.
    static let root = suiteDirectory.deletingLastPathComponent().deletingLastPathComponent()
    static let corpusFile = suiteDirectory.appendingPathComponent("Corpus/handwritten.jsonl")

    static let minimumHandwritten = 450
    static let minimumHandwrittenClean = 50
    static let minimumGenerated = 600
    static let minimumTotal = 1_000
    /// Issue 14: at least 98% of the must-survive technical terms are kept.
    static let overRedactionTarget = 0.02

    static func loadPolicy() throws -> Policy {
        let policies = root.appendingPathComponent("policies")
        let yaml = try String(contentsOf: policies.appendingPathComponent("default.yaml"), encoding: .utf8)
        return try PolicyLoader.load(
            yaml: yaml,
            lists: { path in
                try String(contentsOf: policies.appendingPathComponent(path), encoding: .utf8)
            })
    }

    struct CorpusError: Error, CustomStringConvertible {
        var file: String
        var line: Int
        var reason: String
        var description: String { "\(file):\(line): \(reason)" }
    }

    /// The cases of a JSON-lines corpus (default: the hand-written one) with their line numbers
    /// (blank lines are skipped).
    static func loadCorpus(_ file: URL = corpusFile) throws -> [(line: Int, item: PrivacyCase)] {
        let text = try String(contentsOf: file, encoding: .utf8)
        let decoder = JSONDecoder()
        var result: [(line: Int, item: PrivacyCase)] = []
        for (index, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if trimmed.isEmpty { continue }
            do {
                result.append((index + 1, try decoder.decode(PrivacyCase.self, from: Data(trimmed.utf8))))
            } catch {
                throw CorpusError(file: file.lastPathComponent, line: index + 1, reason: "not a case: \(error)")
            }
        }
        return result
    }

    /// The generator seed: PRIVACY_REGRESSION_SEED when set, else the fixed default.
    static func seed() -> UInt64 {
        guard let raw = ProcessInfo.processInfo.environment["PRIVACY_REGRESSION_SEED"]?.trimmingCharacters(in: .whitespaces),
            !raw.isEmpty
        else { return CaseGenerator.defaultSeed }
        if raw.lowercased().hasPrefix("0x"), let value = UInt64(raw.dropFirst(2), radix: 16) { return value }
        return UInt64(raw) ?? CaseGenerator.defaultSeed
    }

    static func hex(_ seed: UInt64) -> String { "0x" + String(seed, radix: 16, uppercase: true) }

    /// A hint at a secret for messages: its first two characters, never the value.
    static func hint(_ secret: String) -> String { "\"\(secret.prefix(2))…\" (\(secret.count) characters)" }
}

/// Outcome counts of one kind label.
struct KindTally {
    var cases = 0
    var leaked = 0
    var leakedButRejected = 0
    var rejected = 0
    var passed = 0
    var mustSurvive = 0
    var overRedacted = 0

    mutating func add(_ other: KindTally) {
        cases += other.cases
        leaked += other.leaked
        leakedButRejected += other.leakedButRejected
        rejected += other.rejected
        passed += other.passed
        mustSurvive += other.mustSurvive
        overRedacted += other.overRedacted
    }
}

@Suite("Privacy regression corpus")
struct PrivacyRegressionTests {
    @Test("no secret of any case leaks through the anonymizer; leak, rejection and over-redaction rates per kind")
    func noLeaks() throws {
        let policy = try RegressionFixtures.loadPolicy()
        let seed = RegressionFixtures.seed()
        let handwritten = try RegressionFixtures.loadCorpus()
        let generated = CaseGenerator(seed: seed).generate()
        let cases: [(source: String, item: PrivacyCase)] =
            handwritten.map { ("handwritten.jsonl:\($0.line)", $0.item) }
            + generated.enumerated().map { ("generated[\($0.offset)]", $0.element) }

        let run = RegressionRun(cases: cases, policy: policy)
        print(Self.report(run, seed: seed, handwritten: handwritten.count, generated: generated.count))
        #expect(run.total.leaked == 0, "\(run.total.leaked) of \(run.total.cases) cases leak a secret (see the issues above)")
        #expect(run.total.cases == handwritten.count + generated.count)
        #expect(
            run.overRedactionRate <= RegressionFixtures.overRedactionTarget,
            "over-redaction \(run.total.overRedacted) of \(run.total.mustSurvive) must-survive terms (target \(RegressionFixtures.overRedactionTarget))"
        )
    }

    // MARK: The corpus itself

    @Test("the hand-written corpus is well-formed, covers every kind and every case can pass")
    func handwrittenCorpus() throws {
        let corpus = try RegressionFixtures.loadCorpus()
        #expect(corpus.count >= RegressionFixtures.minimumHandwritten, "only \(corpus.count) hand-written cases")
        let clean = corpus.filter { $0.item.kind == CaseKind.clean.rawValue }
        #expect(clean.count >= RegressionFixtures.minimumHandwrittenClean, "only \(clean.count) clean look-alike cases")
        let kinds = Set(corpus.map(\.item.kind))
        for kind in CaseKind.allCases where !kinds.contains(kind.rawValue) {
            Issue.record("the hand-written corpus has no case of kind \(kind.rawValue)")
        }
        for (line, item) in corpus {
            for problem in LeakCheck.problems(of: item) {
                Issue.record("handwritten.jsonl:\(line) (kind \(item.kind)): \(problem)")
            }
        }
        let valueProblems = ValueChecks.problems(in: corpus.map(\.item))
        #expect(valueProblems.isEmpty, "\(valueProblems)")
    }

    @Test("the generator is deterministic, makes at least 600 self-consistent cases and covers every kind")
    func generator() {
        let seed = CaseGenerator.defaultSeed
        let first = CaseGenerator(seed: seed).generateWithStatistics()
        let second = CaseGenerator(seed: seed).generateWithStatistics()
        print(
            "generator seed \(RegressionFixtures.hex(seed)): \(first.cases.count) cases, drafts drawn again: \(first.discarded.values.reduce(0, +))")
        // Compared as Bools, so that a failure never prints the cases (and their secrets).
        let deterministic = first.cases == second.cases
        #expect(deterministic, "the same seed must give the same cases")
        #expect(first.cases.count >= RegressionFixtures.minimumGenerated)
        #expect(first.inconsistent == 0)
        let kinds = Set(first.cases.map(\.kind))
        #expect(kinds == CaseKind.labels, "missing kinds: \(CaseKind.labels.subtracting(kinds).sorted())")
        let seedMatters = CaseGenerator(seed: seed &+ 1).generate() != first.cases
        #expect(seedMatters, "another seed must give other cases")
        for (index, item) in first.cases.enumerated() {
            for problem in LeakCheck.problems(of: item) {
                Issue.record("generated[\(index)] (kind \(item.kind)): \(problem)")
            }
        }
        let problems = ValueChecks.problems(in: first.cases)
        #expect(problems.isEmpty, "\(problems)")
    }

    @Test("the corpus has at least 1,000 cases, at least half of them generated")
    func corpusSize() throws {
        let handwritten = try RegressionFixtures.loadCorpus().count
        let generated = CaseGenerator(seed: RegressionFixtures.seed()).generate().count
        #expect(handwritten + generated >= RegressionFixtures.minimumTotal, "\(handwritten) + \(generated) cases")
        #expect(generated * 2 >= handwritten + generated, "only \(generated) of \(handwritten + generated) cases are generated")
    }

    @Test("the leak check finds a secret in each form and ignores short common fragments")
    func leakDefinition() {
        let secret = "Kowalczyk"
        #expect(LeakCheck.leaks(of: [secret], in: "user Kowalczyk").first?.form == "raw")
        #expect(LeakCheck.leaks(of: [secret], in: "user KOWALCZYK").first?.form == "lowercased")
        #expect(LeakCheck.leaks(of: [secret], in: "owner [NAME] (kowalc)").first?.form == "lowercased")
        #expect(LeakCheck.leaks(of: [secret], in: "user Kowal [NAME]").isEmpty)
        #expect(LeakCheck.leaks(of: [#"C:\x\y"#], in: #"{"p":"C:\\x\\y"}"#).first?.form == "json-escaped")
        #expect(LeakCheck.leaks(of: ["Zoltán Kovács"], in: #"{"n":"Zolt\u00e1n"}"#).first?.form == "json-escaped")
        #expect(LeakCheck.leaks(of: ["4111 1111 1111 1111"], in: "card 4111-1111-[CARD]").first?.form == "digits-only")
        #expect(LeakCheck.leaks(of: ["4111 1111 1111 1111"], in: "card [CARD] after 340 seconds").isEmpty)
        #expect(LeakCheck.leaks(of: ["10.0.0.5"], in: "host [IP] port 5432").isEmpty)
        #expect(LeakCheck.leaks(of: ["x y"], in: "password: \"x y\"").first?.form == "raw")
        #expect(LeakCheck.redactAll("a SECRET b SECRET", secrets: ["SECRET"]) == "a [REDACTED] b [REDACTED]")
    }

    // MARK: Report

    static func report(_ run: RegressionRun, seed: UInt64, handwritten: Int, generated: Int) -> String {
        var lines: [String] = []
        lines.append("Privacy regression: \(handwritten) hand-written + \(generated) generated cases (seed \(RegressionFixtures.hex(seed)))")
        lines += run.table(kindHeader: "kind", order: CaseKind.allCases.map(\.rawValue))
        lines += run.summary(target: RegressionFixtures.overRedactionTarget, missingLimit: 15)
        return lines.joined(separator: "\n")
    }
}

/// Independent checks that the corpus values are what they claim (written apart from the
/// generator's own arithmetic): Luhn for cards, ISO 13616 mod-97 for IBANs, the JWT header,
/// AWS key id and GUID shapes.
enum ValueChecks {
    static func luhnValid(_ digits: [Int]) -> Bool {
        guard digits.count >= 12 else { return false }
        var sum = 0
        for (position, digit) in digits.reversed().enumerated() {
            let doubled = position % 2 == 1 ? digit * 2 : digit
            sum += doubled > 9 ? doubled - 9 : doubled
        }
        return sum % 10 == 0
    }

    static func ibanValid(_ value: String) -> Bool {
        let compact = value.replacingOccurrences(of: " ", with: "").uppercased()
        guard compact.count >= 15, compact.count <= 34, compact.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber) }) else { return false }
        let rearranged = compact.dropFirst(4) + compact.prefix(4)
        var remainder = 0
        for character in rearranged {
            let value = character.isNumber ? Int(String(character))! : Int(character.asciiValue!) - 55
            remainder = value >= 10 ? (remainder * 100 + value) % 97 : (remainder * 10 + value) % 97
        }
        return remainder == 1
    }

    static func problems(in cases: [PrivacyCase]) -> [String] {
        var problems: [String] = []
        for (index, item) in cases.enumerated() {
            for secret in item.secrets {
                switch item.kind {
                case CaseKind.creditCard.rawValue where secret.allSatisfy({ $0.isNumber || $0 == " " || $0 == "-" }):
                    let digits = secret.compactMap(\.wholeNumberValue)
                    if !luhnValid(digits) { problems.append("case \(index) (credit_card): a card fails Luhn") }
                case CaseKind.iban.rawValue:
                    if !ibanValid(secret) { problems.append("case \(index) (iban): an IBAN fails mod-97") }
                default:
                    break
                }
                if secret.hasPrefix("eyJ") {
                    let header = String(secret.prefix { $0 != "." })
                    var base64 = header.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
                    while base64.count % 4 != 0 { base64 += "=" }
                    let json = Data(base64Encoded: base64).flatMap { try? JSONSerialization.jsonObject(with: $0) as? [String: Any] }
                    if json?["alg"] == nil || secret.split(separator: ".").count != 3 {
                        problems.append("case \(index) (\(item.kind)): a JWT without a JSON header or three parts")
                    }
                }
                if (secret.hasPrefix("AKIA") || secret.hasPrefix("ASIA")) && secret.count == 20 {
                    if !secret.dropFirst(4).allSatisfy({ "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567".contains($0) }) {
                        problems.append("case \(index) (\(item.kind)): an AWS access key id with a character outside base32")
                    }
                }
            }
        }
        return problems
    }
}
