import PatternCore
import Testing

@Suite("Pattern aggregates")
struct AggregationTests {
    let key = PatternKey(sourceCloud: .aws, targetCloud: .azure, strategy: .rehost, resourceTypes: ["EC2"])

    @Test("means, distinct contributors and the step union")
    func aggregates() throws {
        let summary = try #require(
            PatternSummary.derive(
                key: key,
                from: [
                    contribution(
                        "1", by: "p1", strategy: .rehost, types: ["EC2"], successRate: 1.0, hours: 4, savings: 10,
                        steps: [
                            MigrationStep(action: "create_vm", durationSeconds: 100, success: true),
                            MigrationStep(action: "replicate_disk", durationSeconds: 1000, success: false),
                        ]),
                    contribution(
                        "2", by: "p1", strategy: .rehost, types: ["EC2"], successRate: 0.5, hours: 8, savings: 30,
                        steps: [
                            MigrationStep(action: "create_vm", durationSeconds: 300, success: true),
                            MigrationStep(action: "replicate_disk", durationSeconds: 3000, success: true),
                            MigrationStep(action: "cutover_dns", durationSeconds: 60, success: true),
                        ]),
                    contribution("3", by: "p2", strategy: .rehost, types: ["EC2"], successRate: 0.0, hours: 0, savings: -10),
                ]))
        #expect(summary.successRate == 0.5)
        #expect(summary.avgDuration == 4)
        #expect(summary.costSavings == 10)
        #expect(summary.contributors == 2)
        #expect(summary.contributions == 3)
        #expect(summary.steps.map(\.action) == ["create_vm", "replicate_disk", "cutover_dns"])
        let disk = try #require(summary.steps.first { $0.action == "replicate_disk" })
        #expect(disk.count == 2)
        #expect(disk.meanDurationSeconds == 2000)
        #expect(disk.successRate == 0.5)
    }

    @Test("recommendations name the most failing and the slowest step, from the statistics")
    func recommendations() {
        let advice = Recommendations.derive(steps: [
            StepStatistics(action: "create_vm", count: 4, meanDurationSeconds: 120, successRate: 1),
            StepStatistics(action: "replicate_db", count: 4, meanDurationSeconds: 5400, successRate: 0.75),
            StepStatistics(action: "cutover_dns", count: 2, meanDurationSeconds: 60, successRate: 0.5),
        ])
        #expect(advice.count == 2)
        #expect(advice[0].contains("'cutover_dns' failed in 50% of 2 runs"))
        #expect(advice[1].contains("'replicate_db' takes longest (mean 90 min, 97% of step time)"))
        #expect(Recommendations.derive(steps: []).isEmpty)
        #expect(Recommendations.derive(steps: [StepStatistics(action: "a", count: 1, meanDurationSeconds: 5, successRate: 1)]).isEmpty)
    }

    @Test("no contributions, no pattern")
    func empty() {
        #expect(PatternSummary.derive(key: key, from: [LiveContribution]()) == nil)
    }
}
