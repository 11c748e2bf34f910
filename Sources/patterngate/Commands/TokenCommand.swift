import ArgumentParser
import Foundation
import Gateway
import PatternCore
import Privacy
import Replication
import Storage

/// `token create|list|revoke|plan`: offline, on the data dir (safe while `serve` runs).
struct TokenCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "token", abstract: "Create, list and revoke bearer tokens (only their hashes are stored), and set a deployment token's plan.",
        subcommands: [Create.self, List.self, Revoke.self, SetPlan.self])

    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Create a token and print it alone on stdout.")

        @OptionGroup var data: DataDirOptions

        @Option(help: "deployment, officer or auditor.")
        var role: Role

        @Option(name: .customLong("deployment-id"), help: "The deployment this token acts for (deployment role only); only its pseudonym is stored.")
        var deploymentId: String?

        @Option(help: "free, pro or enterprise (deployment tokens only; default free). What each gets is the policy's plans:.")
        var plan: Plan?

        @Option(
            help:
                "The organization an enterprise deployment token belongs to: its private network has the same name (1–32 of a-z, 0-9, '-'; not global)."
        )
        var organization: String?

        func validate() throws {
            if let organization {
                guard role == .deployment, plan == .enterprise else {
                    throw ValidationError("--organization is for deployment tokens on the enterprise plan (--plan enterprise)")
                }
                guard ReplicaNetwork.isName(organization) else {
                    throw ValidationError("--organization must be 1–32 of a-z, 0-9 and '-', and not global")
                }
            }
            if role == .deployment {
                guard let deploymentId, !deploymentId.isEmpty, deploymentId.utf8.count <= 256 else {
                    throw ValidationError("a deployment token needs --deployment-id (1–256 bytes)")
                }
            } else if deploymentId != nil {
                throw ValidationError("--deployment-id is for deployment tokens only")
            } else if plan != nil {
                throw ValidationError("--plan is for deployment tokens only: officer and auditor tokens have no plan")
            }
        }

        func run() async throws {
            let opened = try await TokenCommand.open(data)
            let pseudonym = deploymentId.map { opened.keyRing.pseudonym(deploymentId: $0) }
            let issued = try await TokenAuthority(database: opened.database).issue(
                role: role, pseudonym: pseudonym, plan: plan ?? .free, organization: organization, actor: .cli)
            print(issued.bearer)
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List tokens: id, role, plan, organization, pseudonym prefix, scope (network, pending, local), created, revoked.")

        @OptionGroup var data: DataDirOptions

        @Flag(help: "Print JSON.")
        var json = false

        func run() async throws {
            let tokens = try await TokenCommand.open(data).database.tokens()
            if json {
                let encoder = JSONEncoder()
                encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
                print(String(decoding: try encoder.encode(tokens), as: UTF8.self))
                return
            }
            print("ID                ROLE        PLAN        ORGANIZATION      SUBJECT       SCOPE    CREATED                   REVOKED")
            for token in tokens {
                let subject = token.pseudonym.map { String($0.prefix(12)) } ?? "-"
                print(
                    "\(token.id)  \(token.role.padding(toLength: 10, withPad: " ", startingAt: 0))  "
                        + "\((token.plan ?? "-").padding(toLength: 10, withPad: " ", startingAt: 0))  "
                        + "\((token.organization ?? "-").padding(toLength: 16, withPad: " ", startingAt: 0))  "
                        + "\(subject.padding(toLength: 12, withPad: " ", startingAt: 0))  \(token.scope.padding(toLength: 7, withPad: " ", startingAt: 0))  "
                        + "\(token.createdAt)  \(token.revokedAt ?? "-")")
            }
        }
    }

    struct Revoke: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Revoke a token by id.")

        @OptionGroup var data: DataDirOptions

        @Argument(help: "The token id (see token list).")
        var id: String

        func run() async throws {
            guard try await TokenCommand.open(data).database.revokeToken(id: id, actor: .cli) else {
                throw CLIFailure.failure("no active token has that id")
            }
            print("revoked \(id)")
        }
    }

    struct SetPlan: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "plan",
            abstract: "Set a deployment token's plan (audited; the running gateway publishes it to the network within a second).")

        @OptionGroup var data: DataDirOptions

        @Argument(help: "The token id (see token list).")
        var id: String

        @Option(help: "free, pro or enterprise.")
        var plan: Plan

        func run() async throws {
            switch try await TokenCommand.open(data).database.setTokenPlan(id: id, plan: plan, actor: .cli) {
            case .changed(let previous): print("token \(id): plan \(previous) -> \(plan.rawValue)")
            case .unchanged: print("token \(id): plan already \(plan.rawValue)")
            case .noSuchToken: throw CLIFailure.failure("no active deployment token has that id (officer and auditor tokens have no plan)")
            }
        }
    }

    static func open(_ data: DataDirOptions) async throws -> DataDirectory.Opened {
        do {
            return try await data.directory.open(networkKeyFile: data.networkKeyFile, gatewayId: nil)
        }
    }
}

extension Role: ExpressibleByArgument {}
extension Plan: ExpressibleByArgument {}
