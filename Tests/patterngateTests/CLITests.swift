import Foundation
import Storage
import TestSupport
import Testing

@Suite("patterngate CLI", .serialized)
struct CLITests {
    @Test("usage errors exit 2, unreadable input exits 3, each with one line on stderr")
    func exitCodes() throws {
        let dir = temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let missingId = try patterngate(["token", "create", "--data-dir", dir, "--role", "deployment"])
        #expect(missingId.status == 2)
        #expect(missingId.stderr.contains("--deployment-id"))
        #expect(try patterngate(["search", "--token", "t"]).status == 2)
        #expect(try patterngate(["no-such-command"]).status == 2)
        #expect(try patterngate(["serve", "--port", "70000"]).status == 2)
        let officerWithId = try patterngate(["token", "create", "--data-dir", dir, "--role", "officer", "--deployment-id", "x"])
        #expect(officerWithId.status == 2)
        let noToken = try patterngate(["consent", "show"])
        #expect(noToken.status == 2)
        let unreadable = try patterngate(["contribute", "/nonexistent/file.json", "--token", "t"])
        #expect(unreadable.status == 3)
        #expect(unreadable.stderr.hasPrefix("patterngate: cannot read"))
        let badPolicy = try patterngate(["serve", "--data-dir", dir, "--policy", "/nonexistent.yaml"])
        #expect(badPolicy.status == 3)
        let unreachable = try patterngate(["consent", "show", "--server", "http://127.0.0.1:9", "--token", "t"])
        #expect(unreachable.status == 1)
        #expect(unreachable.stderr.contains("cannot reach"))
    }

    @Test("the README quickstart over a real server: tokens, consent, contribute, retry, JSON lines, search, revoke, SIGTERM, restart")
    func quickstart() async throws {
        let dir = temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let poland = try patterngate(["token", "create", "--data-dir", dir, "--role", "deployment", "--deployment-id", "poland-wordpress-01"])
        #expect(poland.status == 0)
        let polandToken = poland.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(polandToken.hasPrefix("pgt_"))
        #expect(!polandToken.contains("\n"))
        let hungaryToken = try patterngate(["token", "create", "--data-dir", dir, "--role", "deployment", "--deployment-id", "hungary-wordpress-07"])
            .stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        let keyMode = try FileManager.default.attributesOfItem(atPath: dir + "/network.key")[.posixPermissions] as? Int
        #expect(keyMode == 0o600)

        let server = try ServerProcess(dataDir: dir)
        let env = ["PATTERNGATE_SERVER": server.url]
        let refused = try patterngate(
            ["contribute", repositoryRoot.path + "/docs/examples/wordpress.json", "--token", polandToken], environment: env)
        #expect(refused.status == 1)
        #expect(refused.stderr.contains("consent_required"))
        let granted = try patterngate(["consent", "grant", "--token", polandToken], environment: env)
        #expect(granted.status == 0)
        #expect(granted.stdout.contains("contribute consent: on"))

        let contributed = try patterngate(["contribute", "docs/examples/wordpress.json", "--token", polandToken], environment: env)
        #expect(contributed.status == 0, "\(contributed.stderr)")
        #expect(contributed.stdout.hasPrefix("contributed "))
        let retried = try patterngate(["contribute", "docs/examples/wordpress.json", "--token", polandToken], environment: env)
        #expect(retried.stdout.hasPrefix("already contributed "))

        let lines =
            (1...5).map { n in
                #"{"migrationId": "line-\#(n)", "sourceCloud": "aws", "targetCloud": "azure", "resourceTypes": ["EC2", "S3"], "strategy": "rehost", "steps": [], "successRate": 0.\#(n), "durationHours": \#(n), "costSavingsPercent": 10}"#
            }.joined(separator: "\n") + "\n"
            + #"{"migrationId": "bad", "sourceCloud": "aws", "targetCloud": "azure", "resourceTypes": ["Nope"], "strategy": "rehost", "steps": [], "successRate": 1, "durationHours": 1, "costSavingsPercent": 1}"#
        let batch = try patterngate(["contribute", "-", "--token", polandToken, "--batch-size", "2"], environment: env, stdin: Data(lines.utf8))
        #expect(batch.status == 1)
        #expect(batch.stdout.contains("accepted 5, duplicates 0, rejected 1 of 6"))
        #expect(batch.stderr.contains("line 6: unknown_resource_type"))

        let table = try patterngate(
            ["search", "--token", hungaryToken, "--source", "aws", "--target", "azure", "--resources", "EC2,RDS,S3"], environment: env)
        #expect(table.status == 0)
        #expect(table.stdout.contains("2 of 2 matching patterns"))
        #expect(table.stdout.contains("1fae9c6a92a3"))
        let raw = try patterngate(
            ["search", "--token", hungaryToken, "--source", "aws", "--target", "azure", "--resources", "EC2", "--limit", "1", "--json"],
            environment: env)
        let response = try #require(try JSONSerialization.jsonObject(with: Data(raw.stdout.utf8)) as? [String: Any])
        #expect(response["totalMatches"] as? Int == 2)
        #expect((response["patterns"] as? [Any])?.count == 1)

        let list = try patterngate(["token", "list", "--data-dir", dir, "--json"])
        let tokens = try #require(try JSONSerialization.jsonObject(with: Data(list.stdout.utf8)) as? [[String: Any]])
        #expect(tokens.count == 2)
        #expect(!list.stdout.contains(String(polandToken.dropFirst("pgt_0123456789abcdef_".count))))
        let hungaryId = try #require(tokens.first { hungaryToken.contains($0["id"] as? String ?? "-") }?["id"] as? String)
        #expect(try patterngate(["token", "revoke", hungaryId, "--data-dir", dir]).status == 0)
        // The server trusts a checked token for up to 1 s (its token cache; docs/design.md):
        // another process, so polled, with a bound.
        var afterRevoke = CLIResult(status: -1, stdout: "", stderr: "")
        _ = try await eventually(within: .seconds(20), every: .milliseconds(100)) {
            afterRevoke = try patterngate(["consent", "show", "--token", hungaryToken], environment: env)
            return afterRevoke.status != 0
        }
        #expect(afterRevoke.status == 1)
        #expect(afterRevoke.stderr.contains("401 unauthenticated"))

        #expect(server.stop() == 0)
        let database = try AppDatabase.open(path: dir + "/patterngate.sqlite")
        let actions = try await database.auditEntries(limit: 10_000).map(\.action)
        #expect(actions.last == "gateway.stopped")
        #expect(actions.contains("token.revoked"))

        let restarted = try ServerProcess(dataDir: dir)
        let again = try patterngate(
            ["search", "--token", polandToken, "--source", "aws", "--target", "azure", "--resources", "S3", "--json"],
            environment: ["PATTERNGATE_SERVER": restarted.url])
        let afterRestart = try #require(try JSONSerialization.jsonObject(with: Data(again.stdout.utf8)) as? [String: Any])
        #expect(afterRestart["totalMatches"] as? Int == 2)
        #expect(restarted.stop() == 0)
    }

    @Test("a data dir refuses a different network key")
    func keyMismatch() throws {
        let dir = temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        #expect(try patterngate(["token", "create", "--data-dir", dir, "--role", "officer"]).status == 0)
        let otherKey = dir + "-other.key"
        defer { try? FileManager.default.removeItem(atPath: otherKey) }
        let refused = try patterngate(["token", "create", "--data-dir", dir, "--role", "officer", "--network-key-file", otherKey])
        #expect(refused.status == 1)
        #expect(refused.stderr.contains("network_key_mismatch"))
    }
}
