import ArgumentParser
import Foundation
import Gateway
import JSONCoding
import Privacy

/// `--policy FILE`, shared by every command that loads a policy.
struct PolicyOptions: ParsableArguments {
    @Option(help: ArgumentHelp("The policy file (default: policies/default.yaml, built into this binary).", valueName: "file"))
    var policy: String?

    /// The policy, or exit 3 naming the field at fault.
    func load() throws -> Policy {
        do throws(PolicyError) {
            return try PolicyFile.load(path: policy)
        } catch {
            throw CLIFailure.unreadable("\(PolicyFile.name(policy)): \(error.description)")
        }
    }
}

/// Options of the JSON-lines tools' streaming loop.
struct JSONLinesOptions: ParsableArguments {
    @Option(help: "Threads anonymizing at once (default: one per core). Output order is input order either way.")
    var jobs: Int = ProcessInfo.processInfo.activeProcessorCount

    func validate() throws {
        guard (1...256).contains(jobs) else { throw ValidationError("--jobs must be between 1 and 256") }
    }

    /// Streams stdin to stdout through `transform`; exit 3 when a line was unreadable.
    func process(_ transform: some TextLineTransform) throws {
        let summary = try JSONLinesProcessor(transform: transform, jobs: jobs).run()
        if summary.unreadable > 0 { throw CLIFailure(message: "\(summary.unreadable) unreadable line(s)", exitCode: 3) }
    }
}

/// `anonymize`: `{"id", "text"}`, or `{"findings", "id", "rejected": true, "text": null}` when
/// the verification scan still finds something (keys in the order `.sortedKeys` wrote them).
struct AnonymizeTransform: TextLineTransform {
    let anonymizer: Anonymizer
    let scanner: VerificationScanner

    func write(_ line: TextLine, to output: inout JSONWriter) {
        // The terms' matcher is built once for both (the convenience calls would build it twice).
        let terms = SensitiveTermMatcher(terms: line.sensitiveTerms)
        var budget = ScanBudget.unlimited
        let text = anonymizer.anonymize(line.text, terms: terms, budget: &budget)
        budget = .unlimited
        let kinds = scanner.kinds(in: text, terms: terms, budget: &budget)
        if kinds.isEmpty {
            output.appendRaw("{\"id\":")
            output.appendID(of: line)
            output.appendRaw(",\"text\":")
            output.appendString(text)
            output.appendRaw("}\n")
        } else {
            output.appendRaw("{\"findings\":[")
            for (index, kind) in kinds.sorted().enumerated() {
                if index > 0 { output.appendRaw(",") }
                output.appendString(kind)
            }
            output.appendRaw("],\"id\":")
            output.appendID(of: line)
            output.appendRaw(",\"rejected\":true,\"text\":null}\n")
        }
    }
}

/// `scan`: `{"findings": [{"end", "kind", "start"}], "id"}` (sorted keys, as before).
struct ScanTransform: TextLineTransform {
    let scanner: VerificationScanner

    func write(_ line: TextLine, to output: inout JSONWriter) {
        output.appendRaw("{\"findings\":[")
        for (index, finding) in scanner.scan(line.text, sensitiveTerms: line.sensitiveTerms).enumerated() {
            output.appendRaw(index > 0 ? ",{\"end\":" : "{\"end\":")
            output.appendInteger(finding.end)
            output.appendRaw(",\"kind\":")
            output.appendString(finding.kind)
            output.appendRaw(",\"start\":")
            output.appendInteger(finding.start)
            output.appendRaw("}")
        }
        output.appendRaw("],\"id\":")
        output.appendID(of: line)
        output.appendRaw("}\n")
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
    @OptionGroup var lines: JSONLinesOptions

    func run() throws {
        let policy = try options.load()
        try lines.process(AnonymizeTransform(anonymizer: Anonymizer(policy: policy), scanner: VerificationScanner(policy: policy)))
    }
}

struct ScanCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "scan",
        abstract: "Run the verification scan over JSON lines {\"id\", \"text\"} from stdin.",
        discussion: "Writes {\"id\", \"findings\": [{\"kind\", \"start\", \"end\"}]} with offsets in Unicode scalars.")

    @OptionGroup var options: PolicyOptions
    @OptionGroup var lines: JSONLinesOptions

    func run() throws {
        try lines.process(ScanTransform(scanner: VerificationScanner(policy: try options.load())))
    }
}
