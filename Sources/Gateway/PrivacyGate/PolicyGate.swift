import Foundation
import PatternCore
import Privacy

/// The privacy gate: field rules, then the anonymizer on every free-text field, then the
/// independent verification scan of the final record. Any finding, or any failure inside,
/// rejects the whole contribution (fail closed). `anonymize: false` skips the rewrite, never
/// the scan.
public struct PolicyGate: ContributionGate {
    public let policy: Policy
    private let anonymizer: Anonymizer
    private let scanner: VerificationScanner
    private let detectors: DetectorSet

    public init(policy: Policy) {
        self.policy = policy
        anonymizer = Anonymizer(policy: policy)
        scanner = VerificationScanner(policy: policy)
        detectors = DetectorSet(enabled: policy.freeText.enabledKinds)
    }

    public func admit(_ contribution: ValidatedContribution) throws(GatewayError) -> ContributionRecord {
        let terms = contribution.sensitiveTerms
        var record = FieldRules.apply(policy.keptFields, to: contribution.record)
        var findings: [GateFinding] = []
        for index in record.steps.indices {
            guard let raw = record.steps[index].errorMessage else { continue }
            if raw.isEmpty {
                record.steps[index].errorMessage = nil
                continue
            }
            let text = contribution.anonymize ? anonymizer.anonymize(raw, sensitiveTerms: terms) : raw
            let field = "steps[\(index)].errorMessage"
            findings += scanner.kinds(in: text, sensitiveTerms: terms).map { GateFinding(kind: $0, field: field) }
            record.steps[index].errorMessage = text
        }
        // The whole record as it would be stored: detectors and sensitive terms over every field.
        let serialized: Data
        do {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
            serialized = try encoder.encode(record)
        } catch {
            throw GatewayError.gateFailure
        }
        let text = String(decoding: serialized, as: UTF8.self)
        let recordKinds = Set(detectors.spans(in: text).map(\.kind.rawValue))
            .union(SensitiveTermMatcher(terms: terms).isEmpty ? [] : scanner.kinds(in: text, sensitiveTerms: terms).filter { $0 == DetectorKind.sensitiveTerm.rawValue })
        findings += recordKinds.sorted().map { GateFinding(kind: $0, field: "(record)") }
        guard findings.isEmpty else { throw GatewayError.personalDataDetected(Array(Set(findings)).sorted()) }
        return record
    }
}

/// One finding of the gate: a kind and a field path, never a value.
public struct GateFinding: Sendable, Hashable, Codable, Comparable {
    public var kind: String
    public var field: String

    public static func < (lhs: Self, rhs: Self) -> Bool { (lhs.field, lhs.kind) < (rhs.field, rhs.kind) }
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
