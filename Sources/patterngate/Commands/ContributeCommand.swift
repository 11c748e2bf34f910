import ArgumentParser
import Foundation
import Gateway
import NIOHTTP1

/// `contribute FILE`: one JSON object, or JSON lines sent in batches.
struct ContributeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "contribute", abstract: "Send finished migrations through the gateway.")

    @OptionGroup var client: ClientOptions

    @Argument(help: "A JSON file with one contribution object, or JSON lines with one per line ('-' for stdin).")
    var file: String

    @Option(name: .customLong("batch-size"), help: "Contributions per request for JSON lines (1–1000).")
    var batchSize: Int = 500

    @OptionGroup var network: NetworkOption

    @Flag(help: "Print the raw JSON response(s).")
    var json = false

    func validate() throws {
        guard (1...1000).contains(batchSize) else { throw ValidationError("--batch-size must be 1…1000") }
    }

    /// The object with `network` set when `--network` is given (a private network, issue 18).
    func routed(_ object: [String: Any]) throws -> Data {
        var object = object
        if let name = network.network { object["network"] = name }
        return try JSONSerialization.data(withJSONObject: object)
    }

    func run() async throws {
        let client = try client.client()
        let data = try InputFile.read(file)
        if let single = try? JSONSerialization.jsonObject(with: data) as? [String: Any] {
            let response = try await client.send(.POST, "/api/v1/patterns/contribute", body: network.network == nil ? data : try routed(single))
            if json { return JSONOutput.print(response) }
            let result = try client.decode(ContributePatternResponse.self, response)
            print(
                "\(result.duplicate ? "already contributed" : "contributed") \(result.contributionId) to pattern \(result.patternId) (\(result.globalContributions) contributions here)"
            )
            return
        }
        try await sendLines(data, client: client)
    }

    /// JSON lines: every line must be a JSON object; the lines go in batches and each item's result is reported.
    private func sendLines(_ data: Data, client: GatewayClient) async throws {
        let lines = data.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: true)
            .filter { !$0.allSatisfy { $0 == 0x20 || $0 == 0x09 || $0 == 0x0d } }
        guard !lines.isEmpty else { throw CLIFailure.unreadable("\(file) holds no contribution") }
        var items: [Data] = []
        for (number, line) in lines.enumerated() {
            guard let object = try? JSONSerialization.jsonObject(with: Data(line)) as? [String: Any] else {
                throw CLIFailure.unreadable("\(file) line \(number + 1) is not a JSON object")
            }
            items.append(network.network == nil ? Data(line) : try routed(object))
        }
        var accepted = 0, duplicates = 0, rejected = 0
        var start = 0
        while start < lines.count {
            let end = min(start + batchSize, lines.count)
            var body = Data("[".utf8)
            for (offset, item) in items[start..<end].enumerated() {
                if offset > 0 { body.append(UInt8(ascii: ",")) }
                body.append(contentsOf: item)
            }
            body.append(UInt8(ascii: "]"))
            let response = try await client.send(.POST, "/api/v1/patterns/contribute/batch", body: body)
            if json { JSONOutput.print(response) }
            let batch = try client.decode(BatchContributeResponse.self, response)
            accepted += batch.accepted
            duplicates += batch.duplicates
            rejected += batch.rejected
            for item in batch.results {
                if let error = item.error {
                    Terminal.endProgress()
                    Terminal.error("line \(start + item.index + 1): \(error.code): \(error.message)")
                }
            }
            start = end
            Terminal.progress("sent \(start)/\(lines.count)")
        }
        Terminal.endProgress()
        if !json { print("accepted \(accepted), duplicates \(duplicates), rejected \(rejected) of \(lines.count)") }
        if rejected > 0 { throw ExitCode(1) }
    }
}
