import ArgumentParser
import Foundation
import Gateway
import NIOHTTP1
import Replication

/// `consent grant|revoke|show` for the deployment the token belongs to.
struct ConsentCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "consent", abstract: "Grant, revoke or show this deployment's consent (off by default).",
        subcommands: [Grant.self, Revoke.self, Show.self])

    struct Grant: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Opt in to sharing contributions.")
        @OptionGroup var client: ClientOptions
        @Option(parsing: .upToNextOption, help: "Purposes to grant (default: contribute).")
        var purposes: [String] = []
        @OptionGroup var network: NetworkOption
        @Flag(help: "Print the raw JSON response.")
        var json = false

        func run() async throws {
            try await ConsentCommand.change("grant", purposes: purposes, network: network.network, client: client, json: json)
        }
    }

    struct Revoke: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Withdraw consent (every purpose unless named); an officer names the deployment with --deployment-id.")
        @OptionGroup var client: ClientOptions
        @Option(parsing: .upToNextOption, help: "Purposes to revoke (default: all).")
        var purposes: [String] = []
        @Option(
            name: .customLong("deployment-id"), help: "The deployment whose consent an officer revokes (every purpose; in the body, never a URL).")
        var deploymentId: String?
        @OptionGroup var network: NetworkOption
        @Flag(help: "Print the raw JSON response.")
        var json = false

        func validate() throws {
            if deploymentId != nil && !purposes.isEmpty {
                throw ValidationError("an officer revokes every purpose: give --deployment-id without --purposes")
            }
        }

        func run() async throws {
            if let deploymentId {
                return try await ConsentCommand.officer(
                    deploymentId: deploymentId, revoke: true, network: network.network, client: client, json: json)
            }
            try await ConsentCommand.change("revoke", purposes: purposes, network: network.network, client: client, json: json)
        }
    }

    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Show the active purposes and the full history; an officer names the deployment with --deployment-id.")
        @OptionGroup var client: ClientOptions
        @Option(name: .customLong("deployment-id"), help: "The deployment whose consent an officer reads (in the body, never a URL).")
        var deploymentId: String?
        @OptionGroup var network: NetworkOption
        @Flag(help: "Print the raw JSON response.")
        var json = false

        func run() async throws {
            if let deploymentId {
                return try await ConsentCommand.officer(
                    deploymentId: deploymentId, revoke: false, network: network.network, client: client, json: json)
            }
            let client = try client.client()
            let data = try await client.send(.GET, "/api/v1/consent" + network.query)
            if json { return JSONOutput.print(data) }
            ConsentCommand.describe(try client.decode(ConsentStateResponse.self, data))
        }
    }

    /// `POST /api/v1/admin/consent`: an officer reads, or revokes, a deployment's consent.
    static func officer(deploymentId: String, revoke: Bool, network: String?, client options: ClientOptions, json: Bool) async throws {
        let client = try options.client()
        let body = try JSONEncoder().encode(OfficerConsentRequest(deploymentId: deploymentId, revoke: revoke, network: network))
        let data = try await client.send(.POST, "/api/v1/admin/consent", body: body)
        if json { return JSONOutput.print(data) }
        let state = try client.decode(ConsentStateResponse.self, data)
        if let receipt = state.receipt { print("\(receipt.action) recorded: event \(receipt.eventId) at \(receipt.at)") }
        if let erasure = state.erasure { print("erasure \(erasure.requestId) recorded; purge due by \(erasure.purgeDueAt)") }
        describe(state)
    }

    static func change(_ action: String, purposes: [String], network: String?, client options: ClientOptions, json: Bool) async throws {
        let client = try options.client()
        let request = ConsentChangeRequest(action: action, purposes: purposes.isEmpty ? nil : purposes, policyVersion: nil, network: network)
        let data = try await client.send(.PUT, "/api/v1/consent", body: try JSONEncoder().encode(request))
        if json { return JSONOutput.print(data) }
        let state = try client.decode(ConsentStateResponse.self, data)
        if let receipt = state.receipt {
            print("\(receipt.action) recorded: event \(receipt.eventId) at \(receipt.at), policy \(receipt.policyVersion), hash \(receipt.hash)")
        }
        describe(state)
    }

    static func describe(_ state: ConsentStateResponse) {
        print("contribute consent: \(state.contribute ? "on" : "off")")
        print("active purposes: \(state.activePurposes.isEmpty ? "none" : state.activePurposes.joined(separator: ", "))")
        for receipt in state.history {
            print(
                "  \(receipt.at)  \(receipt.action.padding(toLength: 6, withPad: " ", startingAt: 0))  \(receipt.purposes.joined(separator: ","))  by \(receipt.actor)  event \(receipt.eventId)"
            )
        }
    }
}

/// `--network NAME`: act in a private network (issue 18) instead of the global one.
struct NetworkOption: ParsableArguments {
    @Option(help: "A private network (your organization's) instead of the global network.")
    var network: String?

    /// `?network=NAME` for a query string, or nothing.
    var query: String { network.map { "?network=\($0)" } ?? "" }

    func validate() throws {
        if let network, network != ReplicaNetwork.globalName, !ReplicaNetwork.isName(network) {
            throw ValidationError("--network must be global or a private network's name (1–32 of a-z, 0-9 and '-')")
        }
    }
}
