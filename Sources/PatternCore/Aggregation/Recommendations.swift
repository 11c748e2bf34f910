/// Advice computed from a pattern's step statistics; never canned text.
package enum Recommendations {
    package static func derive(steps: [StepStatistics]) -> [String] {
        var advice: [String] = []
        // The step that fails most often (lowest success rate, then most runs, then name).
        let failing = steps.filter { $0.successRate < 1 }
        if let worst = failing.min(by: { lhs, rhs in
            if lhs.successRate != rhs.successRate { return lhs.successRate < rhs.successRate }
            if lhs.count != rhs.count { return lhs.count > rhs.count }
            return lhs.action < rhs.action
        }) {
            let failed = Int(((1 - worst.successRate) * 100).rounded())
            advice.append(
                "Step '\(worst.action)' failed in \(failed)% of \(worst.count) run\(worst.count == 1 ? "" : "s"): prepare a retry or rollback for it."
            )
        }
        // The slowest step and its share of the time all steps take.
        let total = steps.reduce(0.0) { $0 + $1.meanDurationSeconds }
        if steps.count > 1, total > 0,
            let slowest = steps.max(by: { lhs, rhs in
                lhs.meanDurationSeconds != rhs.meanDurationSeconds
                    ? lhs.meanDurationSeconds < rhs.meanDurationSeconds : lhs.action > rhs.action
            })
        {
            let share = Int((slowest.meanDurationSeconds / total * 100).rounded())
            advice.append(
                "Step '\(slowest.action)' takes longest (mean \(formatSeconds(slowest.meanDurationSeconds)), \(share)% of step time): schedule it first in the change window."
            )
        }
        return advice
    }

    static func formatSeconds(_ seconds: Double) -> String {
        let rounded = Int(seconds.rounded())
        if rounded < 120 { return "\(rounded) s" }
        if rounded < 7200 { return "\(Int((seconds / 60).rounded())) min" }
        let hours = (seconds / 360).rounded() / 10
        return "\(hours) h"
    }
}
