import ArgumentParser
import Foundation
import Gateway
import NIOHTTP1

/// `search`: the patterns that fit a migration, as a table or raw JSON.
struct SearchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "search", abstract: "Find patterns that fit a migration.")

    @OptionGroup var client: ClientOptions

    @Option(help: "Source cloud: aws, azure, gcp or on-prem.")
    var source: String

    @Option(help: "Target cloud: aws, azure or gcp.")
    var target: String

    @Option(help: "Comma-separated resource types, e.g. EC2,RDS,S3.")
    var resources: String

    @Option(help: "At most this many patterns (1–50).")
    var limit: Int?

    @Flag(help: "Print the raw SearchPatternsResponse.")
    var json = false

    func run() async throws {
        let client = try client.client()
        var components = URLComponents()
        components.queryItems =
            [
                URLQueryItem(name: "sourceCloud", value: source), URLQueryItem(name: "targetCloud", value: target),
                URLQueryItem(name: "resourceTypes", value: resources),
            ] + (limit.map { [URLQueryItem(name: "limit", value: String($0))] } ?? [])
        let data = try await client.send(.GET, "/api/v1/patterns/search?" + (components.percentEncodedQuery ?? ""))
        if json { return JSONOutput.print(data) }
        let response = try client.decode(SearchPatternsResponse.self, data)
        print(SearchTable.render(response))
    }
}

/// The readable table of a search response.
enum SearchTable {
    static func render(_ response: SearchPatternsResponse) -> String {
        var lines = ["\(response.patterns.count) of \(response.totalMatches) matching patterns (\(String(format: "%.2f", response.queryTime)) ms)"]
        guard !response.patterns.isEmpty else { return lines.joined(separator: "\n") }
        let header = ["#", "PATTERN", "SIMILARITY", "SUCCESS", "AVG HOURS", "SAVINGS %", "CONTRIBUTORS", "STRATEGY", "RESOURCES"]
        var rows = [header]
        for (number, pattern) in response.patterns.enumerated() {
            rows.append([
                String(number + 1), String(pattern.patternId.prefix(12)), String(format: "%.3f", pattern.similarity ?? 0),
                String(format: "%.0f%%", pattern.successRate * 100), String(format: "%.1f", pattern.avgDuration),
                String(format: "%.1f", pattern.costSavings), String(pattern.contributors), pattern.strategy,
                pattern.resourceTypes.joined(separator: ","),
            ])
        }
        let widths = header.indices.map { column in rows.map { $0[column].count }.max() ?? 0 }
        for row in rows {
            lines.append(zip(row, widths).map { $0.padding(toLength: $1, withPad: " ", startingAt: 0) }.joined(separator: "  "))
        }
        for (number, pattern) in response.patterns.enumerated() {
            let steps = pattern.steps.map {
                "\($0.action) (\(String(format: "%.0f", $0.durationSeconds)) s, \(String(format: "%.0f%%", $0.successRate * 100)))"
            }
            if !steps.isEmpty { lines.append("\(number + 1). steps: " + steps.joined(separator: " → ")) }
            for advice in pattern.recommendations { lines.append("   - \(advice)") }
        }
        return lines.joined(separator: "\n")
    }
}
