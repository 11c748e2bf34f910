package import Privacy

/// The default policy built into the binary: `policies/default.yaml` and the lists in
/// `policies/lists/`, embedded at build time by the PolicyEmbedder plugin. Pure: the texts
/// are string constants, so the gateway runs from any folder without `--policy`.
package enum EmbeddedPolicy {
    /// Shown where a file path would be (`policy show`, error messages).
    package static let name = "(built-in policies/default.yaml)"

    /// The embedded policy file's text.
    package static var yaml: String { EmbeddedPolicyFiles.texts["default.yaml"] ?? "" }

    /// Every embedded file's text by its path relative to `policies/` (`default.yaml`,
    /// `lists/english-words.txt`, …).
    package static var files: [String: String] { EmbeddedPolicyFiles.texts }

    /// The embedded policy, checked as a file would be. Its hash equals that of
    /// `policies/default.yaml` loaded from disk (the hash covers the canonical policy).
    package static func load() throws(PolicyError) -> Policy {
        try PolicyLoader.load(yaml: yaml) { relative in
            guard let text = EmbeddedPolicyFiles.texts[relative] else { throw EmbeddedListMissing() }
            return text
        }
    }

    private struct EmbeddedListMissing: Error {}
}
