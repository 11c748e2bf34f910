import AuditLog
import Foundation
import TestSupport
import Testing

/// The auditor's path end to end: a real gateway (`serve`, CLI clients, offline `token create`
/// on the live data dir), `audit checkpoint` and `audit export`, then both verifiers — the
/// Swift CLI and the independent `audit/verify.py` — on the clean export and on tampered copies.
@Suite("audit export and verify on a real gateway", .serialized)
struct AuditCLITests {
    struct Verdict: Equatable {
        var status: Int32
        /// `OK …` or `FAIL <code> [line=N] [seq=N] [saved-checkpoint=N]` (the part before the message).
        var head: String
    }

    static func verifyBoth(_ export: String, key: String, saved: [String]) throws -> (swift: Verdict, python: Verdict) {
        let arguments = [export, "--public-key", key] + saved.flatMap { ["--checkpoint", $0] }
        let swift = try patterngate(["audit", "verify"] + arguments)
        let python = try run("/usr/bin/env", ["python3", repositoryRoot.appendingPathComponent("audit/verify.py").path] + arguments)
        func head(_ output: String) -> String {
            let line = output.split(separator: "\n").first.map(String.init) ?? ""
            return line.hasPrefix("OK") ? line : String(line.prefix { $0 != ":" })
        }
        return (Verdict(status: swift.status, head: head(swift.stdout)), Verdict(status: python.status, head: head(python.stdout)))
    }

    static func run(_ executable: String, _ arguments: [String]) throws -> CLIResult {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let stdout = out.fileHandleForReading.readDataToEndOfFile()
        let stderr = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return CLIResult(
            status: process.terminationStatus, stdout: String(decoding: stdout, as: UTF8.self), stderr: String(decoding: stderr, as: UTF8.self))
    }

    static func write(_ lines: [String], to path: String) throws {
        try Data((lines.joined(separator: "\n") + "\n").utf8).write(to: URL(fileURLWithPath: path))
    }

    static func size(ofCheckpointLine line: String) throws -> UInt64 {
        let note = try #require(Data(base64Encoded: String(line.dropFirst("checkpoint ".count))))
        return try TreeCheckpoint(body: SignedNote(bytes: note).text).size
    }

    @Test("a clean export passes both verifiers; a flipped byte, a deleted or reordered entry, a cut tail and another key fail, naming where")
    func exportAndVerify() async throws {
        let dir = temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let work = temporaryDirectory()
        try FileManager.default.createDirectory(atPath: work, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: work) }

        let token = try patterngate(["token", "create", "--data-dir", dir, "--role", "deployment", "--deployment-id", "audit-cli-deployment"])
            .stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        let early = try patterngate(["audit", "checkpoint", "--data-dir", dir, "--out", work + "/early.note"])
        #expect(early.status == 0, "\(early.stderr)")
        let keyMode = try FileManager.default.attributesOfItem(atPath: dir + "/audit-signing.key")[.posixPermissions] as? Int
        #expect(keyMode == 0o600)

        let server = try ServerProcess(dataDir: dir)
        let env = ["PATTERNGATE_SERVER": server.url]
        #expect(try patterngate(["consent", "grant", "--token", token], environment: env).status == 0)
        #expect(try patterngate(["contribute", "docs/examples/wordpress.json", "--token", token], environment: env).status == 0)
        // Offline appends on the live data dir: the single writer keeps one log.
        for _ in 0..<3 { #expect(try patterngate(["token", "create", "--data-dir", dir, "--role", "auditor"]).status == 0) }
        let saved = try patterngate(["audit", "checkpoint", "--data-dir", dir, "--out", work + "/saved.note"])
        #expect(saved.status == 0)
        #expect(try patterngate(["consent", "revoke", "--token", token], environment: env).status == 0)
        // A client export over the API (auditor token) verifies too.
        let auditor = try patterngate(["token", "create", "--data-dir", dir, "--role", "auditor"]).stdout.trimmingCharacters(
            in: .whitespacesAndNewlines)
        // The server signs a checkpoint over the latest entries within a second (its
        // checkpoint service, another process): polled, with a bound.
        var remote = CLIResult(status: -1, stdout: "", stderr: "")
        var remoteVerdict = remote
        _ = try await eventually(within: .seconds(20), every: .milliseconds(100)) {
            remote = try patterngate(["audit", "export", "--out", work + "/remote.txt", "--token", auditor], environment: env)
            remoteVerdict = try patterngate(["audit", "verify", work + "/remote.txt", "--public-key", dir + "/audit-public.pem"])
            return remote.status == 0 && remoteVerdict.status == 0 && remoteVerdict.stdout.hasPrefix("OK")
        }
        #expect(remote.status == 0, "\(remote.stderr)")
        #expect(remoteVerdict.status == 0 && remoteVerdict.stdout.hasPrefix("OK"), "\(remoteVerdict.stdout)\(remoteVerdict.stderr)")
        #expect(server.stop() == 0)
        #expect(
            !server.output.text.withLock { $0 }.contains(
                try String(contentsOfFile: dir + "/audit-signing.key", encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)))

        let exportPath = work + "/export.txt"
        let exported = try patterngate(["audit", "export", "--data-dir", dir, "--out", exportPath])
        #expect(exported.status == 0, "\(exported.stderr)")
        #expect(exported.stdout.hasPrefix("exported segments=1 entries="))
        let key = dir + "/audit-public.pem"
        let savedNotes = [work + "/early.note", work + "/saved.note"]

        let clean = try Self.verifyBoth(exportPath, key: key, saved: savedNotes)
        #expect(clean.swift.status == 0 && clean.swift.head.hasPrefix("OK entries="), "\(clean.swift)")
        #expect(clean.python == clean.swift)

        let lines = try String(contentsOfFile: exportPath, encoding: .utf8).split(separator: "\n").map(String.init)
        #expect(lines.first == "patterngate-audit-export v2")
        let entryLines = lines.indices.filter { lines[$0].hasPrefix("{") }
        let actions = entryLines.map { lines[$0] }
        for action in [
            "gateway.created", "token.created", "gateway.started", "policy.loaded", "consent.granted", "contribution.accepted", "consent.revoked",
            "gateway.stopped",
        ] {
            #expect(actions.contains { $0.contains("\"action\":\"\(action)\"") }, "missing \(action)")
        }
        #expect(lines.last?.hasPrefix("checkpoint ") == true)
        let savedSize = try TreeCheckpoint(body: SignedNote(bytes: Data(contentsOf: URL(fileURLWithPath: work + "/saved.note"))).text).size

        var cases: [(name: String, lines: [String], expected: String)] = []
        // An entry re-spelled with another valid value: the root at the saved checkpoint differs.
        let tokenLine = try #require(entryLines.first { lines[$0].contains("\"token.created\"") })
        var respelled = lines
        respelled[tokenLine] = respelled[tokenLine].replacingOccurrences(of: "\"role\":\"deployment\"", with: "\"role\":\"officer\"")
        cases.append(("value changed", respelled, "FAIL saved-checkpoint-mismatch line="))
        // Any byte flipped: the line is no longer canonical (or no longer an entry).
        var flipped = lines
        var bytes = Array(flipped[entryLines[4]].utf8)
        bytes[bytes.count / 2] ^= 0x20
        flipped[entryLines[4]] = String(decoding: bytes, as: UTF8.self)
        cases.append(("byte flipped", flipped, "FAIL "))
        var deleted = lines
        deleted.remove(at: entryLines[2])
        cases.append(("entry deleted", deleted, "FAIL entry-seq-mismatch line=\(entryLines[2] + 1)"))
        var reordered = lines
        reordered.swapAt(entryLines[5], entryLines[6])
        cases.append(("entries reordered", reordered, "FAIL entry-seq-mismatch line=\(entryLines[5] + 1)"))
        // Cut behind the saved checkpoint, ending at an earlier checkpoint: a well-formed but shorter log.
        let cut = try #require(
            lines.indices.last { lines[$0].hasPrefix("checkpoint ") && (try? Self.size(ofCheckpointLine: lines[$0])).map { $0 < savedSize } == true })
        cases.append(("tail cut", Array(lines[...cut]), "FAIL saved-checkpoint-beyond-log"))
        // A checkpoint signed by another key.
        let other = AuditSigningKey()
        let last = lines.count - 1
        let note = try SignedNote(bytes: #require(Data(base64Encoded: String(lines[last].dropFirst("checkpoint ".count)))))
        var resigned = lines
        resigned[last] =
            "checkpoint " + Data(try other.signNote(text: note.text, keyName: note.signatures[0].keyName).serialized.utf8).base64EncodedString()
        cases.append(("other key", resigned, "FAIL checkpoint-unknown-key line=\(last + 1)"))

        for (name, tampered, expected) in cases {
            let path = work + "/tampered.txt"
            try Self.write(tampered, to: path)
            let verdict = try Self.verifyBoth(path, key: key, saved: savedNotes)
            #expect(verdict.swift.status == 1, "\(name): \(verdict.swift)")
            #expect(verdict.swift.head.hasPrefix(expected), "\(name): \(verdict.swift.head)")
            #expect(verdict.swift.head.contains("line=") || verdict.swift.head.contains("saved-checkpoint="), "\(name) names no place")
            #expect(verdict.python == verdict.swift, "\(name)")
        }

        // The whole export checked against another gateway's key.
        let otherKey = work + "/other.pem"
        try other.publicKey.pem.write(toFile: otherKey, atomically: true, encoding: .utf8)
        let foreign = try Self.verifyBoth(exportPath, key: otherKey, saved: [])
        #expect(foreign.swift.status == 1 && foreign.swift.head.hasPrefix("FAIL checkpoint-unknown-key"))
        #expect(foreign.python == foreign.swift)

        #expect(try patterngate(["audit", "verify", exportPath]).status == 2)
        #expect(try patterngate(["audit", "verify", work + "/missing.txt", "--public-key", key]).status == 3)
        #expect(try patterngate(["audit", "verify", exportPath, "--public-key", exportPath]).status == 3)
    }

    @Test(
        "a rotation with a new key over the CLI, then the offline purge eight years ahead: the first segment is retired and the export verifies from the first key with both verifiers"
    )
    func rotationAndRetention() async throws {
        let dir = temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let work = temporaryDirectory()
        try FileManager.default.createDirectory(atPath: work, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: work) }

        let officer = try patterngate(["token", "create", "--data-dir", dir, "--role", "officer"]).stdout.trimmingCharacters(
            in: .whitespacesAndNewlines)
        #expect(try patterngate(["audit", "checkpoint", "--data-dir", dir, "--out", work + "/first-segment.note"]).status == 0)
        let firstKey = work + "/first.pem"
        try FileManager.default.copyItem(atPath: dir + "/audit-public.pem", toPath: firstKey)

        let server = try ServerProcess(dataDir: dir)
        let env = ["PATTERNGATE_SERVER": server.url]
        let rotated = try patterngate(["audit", "rotate", "--new-key", "--token", officer], environment: env)
        #expect(rotated.status == 0 && rotated.stdout.contains("sealed segment") && rotated.stdout.contains("(new)"), "\(rotated.stderr)")
        #expect(try String(contentsOfFile: dir + "/audit-public.pem", encoding: .utf8) != String(contentsOfFile: firstKey, encoding: .utf8))
        for _ in 0..<2 { #expect(try patterngate(["token", "create", "--data-dir", dir, "--role", "auditor"]).status == 0) }
        let eightYears = String(AuditEntry.timestamp(Date().addingTimeInterval(8 * 366 * 86_400)).prefix(10))
        // An officer's purge over the API with that date retires no audit segment.
        let online = try patterngate(["purge", "--as-of", eightYears, "--json", "--token", officer], environment: env)
        let report = try JSONSerialization.jsonObject(with: Data(online.stdout.utf8)) as? [String: Any]
        #expect(online.status == 0 && (report?["auditSegmentsRetired"] as? [String]) == [], "\(online.stdout)\(online.stderr)")
        // The operator's offline purge on the host does, while serve runs.
        let offline = try patterngate(["purge", "--data-dir", dir, "--as-of", eightYears])
        #expect(offline.status == 0 && offline.stdout.hasPrefix("retired 1 audit segments"), "\(offline.stdout)\(offline.stderr)")
        #expect(server.stop() == 0)

        let exportPath = work + "/export.txt"
        #expect(try patterngate(["audit", "export", "--data-dir", dir, "--out", exportPath]).status == 0)
        let clean = try Self.verifyBoth(exportPath, key: firstKey, saved: [work + "/first-segment.note"])
        #expect(clean.swift.status == 0 && clean.swift.head.hasSuffix(" segments=2 retired=1"), "\(clean.swift)")
        #expect(clean.python == clean.swift)
        let lines = try String(contentsOfFile: exportPath, encoding: .utf8).split(separator: "\n").map(String.init)
        #expect(lines[1].hasPrefix("retired ") && lines[2].hasPrefix("segment "))
        #expect(lines.contains { $0.contains("\"action\":\"audit.segment.retired\"") })

        var dropped = lines
        dropped.remove(at: 1)
        var flipped = lines
        var bytes = Array(flipped[1].utf8)
        bytes[bytes.count / 2] ^= 0x01
        flipped[1] = String(decoding: bytes, as: UTF8.self)
        for (name, tampered) in [("hand-over dropped", dropped), ("byte flipped in what stays", flipped)] {
            let path = work + "/tampered.txt"
            try Self.write(tampered, to: path)
            let verdict = try Self.verifyBoth(path, key: firstKey, saved: [])
            #expect(verdict.swift.status == 1 && verdict.swift.head.hasPrefix("FAIL "), "\(name): \(verdict.swift)")
            #expect(verdict.python == verdict.swift, "\(name)")
        }
    }
}
