import Crypto

/// What makes two contributions count in the same pattern.
package struct PatternKey: Sendable, Hashable {
    package var sourceCloud: CloudProvider
    package var targetCloud: CloudProvider
    package var strategy: MigrationStrategy
    /// Resource type names as given (canonical case); identity uses their lowercase form.
    package var resourceTypes: [String]

    package init(sourceCloud: CloudProvider, targetCloud: CloudProvider, strategy: MigrationStrategy, resourceTypes: [String]) {
        self.sourceCloud = sourceCloud
        self.targetCloud = targetCloud
        self.strategy = strategy
        self.resourceTypes = resourceTypes
    }

    /// Sorted, deduplicated, ASCII-lowercased resource types: the identity's view.
    package var normalizedResourceTypes: [String] {
        Array(Set(resourceTypes.map(Self.asciiLowercased))).sorted()
    }

    /// `hex(SHA-256("v1\n" + source + "\n" + target + "\n" + strategy + "\n" + types joined by "\n"))`,
    /// first 32 hex digits: the same on every gateway, with no coordination.
    package var patternId: String {
        var text = "v1\n\(sourceCloud.rawValue)\n\(targetCloud.rawValue)\n\(strategy.rawValue)\n"
        text += normalizedResourceTypes.joined(separator: "\n")
        let digest = SHA256.hash(data: Array(text.utf8))
        return String(Hex.encode(digest).prefix(32))
    }

    /// Lowercases ASCII letters only, so identity never depends on locale or Unicode tables.
    package static func asciiLowercased(_ text: String) -> String {
        String(decoding: text.utf8.map { ($0 >= 0x41 && $0 <= 0x5a) ? $0 + 32 : $0 }, as: UTF8.self)
    }
}
