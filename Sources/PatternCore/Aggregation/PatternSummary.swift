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
}

extension PatternSummary {
    /// Aggregates `contributions`, which must all share `key`. Nil when there are none.
    public static func derive(key: PatternKey, from contributions: some Collection<LiveContribution>) -> PatternSummary? {
        guard !contributions.isEmpty else { return nil }
        var successSum = 0.0, durationSum = 0.0, savingsSum = 0.0
        var pseudonyms = Set<String>()
        var steps: [String: StepAccumulator] = [:]
        for contribution in contributions {
            let record = contribution.record
            successSum += record.successRate
            durationSum += record.durationHours
            savingsSum += record.costSavingsPercent
            pseudonyms.insert(contribution.pseudonym)
            let last = max(record.steps.count - 1, 1)
            for (position, step) in record.steps.enumerated() {
                steps[step.action, default: StepAccumulator()].add(step, relativePosition: Double(position) / Double(last))
            }
        }
        let count = Double(contributions.count)
        let statistics = steps
            .sorted { lhs, rhs in
                let (l, r) = (lhs.value.meanPosition, rhs.value.meanPosition)
                return l != r ? l < r : lhs.key < rhs.key
            }
            .map { $0.value.statistics(action: $0.key) }
        return PatternSummary(
            patternId: key.patternId,
            sourceCloud: key.sourceCloud,
            targetCloud: key.targetCloud,
            strategy: key.strategy,
            resourceTypes: key.resourceTypes,
            successRate: successSum / count,
            avgDuration: durationSum / count,
            costSavings: savingsSum / count,
            contributors: pseudonyms.count,
            contributions: contributions.count,
            steps: statistics,
            recommendations: Recommendations.derive(steps: statistics)
        )
    }
}

private struct StepAccumulator {
    var count = 0
    var durationSum = 0.0
    var successes = 0
    var positionSum = 0.0
    var errors: [String: Int] = [:]

    mutating func add(_ step: MigrationStep, relativePosition: Double) {
        count += 1
        durationSum += step.durationSeconds
        successes += step.success ? 1 : 0
        positionSum += relativePosition
        if let message = step.errorMessage, !message.isEmpty { errors[message, default: 0] += 1 }
    }

    var meanPosition: Double { positionSum / Double(count) }

    func statistics(action: String) -> StepStatistics {
        StepStatistics(
            action: action,
            count: count,
            meanDurationSeconds: durationSum / Double(count),
            successRate: Double(successes) / Double(count),
            commonErrors: errors.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }.prefix(3).map(\.key)
        )
    }
}
