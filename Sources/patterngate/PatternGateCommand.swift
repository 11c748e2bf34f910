import ArgumentParser
import Foundation
import Gateway
import NIOCore
import NIOPosix

/// `patterngate`: the gateway server, its offline tools and a client for its HTTP API.
struct PatternGateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "patterngate",
        abstract: "The privacy gatekeeper of the Global Pattern Network.",
        subcommands: [
            ServeCommand.self, TokenCommand.self, ConsentCommand.self, ContributeCommand.self, SearchCommand.self,
            AnonymizeCommand.self, ScanCommand.self, RescanCommand.self,
            EraseCommand.self, ErasureCommand.self, RectifyCommand.self, ExportCommand.self, PurgeCommand.self, GatewayCommand.self,
            AuditCommand.self, PolicyCommand.self, RankerCommand.self,
        ])
}

/// Exit codes of DESIGN.md: 0 ok, 1 failure, 2 usage, 3 unreadable input.
@main
enum Entry {
    static func main() async {
        do {
            var command = try PatternGateCommand.parseAsRoot()
            if command is ServeCommand {
                // Handlers then run on the event loops that do their I/O, instead of hopping to
                // Swift's global pool and back on every request (docs/robustness.md).
                if !NIOSingletons.unsafeTryInstallSingletonPosixEventLoopGroupAsConcurrencyGlobalExecutor() {
                    FileHandle.standardError.write(Data("note: handlers run on Swift's global pool (the event loops could not take it over)\n".utf8))
                }
            }
            if var asyncCommand = command as? any AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch let failure as CLIFailure {
            Terminal.error(failure.message)
            exit(failure.exitCode)
        } catch {
            // Every module's error through the one mapping the HTTP edge uses.
            if let report = ErrorReport.gatewayError(for: error) {
                Terminal.error(report.description)
                exit(ErrorReport.exitStatus(for: report))
            }
            let code = PatternGateCommand.exitCode(for: error)
            if code == .success {
                PatternGateCommand.exit(withError: error)
            }
            let message = PatternGateCommand.fullMessage(for: error)
            if code == .validationFailure {
                FileHandle.standardError.write(Data((message + "\n").utf8))
                exit(2)
            }
            Terminal.error(message)
            exit(1)
        }
    }
}
