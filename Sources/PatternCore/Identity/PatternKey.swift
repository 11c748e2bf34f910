import Crypto

/// What makes two contributions count in the same pattern.
package struct PatternKey: Sendable, Hashable {
    package var sourceCloud: CloudProvider
    package var targetCloud: CloudProvider
    package var strategy: MigrationStrategy
    /// Resource type names as given (canonical case); identity uses their lowercase form.
    package var resourceTypes: [String]
    /// The private network the pattern lives in (issue 18); nil in the global network. The
    /// same migration shape is a different pattern in each network, with its own id.
    package var network: String?

    package init(
        sourceCloud: CloudProvider, targetCloud: CloudProvider, strategy: MigrationStrategy, resourceTypes: [String], network: String? = nil
    ) {
        self.sourceCloud = sourceCloud
        self.targetCloud = targetCloud
        self.strategy = strategy
        self.resourceTypes = resourceTypes
        self.network = network
    }

    /// Sorted, deduplicated, ASCII-lowercased resource types: the identity's view.
    package var normalizedResourceTypes: [String] {
        Array(Set(resourceTypes.map(Self.asciiLowercased))).sorted()
    }

    /// `hex(SHA-256("v1\n" + source + "\n" + target + "\n" + strategy + "\n" + types joined by "\n"))`,
    /// first 32 hex digits: the same on every gateway, with no coordination. A private
    /// network's pattern prefixes `"v1-private\n" + network + "\n"` instead of `"v1\n"`, so
    /// `GET /api/v1/patterns/{id}` names one pattern in one network.
    package var patternId: String {
        var text = network.map { "v1-private\n\($0)\n" } ?? "v1\n"
        text += "\(sourceCloud.rawValue)\n\(targetCloud.rawValue)\n\(strategy.rawValue)\n"
        text += normalizedResourceTypes.joined(separator: "\n")
        let digest = SHA256.hash(data: Array(text.utf8))
        return String(Hex.encode(digest).prefix(32))
    }

    /// Lowercases ASCII letters only, so identity never depends on locale or Unicode tables.
    package static func asciiLowercased(_ text: String) -> String {
        String(decoding: text.utf8.map { ($0 >= 0x41 && $0 <= 0x5a) ? $0 + 32 : $0 }, as: UTF8.self)
    }
}
