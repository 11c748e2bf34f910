/// Live contributions of the network in one week, as the network figures publish a count:
/// rounded to tens, suppressed below the policy's `stats.minCount`.
package struct WeeklyFigure: Sendable, Hashable {
    /// The first day of the week (UTC, `YYYY-MM-DD`).
    package var weekStart: String
    package var contributions: NetworkFigure
}
