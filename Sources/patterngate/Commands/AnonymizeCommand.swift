import ArgumentParser
import Foundation
import Gateway
import Privacy

/// Options of the offline text tools.
struct PolicyOptions: ParsableArguments {
    @Option(help: "The policy file.")
    var policy: String = PolicyFile.defaultPath

    func load() throws -> Policy {
        do {
            return try PolicyFile.load(path: policy)
        } catch let error as PolicyError {
            throw CLIFailure.unreadable("\(policy): \(error.description)")
        }
    }
}

/// One input line of `anonymize` and `scan`: `{"id": any JSON value, "text": string}`,
/// optionally with `"sensitiveTerms": [string]`.
struct TextLine {
    var id: Any
    var text: String
    var sensitiveTerms: [String]

    static func parse(_ line: String) -> TextLine? {
        guard let object = try? JSONSerialization.jsonObject(with: Data(line.utf8), options: [.fragmentsAllowed]) as? [String: Any],
            let text = object["text"] as? String
        else { return nil }
        return TextLine(id: object["id"] ?? NSNull(), text: text, sensitiveTerms: object["sensitiveTerms"] as? [String] ?? [])
    }
}

/// Reads JSON lines from stdin, writes one JSON line per input line; unreadable lines are
/// named on stderr and make the exit code 3.
enum JSONLines {
    static func process(_ transform: (TextLine) -> [String: Any]) throws {
        var number = 0
        var unreadable = 0
        let output = FileHandle.standardOutput
        while let line = readLine(strippingNewline: true) {
            number += 1
            if line.allSatisfy(\.isWhitespace) { continue }
            guard let input = TextLine.parse(line) else {
                unreadable += 1
                Terminal.error("line \(number): not a JSON object with a string \"text\"")
                continue
            }
            var object = transform(input)
            object["id"] = input.id
            let data = try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes, .fragmentsAllowed])
            output.write(data + Data("\n".utf8))
        }
        if unreadable > 0 { throw CLIFailure(message: "\(unreadable) unreadable line(s)", exitCode: 3) }
    }
}

struct AnonymizeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "anonymize",
        abstract: "Anonymize JSON lines {\"id\", \"text\"} from stdin with the policy's gate.",
        discussion: """
            Writes {"id", "text"} with the anonymized text, or {"id", "text": null, "rejected": true, "findings": [kinds]} \
            when the verification scan still finds something in the anonymized text.
            """)

    @OptionGroup var options: PolicyOptions

    func run() throws {
        let policy = try options.load()
        let anonymizer = Anonymizer(policy: policy)
        let scanner = VerificationScanner(policy: policy)
        try JSONLines.process { line in
            let text = anonymizer.anonymize(line.text, sensitiveTerms: line.sensitiveTerms)
            let kinds = scanner.kinds(in: text, sensitiveTerms: line.sensitiveTerms)
            if kinds.isEmpty { return ["text": text] }
            return ["text": NSNull(), "rejected": true, "findings": kinds.sorted()]
        }
    }
}

struct ScanCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "scan",
        abstract: "Run the verification scan over JSON lines {\"id\", \"text\"} from stdin.",
        discussion: "Writes {\"id\", \"findings\": [{\"kind\", \"start\", \"end\"}]} with offsets in Unicode scalars.")

    @OptionGroup var options: PolicyOptions

    func run() throws {
        let scanner = VerificationScanner(policy: try options.load())
        try JSONLines.process { line in
            ["findings": scanner.scan(line.text, sensitiveTerms: line.sensitiveTerms).map { ["kind": $0.kind, "start": $0.start, "end": $0.end] }]
        }
    }
}
