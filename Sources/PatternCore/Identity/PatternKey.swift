import Crypto

/// What makes two contributions count in the same pattern.
public struct PatternKey: Sendable, Hashable {
    public var sourceCloud: CloudProvider
    public var targetCloud: CloudProvider
    public var strategy: MigrationStrategy
    /// Resource type names as given (canonical case); identity uses their lowercase form.
    public var resourceTypes: [String]

    public init(sourceCloud: CloudProvider, targetCloud: CloudProvider, strategy: MigrationStrategy, resourceTypes: [String]) {
        self.sourceCloud = sourceCloud
        self.targetCloud = targetCloud
        self.strategy = strategy
        self.resourceTypes = resourceTypes
    }

    /// Sorted, deduplicated, ASCII-lowercased resource types: the identity's view.
    public var normalizedResourceTypes: [String] {
        Array(Set(resourceTypes.map(Self.asciiLowercased))).sorted()
    }

    /// `hex(SHA-256("v1\n" + source + "\n" + target + "\n" + strategy + "\n" + types joined by "\n"))`,
    /// first 32 hex digits: the same on every gateway, with no coordination.
    public var patternId: String {
        var text = "v1\n\(sourceCloud.rawValue)\n\(targetCloud.rawValue)\n\(strategy.rawValue)\n"
        text += normalizedResourceTypes.joined(separator: "\n")
        let digest = SHA256.hash(data: Array(text.utf8))
        return String(Hex.encode(digest).prefix(32))
    }

    /// Lowercases ASCII letters only, so identity never depends on locale or Unicode tables.
    public static func asciiLowercased(_ text: String) -> String {
        String(decoding: text.utf8.map { ($0 >= 0x41 && $0 <= 0x5a) ? $0 + 32 : $0 }, as: UTF8.self)
    }
}
