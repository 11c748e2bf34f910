import Foundation
import PatternCore
import Privacy
import TestSupport
import Testing

func policyText(_ name: String) throws -> String {
    try String(contentsOf: repositoryRoot.appendingPathComponent("policies/\(name)"), encoding: .utf8)
}

/// Loads a policy text with its list files from `policies/`.
func loadPolicy(yaml: String) throws(PolicyError) -> Policy {
    try PolicyLoader.load(yaml: yaml) { try policyText($0) }
}

@Suite("Policy loading")
struct PolicyTests {
    @Test("the shipped policies load; strict shows a pattern from three contributors")
    func shipped() throws {
        let policy = try loadPolicy(yaml: try policyText("default.yaml"))
        #expect(policy.consent.defaultOn == false)
        #expect(policy.patterns.minContributors == 1)
        #expect(policy.erasure.graceDays == 30)
        #expect(policy.audit.retentionYears == 7)
        #expect(policy.hash.count == 64)
        let strict = try loadPolicy(yaml: try policyText("strict.yaml"))
        #expect(strict.patterns.minContributors == 3)
        #expect(strict.hash != policy.hash)
    }

    @Test("every shipped policy accepts the shared vocabulary", arguments: ["default.yaml", "strict.yaml"])
    func sharedVocabulary(file: String) throws {
        let policy = try loadPolicy(yaml: try policyText(file))
        let shared = repositoryRoot.deletingLastPathComponent().appendingPathComponent("shared/vocabulary")
        // shared/ sits beside the checkout in development and CI; skip only the cross-check when it is absent.
        guard let types = try? String(contentsOf: shared.appendingPathComponent("resource-types.txt"), encoding: .utf8),
            let actions = try? String(contentsOf: shared.appendingPathComponent("step-actions.txt"), encoding: .utf8)
        else { return }
        var checked = 0
        for line in types.split(separator: "\n") where !line.hasPrefix("#") {
            let parts = line.split(separator: " ")
            guard parts.count == 2, let cloud = CloudProvider(rawValue: String(parts[0])) else { continue }
            #expect(policy.vocabulary.resourceType(String(parts[1]), in: cloud) == String(parts[1]), "\(line)")
            checked += 1
        }
        for line in actions.split(separator: "\n") where !line.hasPrefix("#") && !line.isEmpty {
            #expect(policy.vocabulary.stepAction(String(line)) == String(line))
            checked += 1
        }
        #expect(checked > 200)
    }

    @Test(
        "errors name the field",
        arguments: [
            ("  default: off", "  default: on", "consent.default"),
            ("  minContributors: 1", "  minContributors: 0", "patterns.minContributors"),
            ("  maxLimit: 200", "  maxLimit: 500", "patterns.maxLimit"),
            ("  graceDays: 30", "  graceDays: 45", "erasure.graceDays"),
            ("  maxSteps: 200", "  maxSteps: many", "limits.maxSteps"),
            ("  purposes: [contribute]", "  purposes: [benchmark]", "consent.purposes"),
        ])
    func fieldErrors(original: String, replacement: String, field: String) throws {
        var text = try policyText("default.yaml")
        #expect(text.contains(original))
        text = text.replacingOccurrences(of: original, with: replacement)
        do {
            _ = try loadPolicy(yaml: text)
            Issue.record("policy with a bad \(field) loaded")
        } catch {
            #expect(error.field == field)
        }
    }

    @Test("a missing section is named")
    func missing() throws {
        let text = try policyText("default.yaml").replacingOccurrences(
            of: "audit:\n  retentionYears: 7\n  # A new audit log segment (its own tree and origin) every UTC year: year or none.\n  segment: year\n",
            with: "")
        #expect(throws: PolicyError.self) { try loadPolicy(yaml: text) }
        do { _ = try loadPolicy(yaml: text) } catch { #expect(error.field == "audit") }
        #expect(throws: PolicyError.self) { try loadPolicy(yaml: "[unclosed") }
    }
}
