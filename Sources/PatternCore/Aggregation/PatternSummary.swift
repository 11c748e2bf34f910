/// Statistics of one step action across the live contributions of a pattern.
public struct StepStatistics: Codable, Sendable, Hashable {
    public var action: String
    /// How many contributions' steps had this action (a step repeated in one contribution counts each time).
    public var count: Int
    public var meanDurationSeconds: Double
    public var successRate: Double
    /// The most frequent sanitized error messages of this step (at most three), most frequent first.
    public var commonErrors: [String]

    public init(action: String, count: Int, meanDurationSeconds: Double, successRate: Double, commonErrors: [String] = []) {
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
public struct PatternSummary: Sendable, Hashable {
    public var patternId: String
    public var sourceCloud: CloudProvider
    public var targetCloud: CloudProvider
    public var strategy: MigrationStrategy
    public var resourceTypes: [String]
    public var successRate: Double
    /// Mean `durationHours`.
    public var avgDuration: Double
    /// Mean `costSavingsPercent`.
    public var costSavings: Double
    /// Distinct contributor pseudonyms.
    public var contributors: Int
    public var contributions: Int
    /// Union of step actions, ordered by their mean position in the contributions.
    public var steps: [StepStatistics]
    public var recommendations: [String]
    /// HLC wall-clock milliseconds of the earliest live contribution whose clock is known:
    /// the learned ranking's age feature. Never part of an answer.
    public var firstSeenMillis: UInt64? = nil
}

extension PatternSummary {
    /// Aggregates `contributions`, which must all share `key`. Nil when there are none.
    public static func derive(key: PatternKey, from contributions: some Collection<LiveContribution>) -> PatternSummary? {
        PatternAggregate(contributions).summary(key: key)
    }
}
