import Foundation
import PolicyDefaults
import Privacy
import TestSupport
import Testing

/// The policy hash covers the canonical policy (docs/policy.md#the-policy-hash), not the bytes.
@Suite("Policy hash and the embedded default")
struct PolicyHashTests {
    /// `policies/default.yaml` with `edit` applied to its text and `editList` to each list's.
    func defaultPolicy(
        _ edit: (String) throws -> String = { $0 }, editList: @escaping (String, String) -> String = { $1 }
    ) throws -> Policy {
        try PolicyLoader.load(yaml: edit(try policyText("default.yaml"))) { path in editList(path, try policyText(path)) }
    }

    @Test("the embedded files are policies/ byte for byte, and every list the default names is in")
    func embeddedFilesMatchDisk() throws {
        let lists = try FileManager.default.contentsOfDirectory(atPath: repositoryRoot.appendingPathComponent("policies/lists").path)
            .filter { $0.hasSuffix(".txt") }.map { "lists/\($0)" }
        #expect(Set(EmbeddedPolicy.files.keys) == Set(["default.yaml"] + lists))
        for (path, text) in EmbeddedPolicy.files {
            #expect(text == (try policyText(path)), "\(path)")
        }
    }

    @Test("the embedded policy and policies/default.yaml from disk hash the same")
    func embeddedEqualsDisk() throws {
        let embedded = try EmbeddedPolicy.load()
        let disk = try defaultPolicy()
        #expect(embedded.hash == disk.hash)
        #expect(embedded.hash.count == 64)
        #expect(embedded.version == disk.version)
    }

    @Test("comments, whitespace, key order, flow style, list order and list comments do not change the hash")
    func reformattedHashesTheSame() throws {
        let original = try defaultPolicy()
        let reformatted = try defaultPolicy(
            { text in
                // No comments, no blank lines, `audit` moved to the top, `purposes` in block style,
                // `eraseOnRevoke` (true, the default) dropped, the key order in `patterns` swapped.
                var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
                    .filter { !$0.trimmingCharacters(in: .whitespaces).hasPrefix("#") && !$0.trimmingCharacters(in: .whitespaces).isEmpty }
                    .map { $0.replacingOccurrences(of: "purposes: [contribute]", with: "purposes:\n    - contribute") }
                    .filter { !$0.contains("eraseOnRevoke: true") }
                let audit = try #require(lines.firstIndex(of: "audit:"))
                let auditBlock = Array(lines[audit...(audit + 1)])
                lines.removeSubrange(audit...(audit + 1))
                let maxLimit = try #require(lines.firstIndex(of: "  maxLimit: 200"))
                let minContributors = try #require(lines.firstIndex(of: "  minContributors: 1"))
                lines.swapAt(maxLimit, minContributors)
                return (auditBlock + lines).joined(separator: "\n") + "\n\n# trailing comment\n"
            },
            editList: { _, text in
                // Entries reversed, comments and blank lines added, case and spacing changed.
                "# another header\n\n" + text.split(separator: "\n").reversed().map { "  \($0.uppercased())  " }.joined(separator: "\n\n")
            })
        #expect(reformatted.hash == original.hash)
    }

    @Test("a changed value, or an added, removed or changed list word, changes the hash")
    func changesChangeTheHash() throws {
        let original = try defaultPolicy().hash
        var hashes: Set<String> = [original]
        let changes: [Policy] = [
            try defaultPolicy { $0.replacingOccurrences(of: "graceDays: 30", with: "graceDays: 29") },
            try defaultPolicy { $0.replacingOccurrences(of: "maxSteps: 200", with: "maxSteps: 201") },
            try defaultPolicy(editList: { path, text in path.hasSuffix("english-words.txt") ? text + "zzyzxq\n" : text }),
            try defaultPolicy(editList: { path, text in
                path.hasSuffix("surnames.txt") ? text.replacingOccurrences(of: "\nsmith\n", with: "\n", options: .caseInsensitive) : text
            }),
            try defaultPolicy(editList: { path, text in
                path.hasSuffix("given-names.txt") ? text.replacingOccurrences(of: "\nmary\n", with: "\nmarx\n", options: .caseInsensitive) : text
            }),
        ]
        for (index, changed) in changes.enumerated() {
            #expect(!hashes.contains(changed.hash), "change \(index) kept a hash already seen")
            hashes.insert(changed.hash)
        }
    }

    @Test("yaml() loads back beside the lists to the same policy and hash")
    func yamlRoundTrip() throws {
        // A custom pattern with quotes, backslashes and a '#' must survive YAML quoting.
        let custom = #"""
              custom:
                - name: ticket
                  pattern: '(?i)\bTICKET[-#]"?[0-9]{4,}\b'
                  placeholder: '[TICKET]'
            """#
        let texts = [
            try policyText("default.yaml"), try policyText("strict.yaml"),
            try policyText("default.yaml").replacingOccurrences(of: "  custom: []", with: custom),
        ]
        for (index, text) in texts.enumerated() {
            let policy = try PolicyLoader.load(yaml: text) { try policyText($0) }
            let shown = try policy.yaml()
            #expect(shown.hasPrefix("# hash: \(policy.hash)\n"))
            let reloaded = try PolicyLoader.load(yaml: shown) { try policyText($0) }
            #expect(reloaded.hash == policy.hash, "policy \(index)")
            #expect(reloaded.freeText.customPatterns.map(\.regex.pattern) == policy.freeText.customPatterns.map(\.regex.pattern))
            #expect(try reloaded.yaml() == shown)
        }
        #expect(Set(try texts.map { try PolicyLoader.load(yaml: $0) { try policyText($0) }.hash }).count == 3)
    }
}
