import Foundation
import TestSupport
import Testing

/// `patterngate ranker train|show` against a real server: an officer command, a clear error
/// while nothing can be trained, and a deployment token refused.
@Suite("patterngate ranker")
struct RankerCLITests {
    @Test("show without a model and train without examples fail with their codes; a deployment token is refused")
    func withoutModel() async throws {
        let dir = temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let officer = try patterngate(["token", "create", "--data-dir", dir, "--role", "officer"]).stdout
            .trimmingCharacters(in: .whitespacesAndNewlines)
        let deployment = try patterngate(["token", "create", "--data-dir", dir, "--role", "deployment", "--deployment-id", "ranker-cli-1"]).stdout
            .trimmingCharacters(in: .whitespacesAndNewlines)
        let server = try ServerProcess(dataDir: dir)
        let env = ["PATTERNGATE_SERVER": server.url]
        let show = try patterngate(["ranker", "show", "--token", officer], environment: env)
        #expect(show.status == 1)
        #expect(show.stderr.contains("no_model"))
        let train = try patterngate(["ranker", "train", "--token", officer, "--json"], environment: env)
        #expect(train.status == 1)
        #expect(train.stderr.contains("ranker_no_examples"))
        let refused = try patterngate(["ranker", "train", "--token", deployment], environment: env)
        #expect(refused.status == 1)
        #expect(refused.stderr.contains("forbidden"))
        // A deployment naming a pattern this gateway does not show: 422, nothing stored.
        #expect(try patterngate(["consent", "grant", "--token", deployment], environment: env).status == 0)
        var body =
            try JSONSerialization.jsonObject(with: Data(contentsOf: repositoryRoot.appendingPathComponent("docs/examples/wordpress.json")))
            as! [String: Any]
        body["followedPatternId"] = String(repeating: "0", count: 32)
        let file = dir + "/followed.json"
        try JSONSerialization.data(withJSONObject: body).write(to: URL(fileURLWithPath: file))
        let unknown = try patterngate(["contribute", file, "--token", deployment], environment: env)
        #expect(unknown.status == 1)
        #expect(unknown.stderr.contains("unknown_pattern"))
        let search = try patterngate(
            ["search", "--source", "aws", "--target", "azure", "--resources", "EC2", "--token", deployment, "--json"], environment: env)
        #expect(search.stdout.contains(#""totalMatches" : 0"#) || search.stdout.contains(#""totalMatches":0"#), "\(search.stdout)")
        #expect(server.stop() == 0)
    }
}
