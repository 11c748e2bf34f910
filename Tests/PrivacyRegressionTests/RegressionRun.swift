import Foundation
import Privacy
import Testing

/// One pass of labelled cases through the gate, shared by the hand-written/generated suite
/// (`PrivacyRegressionTests`) and the outside corpus (`OutsideCorpusTests`).
///
/// Each case goes through `Anonymizer.anonymize` and then `VerificationScanner.scan`, both
/// built from the same policy. A leak (see `LeakCheck`) is recorded as an issue naming the
/// case's source and kind, never the secret in full (`RegressionFixtures.hint`).
struct RegressionRun {
    var tallies: [String: KindTally] = [:]
    var total = KindTally()
    /// Must-survive terms missing from the output, with how often.
    var missingTokens: [String: Int] = [:]
    /// Finding kinds of the verification scan, with the number of cases they were reported in.
    var findingKinds: [String: Int] = [:]
    var cleanCases = 0
    var cleanUnchanged = 0
    /// Sources of the clean cases whose text came out changed.
    var changedClean: [String] = []

    /// `recordsLeak` says, per case kind, whether a leak is recorded as an issue (the outside
    /// corpus tolerates a bounded number in the families still open: see `OutsideCorpus.openLeaks`).
    init(cases: [(source: String, item: PrivacyCase)], policy: Policy, recordsLeak: (String) -> Bool = { _ in true }) {
        let anonymizer = Anonymizer(policy: policy)
        let scanner = VerificationScanner(policy: policy)
        for (source, item) in cases {
            let output = anonymizer.anonymize(item.text, sensitiveTerms: item.sensitiveTerms)
            let leaks = LeakCheck.leaks(of: item.secrets, in: output)
            let findings = scanner.scan(output, sensitiveTerms: item.sensitiveTerms)
            var tally = KindTally(cases: 1)
            if !leaks.isEmpty {
                tally.leaked = 1
                if !findings.isEmpty { tally.leakedButRejected = 1 }
                let described = leaks.map { leak in
                    "secret \(leak.secretIndex + 1) of \(item.secrets.count) \(RegressionFixtures.hint(item.secrets[leak.secretIndex])) found \(leak.form)"
                }
                let scan = findings.isEmpty ? "the verification scan did not catch it" : "the verification scan rejected the text"
                if recordsLeak(item.kind) {
                    Issue.record("leak in \(source), kind \(item.kind): \(described.joined(separator: "; ")); \(scan)")
                }
            } else if !findings.isEmpty {
                tally.rejected = 1
            } else {
                tally.passed = 1
            }
            if !findings.isEmpty {
                for kind in Set(findings.map(\.kind)) { findingKinds[kind, default: 0] += 1 }
            }
            for token in item.mustSurvive {
                tally.mustSurvive += 1
                if !output.contains(token) {
                    tally.overRedacted += 1
                    missingTokens[token, default: 0] += 1
                }
            }
            if item.kind == CaseKind.clean.rawValue {
                cleanCases += 1
                if output == item.text { cleanUnchanged += 1 } else { changedClean.append(source) }
            }
            tallies[item.kind, default: KindTally()].add(tally)
            total.add(tally)
        }
    }

    /// Missing must-survive terms over all must-survive terms (0 when there are none).
    var overRedactionRate: Double {
        total.mustSurvive == 0 ? 0 : Double(total.overRedacted) / Double(total.mustSurvive)
    }

    // MARK: Report

    static func percent(_ part: Int, _ whole: Int) -> String {
        whole == 0 ? "-" : String(format: "%.1f%%", Double(part) * 100 / Double(whole))
    }

    static func pad(_ text: String, _ width: Int, left: Bool = false) -> String {
        let padding = String(repeating: " ", count: max(0, width - text.count))
        return left ? text + padding : padding + text
    }

    static func row(_ label: String, _ tally: KindTally) -> String {
        pad(label, 22, left: true) + pad("\(tally.cases)", 7) + pad("\(tally.leaked)", 7)
            + pad(percent(tally.leaked, tally.cases), 9) + pad("\(tally.leakedButRejected)", 8)
            + pad("\(tally.rejected)", 9) + pad(percent(tally.rejected, tally.cases), 9)
            + pad("\(tally.mustSurvive)", 7) + pad("\(tally.overRedacted)", 6) + pad(percent(tally.overRedacted, tally.mustSurvive), 8)
    }

    /// The per-kind table: the kinds of `order` first, then any others alphabetically, then all.
    func table(kindHeader: String, order: [String]) -> [String] {
        var lines = [
            Self.pad(kindHeader, 22, left: true) + Self.pad("cases", 7) + Self.pad("leaks", 7) + Self.pad("leak%", 9)
                + Self.pad("caught", 8) + Self.pad("rejected", 9) + Self.pad("rej%", 9) + Self.pad("terms", 7)
                + Self.pad("over", 6) + Self.pad("over%", 8)
        ]
        for kind in order + tallies.keys.filter({ !order.contains($0) }).sorted() {
            if let tally = tallies[kind] { lines.append(Self.row(kind, tally)) }
        }
        lines.append(Self.row("all", total))
        return lines
    }

    /// The lines under the table: legend, over-redaction against `target`, clean lines, the
    /// `missingLimit` most often missing terms and the scan's finding kinds.
    func summary(target: Double, missingLimit: Int) -> [String] {
        var lines: [String] = []
        lines.append("leaks: cases with a secret in the output (caught: of those, also rejected by the verification scan)")
        lines.append("rejected: no leak, but the verification scan reported findings (the gateway refuses the contribution)")
        lines.append("terms: must-survive terms; over: of those, missing from the output (over-redacted)")
        let met = overRedactionRate > target ? "NOT MET" : "met"
        lines.append(
            "over-redaction: \(total.overRedacted) of \(total.mustSurvive) must-survive terms missing = \(Self.percent(total.overRedacted, total.mustSurvive)) (target ≤ \(String(format: "%g", target * 100))%, \(met))"
        )
        lines.append("clean cases unchanged: \(cleanUnchanged) of \(cleanCases)")
        if !missingTokens.isEmpty {
            let top = missingTokens.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }.prefix(missingLimit)
            lines.append("most often missing must-survive terms: " + top.map { "\($0.key) ×\($0.value)" }.joined(separator: ", "))
        }
        if !findingKinds.isEmpty {
            let sorted = findingKinds.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }
            lines.append("verification-scan finding kinds (cases): " + sorted.map { "\($0.key) ×\($0.value)" }.joined(separator: ", "))
        }
        return lines
    }
}
