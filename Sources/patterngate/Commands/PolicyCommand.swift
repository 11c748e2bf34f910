import ArgumentParser
import ErrorCodes
import Foundation
import Gateway
import Privacy

/// `policy show` and `policy check`: the policy a gateway would run, and whether a file is one.
struct PolicyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "policy",
        abstract: "Show the effective policy, or check a policy file.",
        subcommands: [PolicyShowCommand.self, PolicyCheckCommand.self])
}

struct PolicyShowCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show",
        abstract: "Print the effective policy as YAML, after a '# hash: HEX' line.",
        discussion: """
            Every default is filled in; lists are named by path (relative to the policy's folder) \
            with their entry counts. Saved beside those lists, the output loads back to the same \
            policy and the same hash (docs/policy.md).
            """)

    @OptionGroup var options: PolicyOptions

    func run() throws {
        let policy = try options.load()
        do throws(PolicyError) {
            print(try policy.yaml(), terminator: "")
        } catch {
            throw CLIFailure.failure("\(PolicyFile.name(options.policy)): \(error.description)")
        }
    }
}

struct PolicyCheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Check a policy file: one line; exit 0 valid, 1 invalid, 3 unreadable.",
        discussion: "Unreadable: the file, or a list file it names, cannot be read.")

    @Argument(help: "The policy file.")
    var file: String

    func validate() throws {
        guard !file.isEmpty else { throw ValidationError("FILE must not be empty") }
    }

    func run() throws {
        let policy: Policy
        do throws(PolicyError) {
            policy = try PolicyFile.load(path: file)
        } catch {
            let reason = error.field == "(file)" ? error.reason : error.description
            let line = "\(file): \(error.code == .policyUnreadable ? "unreadable" : "invalid"): \(reason)"
            throw error.code == .policyUnreadable ? CLIFailure.unreadable(line) : CLIFailure.failure(line)
        }
        print("\(file): valid policy \(policy.version), hash \(policy.hash)")
    }
}
