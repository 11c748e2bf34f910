import GRDB

extension AppDatabase {
    /// Live contributions of the whole (global) network per week, for the `weeks` weeks ending at
    /// `asOfMillis`, oldest first: by the clock of the event that made each one (as the
    /// network figures count them), so an erased contribution leaves its week.
    package func weeklyContributions(asOfMillis: Int64, weeks: Int) async throws -> [Int] {
        let week: Int64 = 7 * 24 * 3600 * 1000
        return try await read { db in
            var counts = [Int](repeating: 0, count: weeks)
            let rows = try Row.fetchAll(
                db,
                sql: """
                    SELECT (:asOf - ce.hlc_wall) / :week AS ago, COUNT(*)
                    FROM contribution c JOIN contribution_event ce ON ce.origin = c.origin AND ce.seq = c.seq
                    WHERE ce.hlc_wall <= :asOf AND ce.hlc_wall > :asOf - :weeks * :week AND instr(c.origin, '@') = 0
                    GROUP BY ago
                    """, arguments: ["asOf": asOfMillis, "week": week, "weeks": weeks])
            for row in rows {
                let ago: Int = row[0]
                if (0..<weeks).contains(ago) { counts[weeks - 1 - ago] = row[1] }
            }
            return counts
        }
    }
}
