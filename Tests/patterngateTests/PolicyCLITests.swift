import AsyncHTTPClient
import Foundation
import TestSupport
import Testing

/// `policy show`, `policy check`, and the built-in policy from a folder that is not the repository.
@Suite("patterngate policy, and running from any folder")
struct PolicyCLITests {
    /// A fresh folder outside the repository, removed by the caller.
    func elsewhere() throws -> URL {
        let folder = URL(fileURLWithPath: temporaryDirectory())
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        return folder
    }

    /// The hash `policy check` prints for a valid file.
    func checkedHash(_ result: CLIResult) -> String? {
        result.stdout.split(separator: " ").last.map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }
    }

    @Test("policy check: 0 valid, 1 invalid, 3 unreadable, each in one line")
    func checkExitCodes() throws {
        let folder = try elsewhere()
        defer { try? FileManager.default.removeItem(at: folder) }
        let valid = try patterngate(["policy", "check", "policies/default.yaml"])
        #expect(valid.status == 0)
        #expect(valid.stdout.hasPrefix("policies/default.yaml: valid policy 2"))
        #expect(valid.stdout.filter { $0 == "\n" }.count == 1)

        let withLists = try elsewhere()
        defer { try? FileManager.default.removeItem(at: withLists) }
        let policies = repositoryRoot.appendingPathComponent("policies")
        try FileManager.default.copyItem(at: policies.appendingPathComponent("lists"), to: withLists.appendingPathComponent("lists"))
        let text = try String(contentsOf: policies.appendingPathComponent("default.yaml"), encoding: .utf8)
        let invalid = withLists.appendingPathComponent("invalid.yaml")
        try text.replacingOccurrences(of: "  maxLimit: 200\n", with: "  maxLimit: 500\n").write(to: invalid, atomically: true, encoding: .utf8)
        let refused = try patterngate(["policy", "check", invalid.path])
        #expect(refused.status == 1)
        #expect(refused.stderr.contains("invalid: policy field 'patterns.maxLimit': must be 1…200"))
        #expect(refused.stderr.filter { $0 == "\n" }.count == 1)
        #expect(refused.stdout.isEmpty)

        let notYAML = folder.appendingPathComponent("not.yaml")
        try "version: [unclosed\n".write(to: notYAML, atomically: true, encoding: .utf8)
        #expect(try patterngate(["policy", "check", notYAML.path]).status == 1)

        let missing = try patterngate(["policy", "check", folder.appendingPathComponent("absent.yaml").path])
        #expect(missing.status == 3)
        #expect(missing.stderr.contains("unreadable: cannot read the policy file"))

        // The lists it names are not beside it: unreadable too.
        let listless = folder.appendingPathComponent("default.yaml")
        try text.write(to: listless, atomically: true, encoding: .utf8)
        let noLists = try patterngate(["policy", "check", listless.path])
        #expect(noLists.status == 3)
        #expect(noLists.stderr.contains("freeText.vocabulary[0]"))
    }

    @Test("policy show from another folder: the built-in policy, which policy check takes back with the same hash")
    func showParsesBack() throws {
        let folder = try elsewhere()
        defer { try? FileManager.default.removeItem(at: folder) }
        let shown = try patterngate(["policy", "show"], in: folder)
        #expect(shown.status == 0, "\(shown.stderr)")
        let firstLine = try #require(shown.stdout.split(separator: "\n").first)
        #expect(firstLine.hasPrefix("# hash: "))
        let hash = String(firstLine.dropFirst("# hash: ".count))

        // The same hash as the file on disk.
        let disk = try patterngate(["policy", "check", "policies/default.yaml"])
        #expect(checkedHash(disk) == hash)

        // Saved beside the lists, it is a valid policy with the same hash.
        try FileManager.default.copyItem(at: repositoryRoot.appendingPathComponent("policies/lists"), to: folder.appendingPathComponent("lists"))
        try shown.stdout.write(to: folder.appendingPathComponent("shown.yaml"), atomically: true, encoding: .utf8)
        let checked = try patterngate(["policy", "check", "shown.yaml"], in: folder)
        #expect(checked.status == 0, "\(checked.stderr)")
        #expect(checkedHash(checked) == hash)

        // --policy still overrides.
        let strict = try patterngate(["policy", "show", "--policy", repositoryRoot.path + "/policies/strict.yaml"], in: folder)
        #expect(strict.status == 0)
        #expect(strict.stdout.contains("minContributors: 3"))
        #expect(!strict.stdout.hasPrefix(String(firstLine)))
    }

    @Test("only the executable, copied to another folder, still has its policy")
    func copiedBinary() throws {
        let folder = try elsewhere()
        defer { try? FileManager.default.removeItem(at: folder) }
        let copy = folder.appendingPathComponent("patterngate")
        try FileManager.default.copyItem(at: patterngateBinary, to: copy)
        let shown = try patterngate(["policy", "show"], in: folder, binary: copy)
        #expect(shown.status == 0, "\(shown.stderr)")
        let disk = try patterngate(["policy", "check", "policies/default.yaml"])
        #expect(shown.stdout.hasPrefix("# hash: \(checkedHash(disk) ?? "?")\n"))
    }

    @Test("anonymize from another folder without --policy")
    func anonymizeElsewhere() throws {
        let folder = try elsewhere()
        defer { try? FileManager.default.removeItem(at: folder) }
        let line = #"{"id": "1", "text": "mail ops@example.com about the cutover"}"# + "\n"
        let result = try patterngate(["anonymize", "--jobs", "1"], stdin: Data(line.utf8), in: folder)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains(#""id":"1""#))
        #expect(!result.stdout.contains("ops@example.com"))
        let scan = try patterngate(["scan", "--jobs", "1"], stdin: Data(line.utf8), in: folder)
        #expect(scan.status == 0, "\(scan.stderr)")
        #expect(scan.stdout.contains("email"))
    }

    @Test("serve from another folder without --policy")
    func serveElsewhere() async throws {
        let folder = try elsewhere()
        defer { try? FileManager.default.removeItem(at: folder) }
        let server = try ServerProcess(dataDir: "data", in: folder)
        #expect(try await server.isHealthy())
        #expect(server.stop() == 0)
        #expect(FileManager.default.fileExists(atPath: folder.appendingPathComponent("data").path))
    }
}
