import ErrorCodes
import Foundation
package import PatternCore
package import Privacy

/// The privacy gate: field rules, then the anonymizer on every free-text field, then the
/// independent verification scan of the final record. Any finding, or any failure inside,
/// rejects the whole contribution (fail closed). `anonymize: false` skips the rewrite, never
/// the scan.
package struct PolicyGate: ContributionGate {
    package let policy: Policy
    private let anonymizer: Anonymizer
    private let scanner: VerificationScanner
    private let detectors: DetectorSet

    package init(policy: Policy) {
        self.policy = policy
        anonymizer = Anonymizer(policy: policy)
        scanner = VerificationScanner(policy: policy)
        detectors = DetectorSet(enabled: policy.freeText.enabledKinds)
    }

    package func admit(_ contribution: ValidatedContribution) throws(GatewayError) -> ContributionRecord {
        var budget = ScanBudget(limit: policy.limits.gateWorkBudget)
        return try admit(contribution, budget: &budget)
    }

    /// The admission, counting the anonymizer's and the scan's steps in `budget`: over the
    /// policy's limit, the contribution is refused with `gate_budget_exceeded`.
    package func admit(_ contribution: ValidatedContribution, budget: inout ScanBudget) throws(GatewayError) -> ContributionRecord {
        let terms = contribution.sensitiveTerms
        let matcher = SensitiveTermMatcher(terms: terms)
        var record = FieldRules.apply(policy.keptFields, to: contribution.record)
        do throws(ScanBudgetExceeded) {
            for index in record.steps.indices {
                guard let raw = record.steps[index].errorMessage else { continue }
                if raw.isEmpty {
                    record.steps[index].errorMessage = nil
                } else if contribution.anonymize {
                    record.steps[index].errorMessage = anonymizer.anonymize(raw, terms: matcher, budget: &budget)
                    try budget.check()
                }
            }
        } catch {
            throw GatewayError.gateBudgetExceeded
        }
        let findings: [GateFinding]
        do {
            findings = try verify(record, sensitiveTerms: terms, matcher: matcher, budget: &budget)
        } catch {
            throw GatewayError.gateBudgetExceeded
        }
        guard findings.isEmpty else { throw GatewayError.personalDataDetected(findings) }
        return record
    }

    /// The verification scan of a record as it would be stored: the allow-list scan of every
    /// free-text field, then every detector and the sensitive terms over the whole serialized
    /// record. Used on admission and by rescan. Throws `ScanBudgetExceeded` when the scan alone
    /// passes the policy's `limits.gateWorkBudget`.
    package func verify(_ record: ContributionRecord, sensitiveTerms terms: [String] = []) throws -> [GateFinding] {
        var budget = ScanBudget(limit: policy.limits.gateWorkBudget)
        return try verify(record, sensitiveTerms: terms, matcher: SensitiveTermMatcher(terms: terms), budget: &budget)
    }

    /// The scan's findings, or the one finding that says why it could not finish:
    /// `gate_budget_exceeded` past the policy's work budget, `gate_failed` for anything else.
    package func verificationFindings(_ record: ContributionRecord) -> [GateFinding] {
        do {
            return try verify(record)
        } catch is ScanBudgetExceeded {
            return [GateFinding(kind: GatewayError.gateBudgetExceeded.code.rawValue, field: "(record)")]
        } catch {
            return [GateFinding(kind: GatewayError.gateFailure.code.rawValue, field: "(record)")]
        }
    }

    /// The verification scan of one short free text that is stored and replicated as is (an
    /// officer's attestation reason): the allow-list scan and every detector; finding kinds.
    package func textFindings(_ text: String) -> [String] {
        var budget = ScanBudget(limit: policy.limits.gateWorkBudget)
        var kinds = Set(scanner.kinds(in: text, terms: SensitiveTermMatcher(terms: []), budget: &budget))
        kinds.formUnion(detectors.spans(in: text, budget: &budget).map(\.kind.rawValue))
        if (try? budget.check()) == nil { kinds.insert(GatewayError.gateBudgetExceeded.code.rawValue) }
        return kinds.sorted()
    }

    func verify(
        _ record: ContributionRecord, sensitiveTerms terms: [String], matcher: SensitiveTermMatcher, budget: inout ScanBudget
    ) throws(ScanBudgetExceeded) -> [GateFinding] {
        var findings: [GateFinding] = []
        for (index, step) in record.steps.enumerated() {
            guard let text = step.errorMessage else { continue }
            findings += scanner.kinds(in: text, terms: matcher, budget: &budget).map { GateFinding(kind: $0, field: "steps[\(index)].errorMessage") }
            try budget.check()
        }
        let text = Self.render(record)
        budget.charge(text.utf8.count)
        var recordKinds = Set(detectors.spans(in: text, budget: &budget).map(\.kind.rawValue))
        if !terms.isEmpty, !matcher.spans(in: text, budget: &budget).isEmpty {
            recordKinds.insert(DetectorKind.sensitiveTerm.rawValue)
        }
        try budget.check()
        findings += recordKinds.map { GateFinding(kind: $0, field: "(record)") }
        return Array(Set(findings)).sorted()
    }
}

extension PolicyGate {
    /// Every value of a record, one per line: what the whole-record pass scans. Lines keep
    /// numbers apart (no digit-group detector joins two fields), and it costs far less than
    /// JSON encoding on the hot receive path of replication.
    static func render(_ record: ContributionRecord) -> String {
        var lines = [record.sourceCloud.rawValue, record.targetCloud.rawValue, record.sourceRegion ?? "", record.targetRegion ?? ""]
        lines += record.resourceTypes
        lines += [record.strategy.rawValue, "\(record.successRate)", "\(record.durationHours)", "\(record.costSavingsPercent)"]
        for step in record.steps {
            lines += [step.action, "\(step.durationSeconds)", step.success ? "true" : "false", step.errorMessage ?? ""]
        }
        return lines.joined(separator: "\n")
    }

    /// Names a received record uses that this gateway's policy does not list (a peer with
    /// another policy, or a forged event).
    package func unknownNames(in record: ContributionRecord) -> Bool {
        let vocabulary = policy.vocabulary
        if record.resourceTypes.contains(where: { vocabulary.resourceType($0, in: record.sourceCloud) == nil }) { return true }
        if record.steps.contains(where: { vocabulary.stepAction($0.action) == nil }) { return true }
        for region in [record.sourceRegion, record.targetRegion].compactMap({ $0 }) where vocabulary.region(region) == nil { return true }
        return false
    }
}

/// One finding of the gate: a kind and a field path, never a value.
package struct GateFinding: Sendable, Hashable, Codable, Comparable {
    package var kind: String
    package var field: String

    package static func < (lhs: Self, rhs: Self) -> Bool { (lhs.field, lhs.kind) < (rhs.field, rhs.kind) }
}

/// The seed's KEEP/REMOVE list applied to a record: fields a policy does not keep are dropped.
enum FieldRules {
    static func apply(_ kept: Set<KeptField>, to record: ContributionRecord) -> ContributionRecord {
        var record = record
        if !kept.contains(.sourceRegion) { record.sourceRegion = nil }
        if !kept.contains(.targetRegion) { record.targetRegion = nil }
        if !kept.contains(.stepErrorMessage) {
            for index in record.steps.indices { record.steps[index].errorMessage = nil }
        }
        return record
    }
}
