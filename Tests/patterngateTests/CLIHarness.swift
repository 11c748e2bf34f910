import Foundation
import Synchronization
import TestSupport
import Testing

/// The built `patterngate` binary: beside the test bundle, or in the default build folder.
let patterngateBinary: URL = {
    let beside = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("patterngate")
    if FileManager.default.isExecutableFile(atPath: beside.path) { return beside }
    return repositoryRoot.appendingPathComponent(".build/debug/patterngate")
}()

struct CLIResult {
    var status: Int32
    var stdout: String
    var stderr: String
}

/// Runs `patterngate` (or `binary`) with `arguments` from `folder` (the repository root unless
/// named) and waits for it.
func patterngate(
    _ arguments: [String], environment: [String: String] = [:], stdin: Data? = nil, in folder: URL = repositoryRoot,
    binary: URL = patterngateBinary
) throws -> CLIResult {
    let process = Process()
    process.executableURL = binary
    process.arguments = arguments
    process.currentDirectoryURL = folder
    process.environment = ProcessInfo.processInfo.environment
        .filter { !$0.key.hasPrefix("PATTERNGATE_") }
        .merging(environment) { $1 }
    let out = Pipe(), err = Pipe(), input = Pipe()
    process.standardOutput = out
    process.standardError = err
    process.standardInput = input
    try process.run()
    if let stdin { input.fileHandleForWriting.write(stdin) }
    try input.fileHandleForWriting.close()
    let stdout = out.fileHandleForReading.readDataToEndOfFile()
    let stderr = err.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return CLIResult(
        status: process.terminationStatus, stdout: String(decoding: stdout, as: UTF8.self), stderr: String(decoding: stderr, as: UTF8.self))
}

/// A `patterngate serve` process on a free loopback port; stopped with SIGTERM.
final class ServerProcess: Sendable {
    let process: Process
    let output = TextSink()
    let url: String

    init(dataDir: String, extra: [String] = [], in folder: URL = repositoryRoot) throws {
        let process = Process()
        process.executableURL = patterngateBinary
        process.arguments = ["serve", "--data-dir", dataDir] + (extra.contains("--port") ? [] : ["--port", "0"]) + extra
        process.currentDirectoryURL = folder
        let err = Pipe()
        process.standardError = err
        process.standardOutput = FileHandle.nullDevice
        self.process = process
        let output = self.output
        err.fileHandleForReading.readabilityHandler = { handle in
            let data = handle.availableData
            output.text.withLock { $0 += String(decoding: data, as: UTF8.self) }
        }
        try process.run()
        let deadline = Date().addingTimeInterval(30)
        var found: String?
        while Date() < deadline, process.isRunning {
            let text = output.text.withLock { $0 }
            if let range = text.range(of: #"url=http://127\.0\.0\.1:[0-9]+"#, options: .regularExpression) {
                found = String(text[range].dropFirst("url=".count))
                break
            }
            Thread.sleep(forTimeInterval: 0.05)
        }
        guard let found else {
            process.terminate()
            throw CLIHarnessError(message: "serve did not start: \(output.text.withLock { $0 })")
        }
        url = found
    }

    /// Sends SIGTERM and returns the exit status.
    func stop() -> Int32 {
        process.terminate()
        process.waitUntilExit()
        return process.terminationStatus
    }

    deinit {
        if process.isRunning { process.terminate() }
    }
}

/// Text appended from a pipe's handler thread and read by the test.
final class TextSink: Sendable {
    let text = Mutex("")
}

struct CLIHarnessError: Error, CustomStringConvertible {
    var message: String
    var description: String { message }
}

func temporaryDirectory() -> String {
    temporaryPath("pg-cli").path
}
