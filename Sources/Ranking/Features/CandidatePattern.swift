package import PatternCore

/// The numbers of one live pattern the features are computed from: what a `PatternSummary`
/// says plus when the pattern was first seen. No pseudonym, step action or error text.
///
/// The gateway builds one from a search match (`init(summary:firstSeenMillis:)`); training
/// builds the same numbers from its running sums, so both sides compute features alike.
package struct CandidatePattern: Sendable, Hashable {
    package var patternId: String
    package var strategy: MigrationStrategy
    /// Normalized resource types (sorted, deduplicated, lowercased).
    package var resourceTypes: [String]
    package var successRate: Double
    package var contributions: Int
    package var contributors: Int
    package var meanDurationHours: Double
    package var costSavingsPercent: Double
    /// Step occurrences over all contributions.
    package var steps: Int
    /// Step occurrences that succeeded.
    package var successfulSteps: Double
    /// HLC wall-clock milliseconds of the earliest live contribution; nil when unknown
    /// (the age feature is then missing, which the trees route by their default branch).
    package var firstSeenMillis: UInt64?

    package init(
        patternId: String, strategy: MigrationStrategy, resourceTypes: [String], successRate: Double, contributions: Int,
        contributors: Int, meanDurationHours: Double, costSavingsPercent: Double, steps: Int, successfulSteps: Double,
        firstSeenMillis: UInt64?
    ) {
        self.patternId = patternId
        self.strategy = strategy
        self.resourceTypes = resourceTypes
        self.successRate = successRate
        self.contributions = contributions
        self.contributors = contributors
        self.meanDurationHours = meanDurationHours
        self.costSavingsPercent = costSavingsPercent
        self.steps = steps
        self.successfulSteps = successfulSteps
        self.firstSeenMillis = firstSeenMillis
    }

    /// From a derived summary. Step totals come from the per-action statistics (each counts
    /// every occurrence), so they equal the training side's running sums.
    package init(summary: PatternSummary, firstSeenMillis: UInt64?) {
        self.init(numbersOf: summary, firstSeenMillis: firstSeenMillis)
        resourceTypes =
            PatternKey(
                sourceCloud: summary.sourceCloud, targetCloud: summary.targetCloud, strategy: summary.strategy, resourceTypes: summary.resourceTypes
            ).normalizedResourceTypes
    }

    /// The numbers only: `resourceTypes` left empty, for callers that count types themselves.
    init(numbersOf summary: PatternSummary, firstSeenMillis: UInt64?) {
        var steps = 0
        var successes = 0.0
        for step in summary.steps {
            steps += step.count
            successes += step.successRate * Double(step.count)
        }
        self.init(
            patternId: summary.patternId, strategy: summary.strategy, resourceTypes: [],
            successRate: summary.successRate, contributions: summary.contributions, contributors: summary.contributors,
            meanDurationHours: summary.avgDuration, costSavingsPercent: summary.costSavings, steps: steps,
            successfulSteps: successes.rounded(), firstSeenMillis: firstSeenMillis)
    }
}
