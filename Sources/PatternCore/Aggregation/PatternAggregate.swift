/// Running sums over a pattern's live contributions, so adding one costs O(its steps)
/// instead of a pass over every member. Removal is not offered: subtracting floating-point
/// sums drifts, so the index rebuilds an aggregate from the remaining members instead.
package struct PatternAggregate: Sendable {
    private var count = 0
    private var successSum = 0.0
    private var durationSum = 0.0
    private var savingsSum = 0.0
    private var pseudonyms: [String: Int] = [:]
    private var steps: [String: StepAccumulator] = [:]
    private var firstSeenMillis: UInt64?

    package init() {}

    package init(_ contributions: some Sequence<LiveContribution>) {
        for contribution in contributions { add(contribution) }
    }

    package var isEmpty: Bool { count == 0 }

    /// Mean success rate (0 when empty), what the matcher ranks by.
    package var successRate: Double { count == 0 ? 0 : successSum / Double(count) }

    /// Distinct contributor pseudonyms.
    package var contributors: Int { pseudonyms.count }

    package mutating func add(_ contribution: LiveContribution) {
        let record = contribution.record
        count += 1
        successSum += record.successRate
        durationSum += record.durationHours
        savingsSum += record.costSavingsPercent
        pseudonyms[contribution.pseudonym, default: 0] += 1
        if let wall = contribution.hlcWallMillis { firstSeenMillis = min(firstSeenMillis ?? wall, wall) }
        let last = max(record.steps.count - 1, 1)
        for (position, step) in record.steps.enumerated() {
            steps[step.action, default: StepAccumulator()].add(step, relativePosition: Double(position) / Double(last))
        }
    }

    /// The pattern as these contributions describe it; nil when there are none. Pass
    /// `patternId` when it is known: deriving it hashes the key.
    package func summary(key: PatternKey, patternId: String? = nil) -> PatternSummary? {
        guard count > 0 else { return nil }
        let total = Double(count)
        let statistics =
            steps
            .sorted { lhs, rhs in
                let (l, r) = (lhs.value.meanPosition, rhs.value.meanPosition)
                return l != r ? l < r : lhs.key < rhs.key
            }
            .map { $0.value.statistics(action: $0.key) }
        return PatternSummary(
            patternId: patternId ?? key.patternId,
            sourceCloud: key.sourceCloud,
            targetCloud: key.targetCloud,
            strategy: key.strategy,
            resourceTypes: key.resourceTypes,
            successRate: successSum / total,
            avgDuration: durationSum / total,
            costSavings: savingsSum / total,
            contributors: pseudonyms.count,
            contributions: count,
            steps: statistics,
            recommendations: Recommendations.derive(steps: statistics),
            firstSeenMillis: firstSeenMillis,
            network: key.network
        )
    }
}

private struct StepAccumulator: Sendable {
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
