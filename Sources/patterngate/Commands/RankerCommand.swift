import ArgumentParser
import Foundation
import Gateway
import NIOHTTP1
import Ranking

/// `ranker train|show`: the learned ranking, for officers (docs/ranking.md). Retraining is
/// manual (or a cron job running `ranker train`); nothing retrains in the background.
struct RankerCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ranker", abstract: "Train the learned ranking or show the active model's card (officer token).",
        subcommands: [Train.self, Show.self])

    struct Train: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Train on the gateway's live contributions; the model serves only if it beats the formula on held-out outcomes.")
        @OptionGroup var client: ClientOptions
        @OptionGroup var network: NetworkOption
        @Flag(help: "Print the raw JSON response.")
        var json = false

        func run() async throws {
            try await RankerCommand.card(.POST, "/api/v1/admin/ranker/train" + network.query, client: client, json: json)
        }
    }

    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show the active model's card.")
        @OptionGroup var client: ClientOptions
        @OptionGroup var network: NetworkOption
        @Flag(help: "Print the raw JSON response.")
        var json = false

        func run() async throws {
            try await RankerCommand.card(.GET, "/api/v1/admin/ranker" + network.query, client: client, json: json)
        }
    }

    /// Both subcommands answer a model card: printed raw with `--json`, else described.
    static func card(_ method: HTTPMethod, _ path: String, client options: ClientOptions, json: Bool) async throws {
        let client = try options.client()
        let data = try await client.send(method, path)
        if json { return JSONOutput.print(data) }
        describe(try client.decode(RankerCardResponse.self, data))
    }

    static func describe(_ card: RankerCardResponse) {
        print("model \(card.modelId)  \(card.active ? "active" : "not active")  trained \(card.trainedAt)")
        print("examples \(card.examples), training set \(card.trainingSetSize) contributions (digest \(card.trainingSetDigest))")
        let evaluation = card.evaluation
        print(
            String(
                format: "NDCG@10 on %d held-out outcomes: learned %.4f, formula %.4f", evaluation.holdoutExamples,
                evaluation.ndcg10Learned, evaluation.ndcg10Formula))
        print("reason: \(card.reason)")
    }
}
