/// The closed lists a policy admits: resource types per source cloud, step actions, regions.
/// Lookups are case-insensitive and return the canonical spelling.
package struct Vocabulary: Sendable, Hashable {
    private var resourceTypes: [CloudProvider: [String: String]]
    private var actions: [String: String]
    private var regions: [String: String]

    package init(resourceTypes: [CloudProvider: [String]], stepActions: [String], regions: [String]) {
        self.resourceTypes = resourceTypes.mapValues(Self.canonicalMap)
        self.actions = Self.canonicalMap(stepActions)
        self.regions = Self.canonicalMap(regions)
    }

    /// The canonical name of `name` for resources of `cloud`, or nil when the policy does not list it.
    package func resourceType(_ name: String, in cloud: CloudProvider) -> String? {
        resourceTypes[cloud]?[PatternKey.asciiLowercased(name)]
    }

    /// The canonical name of `name` in any cloud's list (a search may name target-side types).
    package func resourceTypeInAnyCloud(_ name: String) -> String? {
        let key = PatternKey.asciiLowercased(name)
        for cloud in CloudProvider.allCases { if let found = resourceTypes[cloud]?[key] { return found } }
        return nil
    }

    package func stepAction(_ name: String) -> String? { actions[PatternKey.asciiLowercased(name)] }

    package func region(_ name: String) -> String? { regions[PatternKey.asciiLowercased(name)] }

    /// Every canonical resource type name of `cloud`, sorted.
    package func resourceTypeNames(in cloud: CloudProvider) -> [String] { (resourceTypes[cloud] ?? [:]).values.sorted() }

    package var stepActionNames: [String] { actions.values.sorted() }

    private static func canonicalMap(_ names: [String]) -> [String: String] {
        var map: [String: String] = [:]
        for name in names { map[PatternKey.asciiLowercased(name)] = map[PatternKey.asciiLowercased(name)] ?? name }
        return map
    }
}
