package import PatternCore

/// What a learned ranking is asked: the search's clouds and resource types, nothing else.
///
/// Types are kept in the identity's form (ASCII-lowercased, deduplicated, sorted) so a
/// query and a pattern compare the way the matcher's index does.
package struct RankingQuery: Sendable, Hashable {
    package var sourceCloud: CloudProvider
    package var targetCloud: CloudProvider
    /// Normalized resource types (sorted, deduplicated, lowercased).
    package var resourceTypes: [String]

    package init(sourceCloud: CloudProvider, targetCloud: CloudProvider, resourceTypes: some Sequence<String>) {
        self.sourceCloud = sourceCloud
        self.targetCloud = targetCloud
        self.resourceTypes = Array(Set(resourceTypes.map(PatternKey.asciiLowercased))).sorted()
    }

    package init(_ query: SearchQuery) {
        self.init(sourceCloud: query.sourceCloud, targetCloud: query.targetCloud, resourceTypes: query.resourceTypes)
    }

    /// The evaluation's query key: clouds and sorted types, so two contributions that asked
    /// the same question share their outcomes' gains.
    package var key: String {
        "\(sourceCloud.rawValue)\n\(targetCloud.rawValue)\n" + resourceTypes.joined(separator: "\n")
    }
}
