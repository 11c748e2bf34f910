/// Statistics of one step action across the live contributions of a pattern.
package struct StepStatistics: Codable, Sendable, Hashable {
    package var action: String
    /// How many contributions' steps had this action (a step repeated in one contribution counts each time).
    package var count: Int
    package var meanDurationSeconds: Double
    package var successRate: Double
    /// The most frequent sanitized error messages of this step (at most three), most frequent first.
    package var commonErrors: [String]

    package init(action: String, count: Int, meanDurationSeconds: Double, successRate: Double, commonErrors: [String] = []) {
        self.action = action
        self.count = count
        self.meanDurationSeconds = meanDurationSeconds
        self.successRate = successRate
        self.commonErrors = commonErrors
    }
}

/// A pattern as derived from all live contributions with its key.
///
/// Derived, never stored: erasing one contribution changes it exactly, which the seed's
/// counters and last-writer-wins averages cannot do.
package struct PatternSummary: Sendable, Hashable {
    package var patternId: String
    package var sourceCloud: CloudProvider
    package var targetCloud: CloudProvider
    package var strategy: MigrationStrategy
    package var resourceTypes: [String]
    package var successRate: Double
    /// Mean `durationHours`.
    package var avgDuration: Double
    /// Mean `costSavingsPercent`.
    package var costSavings: Double
    /// Distinct contributor pseudonyms.
    package var contributors: Int
    package var contributions: Int
    /// Union of step actions, ordered by their mean position in the contributions.
    package var steps: [StepStatistics]
    package var recommendations: [String]
    /// HLC wall-clock milliseconds of the earliest live contribution whose clock is known:
    /// the learned ranking's age feature. Never part of an answer.
    package var firstSeenMillis: UInt64? = nil
    /// The private network the pattern lives in; nil in the global network.
    package var network: String? = nil
}

extension PatternSummary {
    /// Aggregates `contributions`, which must all share `key`. Nil when there are none.
    package static func derive(key: PatternKey, from contributions: some Collection<LiveContribution>) -> PatternSummary? {
        PatternAggregate(contributions).summary(key: key)
    }
}
