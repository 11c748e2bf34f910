import Foundation
import Privacy
import Testing

/// `unit` repeated to exactly `bytes` bytes (units are ASCII).
private func repeated(_ unit: String, _ bytes: Int) -> String {
    String(String(repeating: unit, count: bytes / unit.utf8.count + 1).prefix(bytes))
}

/// What the gate does to one text, in the Privacy module: the anonymizer, the verification
/// scan of its output, and the detectors over it again (the whole-record pass).
private func gateSteps(_ text: String, terms: [String] = [], policy: Policy = testPolicy) -> Int {
    let matcher = SensitiveTermMatcher(terms: terms)
    var budget = ScanBudget.unlimited
    let anonymized = Anonymizer(policy: policy).anonymize(text, terms: matcher, budget: &budget)
    _ = VerificationScanner(policy: policy).kinds(in: anonymized, terms: matcher, budget: &budget)
    _ = DetectorSet(enabled: policy.freeText.enabledKinds).spans(in: anonymized, budget: &budget)
    _ = matcher.spans(in: anonymized, budget: &budget)
    return budget.steps
}

/// Inputs that made a detector rescan the rest of a run from every position (issue 13, finding 6).
let pathologicalUnits: [(name: String, unit: String)] = [
    ("digits and dashes", "1-"), ("digits and spaces", "1 "), ("digits and dots", "1."), ("at signs", "a@"),
    ("hex", "deadbeef0123456789abcdef"), ("open parentheses", "("), ("whitespace runs", "                               x"),
    ("plus ones", "+1 "), ("mixed digits and separators", "12-3 4.5(6)7/8 (9"), ("digit then parentheses", "1(((((((((("),
    ("inline at-frames", "at x ("), ("connection chain with spaces", "a=b;c=d e f g h i j k ; "), ("colons", "pwd: "),
    ("quotes", "user \"x "), ("brackets", "[A"), ("element tags", "<password>"), ("equals", "token="),
    // Issue 14's passes: defang markers, hex pairs, legal forms, street anchors, id runs, spelled addresses.
    ("defang markers", "a[.]"), ("hex pairs", "6a "), ("legal forms", "Acme Ltd "), ("street anchors", "12 Main Street "),
    ("nino-like runs", "AB 12 "), ("spelled addresses", "x AT y DOT "), ("unit words", "Suite 1 "),
]

@Suite("Gate work: linear scans and the step budget")
struct GateWorkTests {
    @Test("scanner steps grow linearly on pathological inputs: steps(2n) ≤ 2.2·steps(n) + 1,000", arguments: pathologicalUnits.map(\.name))
    func linear(_ name: String) {
        let unit = pathologicalUnits.first { $0.name == name }!.unit
        let n = 32 * 1024
        let small = gateSteps(repeated(unit, n))
        let large = gateSteps(repeated(unit, 2 * n))
        #expect(Double(large) <= 2.2 * Double(small) + 1_000, "\(name): \(small) steps for \(n) bytes, \(large) for \(2 * n)")
    }

    @Test("sensitive terms are matched in one pass per term, however the text repeats their prefix")
    func sensitiveTermsLinear() {
        let term = String(repeating: "a", count: 200) + "b"
        let small = gateSteps(repeated("a", 32 * 1024), terms: [term])
        let large = gateSteps(repeated("a", 64 * 1024), terms: [term])
        #expect(Double(large) <= 2.2 * Double(small) + 1_000, "\(small) then \(large)")
        // Leftmost, non-overlapping matches, as before.
        let spans = SensitiveTermMatcher(terms: ["aa"]).spans(in: "aaaaa")
        #expect(spans.map(\.range) == [0..<2, 2..<4])
        let spaced = SensitiveTermMatcher(terms: ["Acme Corp"]).spans(in: "x ACME-CORP y acmecorp")
        #expect(spaced.map(\.range) == [2..<11, 14..<22])
    }

    @Test("250 KB of any pathological input, and of honest text, stays under the default budget; honest text far under")
    func underDefaultBudget() {
        let budget = testPolicy.limits.gateWorkBudget
        #expect(budget == Policy.RequestLimits.defaultGateStepsPerByte * testPolicy.limits.maxItemBytes)
        let size = 250 * 1024
        for (name, unit) in pathologicalUnits {
            let steps = gateSteps(repeated(unit, size))
            #expect(steps < budget, "\(name): \(steps) steps of \(budget)")
        }
        let honest = repeated(
            "Replication of the orders database to the target region timed out after 3 retries; the cutover was moved to the "
                + "next window. Snapshot copy failed with AccessDenied on the backup bucket, fixed by updating the IAM role. "
                + "DNS TTL was 300 seconds, so clients saw stale records for about 5 minutes after the switch.\n", size)
        let steps = gateSteps(honest, terms: ["Acme Corp", "acme-prod", "123456789012"])
        #expect(steps * 4 < budget, "honest text: \(steps) steps of \(budget)")
    }

    @Test("the same text and policy always take the same steps, so every gateway reaches the same verdict")
    func deterministic() {
        let text = repeated("1-1 (2) +3 a@b.example deadbeef ", 20 * 1024)
        #expect(gateSteps(text) == gateSteps(text))
        var budget = ScanBudget(limit: 10)
        budget.charge(10)
        #expect(throws: Never.self) { try budget.check() }
        budget.charge(1)
        #expect(throws: ScanBudgetExceeded.self) { try budget.check() }
    }

    @Test("limits.gateWorkBudget: absent means 1,024 steps per byte of maxItemBytes; less than 64 a byte is refused")
    func policyField() throws {
        let text = try policyText("default.yaml")
        let without = text.replacingOccurrences(of: "  gateWorkBudget: 268435456\n", with: "")
        #expect(without != text)
        let policy = try loadPolicy(yaml: without)
        #expect(policy.limits.gateWorkBudget == 1024 * policy.limits.maxItemBytes)
        let tiny = text.replacingOccurrences(of: "gateWorkBudget: 268435456", with: "gateWorkBudget: 1000")
        #expect(throws: PolicyError.self) { try loadPolicy(yaml: tiny) }
    }

    @Test("the fixes find what the old scans found: phone numbers after parentheses, frames, chains")
    func sameFindings() {
        let detectors = DetectorSet(enabled: testPolicy.freeText.enabledKinds)
        func kinds(_ text: String) -> Set<String> { Set(detectors.spans(in: text).map(\.kind.rawValue)) }
        #expect(kinds("call ((+48 601 234 567 now").contains("phone_number"))
        #expect(kinds("call (((601) 234-5678 now").contains("phone_number"))
        #expect(kinds("at com.acme.Ledger.post (Ledger.java:12) at x (y) at z (Main.java:3)").contains("stack_frame"))
        #expect(kinds("Server=db01;Database=ledger;User Id=sa;Password=x y z;").contains("connection_string"))
        // Cards of every length and parity (Luhn is now kept while reading), and one that fails it.
        for card in ["4111 1111 1111 1111", "5500-0000-0000-0004", "378282246310005", "4222222222222", "6011111111111117", "6759649826438453"] {
            #expect(kinds("paid with \(card) today").contains("credit_card"), "\(card)")
        }
        #expect(!kinds("paid with 4111 1111 1111 1112 today").contains("credit_card"))
    }
}
