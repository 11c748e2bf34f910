import Foundation

/// A failure the CLI reports in one line with a DESIGN.md exit code.
struct CLIFailure: Error {
    var message: String
    var exitCode: Int32

    static func failure(_ message: String) -> CLIFailure { CLIFailure(message: message, exitCode: 1) }
    static func usage(_ message: String) -> CLIFailure { CLIFailure(message: message, exitCode: 2) }
    static func unreadable(_ message: String) -> CLIFailure { CLIFailure(message: message, exitCode: 3) }
}

enum Terminal {
    static func error(_ message: String) {
        FileHandle.standardError.write(Data("patterngate: \(message)\n".utf8))
    }

    /// True when stderr is a terminal: long work shows progress there, and only there.
    static var showsProgress: Bool { isatty(STDERR_FILENO) == 1 }

    static func progress(_ message: String) {
        guard showsProgress else { return }
        FileHandle.standardError.write(Data("\r\u{1b}[K\(message)".utf8))
    }

    static func endProgress() {
        guard showsProgress else { return }
        FileHandle.standardError.write(Data("\n".utf8))
    }
}

enum InputFile {
    /// The bytes of `path`, or of standard input for `-`; exit 3 when it cannot be read.
    static func read(_ path: String) throws -> Data {
        if path == "-" { return FileHandle.standardInput.readDataToEndOfFile() }
        guard let contents = FileManager.default.contents(atPath: path) else { throw CLIFailure.unreadable("cannot read \(path)") }
        return contents
    }
}
