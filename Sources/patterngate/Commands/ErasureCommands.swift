import ArgumentParser
import AuditLog
import Foundation
import Gateway
import NIOHTTP1
import Privacy
import Replication
import Storage

/// `erase (--deployment-id ID | --contribution ID...)`: an erasure request.
struct EraseCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "erase", abstract: "Request erasure of a deployment (officer), of this deployment, or of contributions.")
    @OptionGroup var client: ClientOptions
    @Option(name: .customLong("deployment-id"), help: "The deployment to erase (officers; travels in the body, never a URL).")
    var deploymentId: String?
    @Option(name: .customLong("contribution"), help: "A contribution id to erase (repeatable).")
    var contributions: [String] = []
    @Flag(help: "Print the raw JSON response.")
    var json = false

    func validate() throws {
        if deploymentId != nil && !contributions.isEmpty {
            throw ValidationError("give --deployment-id or --contribution, not both")
        }
    }

    func run() async throws {
        let client = try client.client()
        let body = ErasureRequestBody(deploymentId: deploymentId, contributionIds: contributions.isEmpty ? nil : contributions)
        let data = try await client.send(.POST, "/api/v1/erasure", body: try JSONEncoder().encode(body))
        if json { return JSONOutput.print(data) }
        let receipt = try client.decode(ErasureReceipt.self, data)
        print("erasure \(receipt.requestId) recorded at \(receipt.requestedAt)")
        print("  contributions hidden on this gateway: \(receipt.contributionsCovered)")
        print(
            "  tombstones: \(receipt.tombstones.count)\(receipt.tombstones.contains(where: \.notSeenHere) ? " (\(receipt.tombstones.filter(\.notSeenHere).count) for contributions not seen here yet)" : "")"
        )
        print("  purge due by \(receipt.purgeDueAt); legal deadline \(receipt.legalDeadline)")
        print("  follow it with: patterngate erasure status \(receipt.requestId)")
    }
}

/// `erasure status ID`.
struct ErasureCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "erasure", abstract: "Follow erasure requests across the network.",
        subcommands: [Status.self, List.self, Certificate.self, AttestDestroyed.self])

    struct Certificate: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract:
                "Save a complete request's purge certificate (officers): every gateway's signed erasure.purged event and an audit inclusion proof.")
        @OptionGroup var client: ClientOptions
        @Argument(help: "The erasure request id (er_…).")
        var id: String
        @Option(help: "Where to write the JSON document.")
        var out: String

        func run() async throws {
            let client = try client.client()
            let data = try await client.send(.GET, "/api/v1/erasure/\(id)/certificate")
            let document = (try? JSONSerialization.jsonObject(with: data)) as? [String: Any] ?? [:]
            do {
                try data.write(to: URL(fileURLWithPath: out), options: .atomic)
            } catch {
                throw CLIFailure.failure("cannot write \(out)")
            }
            let events = (document["purgedEvents"] as? [Any])?.count ?? 0
            let proof = ((document["auditEntry"] as? [String: Any])?["proof"] as? [String: Any])?["treeSize"] as? Int
            print(
                "purge certificate of \(id): \(events) erasure.purged events\(proof.map { ", audit inclusion proof at tree size \($0)" } ?? ""), written to \(out)"
            )
        }
    }

    struct AttestDestroyed: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "attest-destroyed",
            abstract: "State, as an officer, that a retired gateway's data dir was destroyed: completes the request for it, shown as an attestation.")
        @OptionGroup var client: ClientOptions
        @Argument(help: "The erasure request id (er_…).")
        var id: String
        @Argument(help: "The retired gateway's id.")
        var gateway: String
        @Option(help: "How the data dir was destroyed (replicated; checked for personal data; 1–500 characters).")
        var reason: String
        @Flag(help: "Print the raw JSON response.")
        var json = false

        func run() async throws {
            let client = try client.client()
            let body = try JSONEncoder().encode(AttestationBody(gatewayId: gateway, reason: reason))
            let data = try await client.send(.POST, "/api/v1/erasure/\(id)/attestations", body: body)
            if json { return JSONOutput.print(data) }
            let status = try client.decode(ErasureStatus.self, data)
            print("attested: the data dir of \(gateway) was destroyed")
            print(status.complete ? "complete: every gateway has purged or was attested destroyed" : "not complete")
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Every erasure request known to the gateway, oldest first (officers).")
        @OptionGroup var client: ClientOptions
        @Option(help: "Only requests in this state: open, complete or overdue.")
        var state: String?
        @Flag(help: "Print the requests as one JSON document.")
        var json = false

        func validate() throws {
            if let state, !["open", "complete", "overdue"].contains(state) { throw ValidationError("--state must be open, complete or overdue") }
        }

        func run() async throws {
            let client = try client.client()
            var all: [ErasureStatus] = []
            var cursor: String?
            repeat {
                var path = "/api/v1/erasure?limit=200"
                if let state { path += "&state=\(state)" }
                if let cursor { path += "&cursor=\(cursor.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? cursor)" }
                let page = try client.decode(ErasureListResponse.self, try await client.send(.GET, path))
                all += page.requests
                cursor = page.nextCursor
            } while cursor != nil
            if json {
                let encoder = JSONEncoder()
                encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
                return print(String(decoding: try encoder.encode(ErasureListResponse(requests: all, nextCursor: nil)), as: UTF8.self))
            }
            if all.isEmpty { return print("no erasure requests\(state.map { " (\($0))" } ?? "")") }
            for status in all {
                let purged = status.gateways.filter(\.purged).count
                let flag = status.complete ? "complete" : status.gateways.contains(where: \.overdue) ? "OVERDUE" : "open"
                print(
                    "\(status.requestId)  \(flag.padding(toLength: 8, withPad: " ", startingAt: 0))  requested \(status.requestedAt)  purge due \(status.purgeDueAt)  purged on \(purged) of \(status.gateways.count) gateways"
                )
            }
        }
    }

    struct Status: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Per gateway: received, purged (when), overdue.")
        @OptionGroup var client: ClientOptions
        @Argument(help: "The erasure request id (er_…).")
        var id: String
        @Flag(help: "Print the raw JSON response.")
        var json = false

        func run() async throws {
            let client = try client.client()
            let data = try await client.send(.GET, "/api/v1/erasure/\(id)")
            if json { return JSONOutput.print(data) }
            let status = try client.decode(ErasureStatus.self, data)
            print(
                "erasure \(status.requestId) (\(status.reason)), requested \(status.requestedAt), purge due \(status.purgeDueAt), legal deadline \(status.legalDeadline)"
            )
            for gateway in status.gateways {
                let state: String
                if gateway.purged {
                    state = "purged \(gateway.purgedAt ?? "")"
                } else if let attestation = gateway.attestation {
                    state = "retired; data dir attested destroyed \(attestation.attestedAt) (an attestation, not a purge)"
                } else if gateway.retiredUnpurged {
                    state =
                        "RETIRED UNPURGED: retired \(gateway.retiredAt ?? "") before it purged; its own purge or `erasure attest-destroyed` completes it"
                } else {
                    state = gateway.overdue ? "OVERDUE" : gateway.received ? "received, purge pending" : "not yet received"
                }
                print("  \(gateway.gateway.padding(toLength: 24, withPad: " ", startingAt: 0)) \(state)")
            }
            print(status.complete ? "complete: every gateway has purged or was attested destroyed" : "not complete")
        }
    }
}

/// `export [--deployment-id ID] --out FILE`.
struct ExportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export", abstract: "Write everything held about a deployment to a JSON file (Art. 15 and 20).")
    @OptionGroup var client: ClientOptions
    @Option(name: .customLong("deployment-id"), help: "The deployment (officers); a deployment token exports itself.")
    var deploymentId: String?
    @Option(help: "Where to write the JSON document.")
    var out: String

    func run() async throws {
        let client = try client.client()
        let data = try await client.send(.POST, "/api/v1/export", body: try JSONEncoder().encode(ExportRequestBody(deploymentId: deploymentId)))
        let document = try client.decode(ExportDocument.self, data)
        do {
            try data.write(to: URL(fileURLWithPath: out), options: .atomic)
        } catch {
            throw CLIFailure.failure("cannot write \(out)")
        }
        let erased = document.contributions.filter { $0.state != "live" }.count
        print(
            "exported \(document.contributions.count) contribution events (\(erased) erased), \(document.consentHistory.count) consent changes, \(document.erasureRequests.count) erasure requests, \(document.auditEntries.count) audit entries to \(out)"
        )
    }
}

/// `purge [--as-of DATE] [--dry-run]` over the API, or `purge --data-dir DIR [--as-of DATE]`
/// on the gateway's host, which also retires audit segments past `audit.retentionYears`.
struct PurgeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "purge", abstract: "Physically remove erased payloads whose purge date has passed (officers).",
        discussion:
            "With --data-dir (offline, on the gateway's host, safe while serve runs) it retires the audit log segments older than the policy's audit.retentionYears as of --as-of; over the API it never touches the audit log."
    )
    @OptionGroup var client: ClientOptions
    @Option(name: .customLong("data-dir"), help: "Run offline on this data dir instead of over the API: retires expired audit segments.")
    var dataDir: String?
    @Option(name: .customLong("network-key-file"), help: "With --data-dir: the network key file, if not the data dir's own.")
    var networkKeyFile: String?
    @OptionGroup var policy: PolicyOptions
    @Option(name: .customLong("as-of"), help: "Purge as if it were this date or time (ISO 8601), e.g. 2026-03-01.")
    var asOf: String?
    @Flag(name: .customLong("dry-run"), help: "Report what would be purged and change nothing.")
    var dryRun = false
    @Flag(help: "Print the raw JSON response.")
    var json = false

    func run() async throws {
        if let dataDir { return try await runOffline(DataDirectory(path: dataDir)) }
        let client = try client.client()
        let data = try await client.send(.POST, "/api/v1/admin/purge", body: try JSONEncoder().encode(PurgeRequestBody(asOf: asOf, dryRun: dryRun)))
        if json { return JSONOutput.print(data) }
        let report = try client.decode(PurgeReport.self, data)
        print(
            "\(report.dryRun ? "would purge" : "purged") \(report.events) payloads of \(report.requests.count) erasure requests due by \(report.asOf)"
        )
        for request in report.requests { print("  \(request.requestId)  due \(request.purgeDueAt)  \(request.events) events") }
        if !report.dryRun { print("WAL checkpoint: \(report.checkpoint); free pages left: \(report.freePages)") }
    }

    /// Offline, on the gateway's host: retires the audit segments whose last entry is older
    /// than `audit.retentionYears` as of `--as-of` (default now), then truncates the WAL.
    func runOffline(_ directory: DataDirectory) async throws {
        guard !dryRun else { throw CLIFailure.usage("--dry-run works over the API only") }
        let policy = try policy.load()
        var date = Date()
        if let asOf {
            guard let parsed = ErasureRules.date(asOf) ?? (try? Date(asOf + "T00:00:00Z", strategy: Date.ISO8601FormatStyle())) else {
                throw CLIFailure.usage("--as-of must be an ISO 8601 date or time (e.g. 2034-03-01)")
            }
            date = parsed
        }
        let opened = try await directory.open(networkKeyFile: networkKeyFile, gatewayId: nil)
        let retired = try await opened.database.retireAuditSegments(
            asOf: date, retentionYears: policy.audit.retentionYears, actor: .cli)
        var clean = false
        if !retired.isEmpty {
            for _ in 0..<1_000 where try await opened.database.incrementalVacuum(pages: 256) > 0 {}
        }
        for attempt in 0..<20 {
            if try await opened.database.checkpointTruncate() {
                clean = true
                break
            }
            try await Task.sleep(for: .milliseconds(50 * (attempt + 1)))
        }
        print(
            "retired \(retired.count) audit segments as of \(AuditEntry.timestamp(date)) (audit.retentionYears \(policy.audit.retentionYears))"
        )
        for segment in retired { print("  \(segment.name)  \(segment.entries) entries") }
        print("WAL checkpoint: \(clean ? "clean" : "pending")")
    }
}

/// `gateway retire ID`.
struct GatewayCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "gateway", abstract: "Manage the network's gateway set.", subcommands: [Retire.self])

    struct Retire: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Remove a decommissioned gateway from the set erasure status waits for.")
        @OptionGroup var client: ClientOptions
        @Argument(help: "The gateway id to retire.")
        var id: String

        func run() async throws {
            let client = try client.client()
            let data = try await client.send(.POST, "/api/v1/admin/gateways/retire", body: try JSONEncoder().encode(RetireGatewayBody(gatewayId: id)))
            let response = try client.decode(RetireGatewayResponse.self, data)
            print(
                "gateway \(response.gatewayId) \(response.duplicate ? "was already retired" : "retired") at \(response.retiredAt) (event \(response.event))"
            )
            print("erasures it has not purged stay incomplete until its own purge or `erasure attest-destroyed`")
        }
    }
}

/// `rectify CONTRIBUTION_ID FILE`: a new version of one of this deployment's contributions
/// (Art. 16). The old version is hidden at once and purged on every gateway at its purge date.
struct RectifyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rectify", abstract: "Replace one of this deployment's contributions with a corrected version.")
    @OptionGroup var client: ClientOptions
    @Argument(help: "The contribution id (64 hex digits).")
    var contributionId: String
    @Argument(help: "The corrected contribution: one JSON object with the same migrationId ('-' reads stdin).")
    var file: String
    @Flag(help: "Print the raw JSON response.")
    var json = false

    func validate() throws {
        guard contributionId.count == 64, contributionId.allSatisfy({ $0.isHexDigit && !$0.isUppercase }) else {
            throw ValidationError("CONTRIBUTION_ID must be 64 lowercase hex digits")
        }
    }

    func run() async throws {
        let client = try client.client()
        let data = try InputFile.read(file)
        guard (try? JSONSerialization.jsonObject(with: data)) is [String: Any] else { throw CLIFailure.unreadable("\(file) is not one JSON object") }
        let response = try await client.send(.PUT, "/api/v1/contributions/\(contributionId)", body: data)
        if json { return JSONOutput.print(response) }
        let result = try client.decode(RevisionResponse.self, response)
        print("rectified \(result.contributionId) (event \(result.event)); the old version is hidden now and purged at its purge date")
    }
}
