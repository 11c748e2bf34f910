import ArgumentParser
import Foundation
import Gateway
import NIOHTTP1

/// `rescan [--dry-run]`: which stored contributions the gateway's current policy would reject.
struct RescanCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rescan", abstract: "Scan every stored contribution with the current policy (officer).")

    @OptionGroup var client: ClientOptions

    @Flag(name: .customLong("dry-run"), help: "Report only; do not record the rescan in the audit log.")
    var dryRun = false

    @Flag(help: "Print the raw JSON response.")
    var json = false

    func run() async throws {
        let client = try client.client()
        let data = try await client.send(.POST, "/api/v1/admin/rescan", body: try JSONEncoder().encode(RescanRequest(dryRun: dryRun)))
        if json { return JSONOutput.print(data) }
        let report = try client.decode(RescanReport.self, data)
        print(
            "scanned \(report.scanned) contributions with policy \(report.policyHash.prefix(12)): \(report.flagged.count) would be rejected\(report.dryRun ? " (dry run)" : "")"
        )
        for item in report.flagged {
            let kinds = Set(item.findings.map(\.kind)).sorted().joined(separator: ",")
            let fields = Set(item.findings.map(\.field)).sorted().joined(separator: ",")
            print("  \(item.contributionId)  \(kinds)  in \(fields)")
        }
    }
}
