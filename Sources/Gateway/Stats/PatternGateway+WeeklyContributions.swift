package import Foundation
import Privacy
import Storage

extension PatternGateway {
    /// The network's live contributions per week for the last `weeks` weeks up to `now`,
    /// oldest first, each a count as the network figures publish it (rounded to tens,
    /// suppressed below `stats.minCount`). Officers only: the console's chart.
    package func contributionsPerWeek(_ principal: Principal, weeks: Int = 12, now: Date = Date()) async throws -> [WeeklyFigure] {
        try principal.require(.officer, to: "read contributions per week")
        let asOf = Int64(now.timeIntervalSince1970 * 1000)
        let counts = try await database.weeklyContributions(asOfMillis: asOf, weeks: weeks)
        return counts.enumerated().map { index, count in
            let start = now.addingTimeInterval(-Double(weeks - index) * 7 * 86_400)
            return WeeklyFigure(
                weekStart: String(Timestamps.iso8601(start).prefix(10)), contributions: .count(count, minCount: policy.stats.minCount))
        }
    }
}
