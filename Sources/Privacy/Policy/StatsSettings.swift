import ErrorCodes

extension Policy {
    /// The network figures (`stats:` in the YAML; optional, defaults below; docs/design.md,
    /// "Network figures"): the suppression threshold and how often the figures are recomputed.
    package struct StatsSettings: Sendable, Hashable {
        /// A figure whose numerator or denominator is below this is suppressed (shown as null).
        package var minCount: Int
        /// Seconds between two recomputations of the figures: none happens sooner (an erasure
        /// only removes what it covers from the figures already published: docs/design.md).
        package var recomputeSeconds: Int

        package static let defaultMinCount = 10
        package static let defaultRecomputeSeconds = 3600
        /// Bounds the loader enforces: suppression cannot be switched off (a threshold of 1
        /// would publish single deployments), nor the cache made short enough to difference.
        package static let minCountRange = 5...100_000
        package static let recomputeSecondsRange = 60...86_400

        package init(minCount: Int = defaultMinCount, recomputeSeconds: Int = defaultRecomputeSeconds) {
            self.minCount = minCount
            self.recomputeSeconds = recomputeSeconds
        }
    }
}

extension PolicyDocument {
    struct Stats: Codable, Sendable {
        var minCount: Int?
        var recomputeSeconds: Int?
    }
}

extension Policy.StatsSettings {
    /// The checked settings of a document's `stats:` block, defaults filled in.
    static func load(_ document: PolicyDocument.Stats?) throws(PolicyError) -> Policy.StatsSettings {
        let settings = Policy.StatsSettings(
            minCount: document?.minCount ?? defaultMinCount, recomputeSeconds: document?.recomputeSeconds ?? defaultRecomputeSeconds)
        guard minCountRange.contains(settings.minCount) else {
            throw PolicyError(code: .policyInvalid, field: "stats.minCount", reason: "must be 5…100000")
        }
        guard recomputeSecondsRange.contains(settings.recomputeSeconds) else {
            throw PolicyError(code: .policyInvalid, field: "stats.recomputeSeconds", reason: "must be 60…86400")
        }
        return settings
    }

    /// The block as the effective document writes it.
    var document: PolicyDocument.Stats { PolicyDocument.Stats(minCount: minCount, recomputeSeconds: recomputeSeconds) }
}
