import AuditLog
import Foundation
import TestSupport
import Testing

/// Runs the auditor's independent verifier (`audit/verify.py`, python3 + openssl only) on the
/// same exports as the Swift verifier and requires the same verdict: exit code, code and place.
@Suite("audit/verify.py agrees with AuditVerifier")
struct PythonVerifierTests {
    static var script: String { repositoryRoot.appendingPathComponent("audit/verify.py").path }

    struct Run {
        let status: Int32
        let stdout: String
        let stderr: String
    }

    static func run(_ executable: String, _ arguments: [String], stdin: [UInt8]? = nil) throws -> Run {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [executable] + arguments
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        let input = Pipe()
        process.standardInput = input
        try process.run()
        if let stdin { input.fileHandleForWriting.write(Data(stdin)) }
        try input.fileHandleForWriting.close()
        let stdoutData = out.fileHandleForReading.readDataToEndOfFile()
        let stderrData = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Run(
            status: process.terminationStatus,
            stdout: String(decoding: stdoutData, as: UTF8.self),
            stderr: String(decoding: stderrData, as: UTF8.self))
    }

    @Test func sameVerdictOnEveryScenario() throws {
        try Self.compare(ExportScenario.all)
    }

    @Test func sameVerdictOnEverySegmentedScenario() throws {
        try Self.compare(SegmentedLog.all)
    }

    @Test func sameVerdictWithWitnesses() throws {
        let directory = try makeTemporaryDirectory("auditlog-tests")
        defer { try? FileManager.default.removeItem(at: directory) }
        let keyPath = directory.appendingPathComponent("audit-public.pem")
        try ExportScenario.key.publicKey.pem.write(to: keyPath, atomically: true, encoding: .utf8)
        let witnessPath = directory.appendingPathComponent("witness-public.pem")
        try CosignedScenario.witness.publicKey.pem.write(to: witnessPath, atomically: true, encoding: .utf8)
        for (index, scenario) in CosignedScenario.all.enumerated() {
            let exportPath = directory.appendingPathComponent("cosigned-\(index).txt")
            try Data(scenario.export).write(to: exportPath)
            let python = try Self.run(
                "python3",
                [
                    Self.script, exportPath.path, "--public-key", keyPath.path, "--witness-key", witnessPath.path, "--min-witnesses",
                    String(scenario.minWitnesses),
                ])
            let swift = AuditVerifier.verify(
                export: scenario.export, publicKey: ExportScenario.key.publicKey, witnessKeys: [CosignedScenario.witness.publicKey],
                minWitnesses: scenario.minWitnesses)
            #expect(python.status == swift.exitCode, "\(scenario.name): \(python.stdout) \(python.stderr)")
            #expect(
                ExportScenario.prefix(python.stdout.trimmingCharacters(in: .newlines)) == ExportScenario.prefix(swift.summary),
                "\(scenario.name): python \(python.stdout) swift \(swift.summary)")
        }
    }

    /// A line under another name whose key id is the witness key's (what a 32-bit collision
    /// gives): with the key given by name (a C2SP verifier key) it is not a claim, and the export
    /// verifies; with the key alone (PEM) it reads as a bad cosignature. Both verifiers agree.
    @Test func namedWitnessKeysIgnoreLinesUnderOtherNames() throws {
        let directory = try makeTemporaryDirectory("auditlog-tests")
        defer { try? FileManager.default.removeItem(at: directory) }
        let keyPath = directory.appendingPathComponent("audit-public.pem")
        try ExportScenario.key.publicKey.pem.write(to: keyPath, atomically: true, encoding: .utf8)
        let witnessPath = directory.appendingPathComponent("witness-public.pem")
        let witness = CosignedScenario.witness.publicKey
        try witness.pem.write(to: witnessPath, atomically: true, encoding: .utf8)
        let named = Cosignature.verifierKey(name: "gw-b", key: witness)
        let lines = SegmentedLog.kept.exportLines.map { CosignedScenario.cosign($0, by: CosignedScenario.witness) }
        let export = TestLog.join(lines.map { CosignedScenario.addColliding($0, witnessKey: witness) })
        let exportPath = directory.appendingPathComponent("colliding.txt")
        try Data(export).write(to: exportPath)
        for (argument, expectOK) in [(named, true), (witnessPath.path, false)] {
            let python = try Self.run(
                "python3", [Self.script, exportPath.path, "--public-key", keyPath.path, "--witness-key", argument, "--min-witnesses", "1"])
            let swift = AuditVerifier.verify(
                export: export, publicKey: ExportScenario.key.publicKey, witnessKeys: [witness],
                witnessNames: expectOK ? [witness: "gw-b"] : [:], minWitnesses: 1)
            #expect(swift.isOK == expectOK, "\(swift.summary)")
            #expect(python.status == swift.exitCode, "\(python.stdout) \(python.stderr)")
            #expect(
                ExportScenario.prefix(python.stdout.trimmingCharacters(in: .newlines)) == ExportScenario.prefix(swift.summary),
                "python \(python.stdout) swift \(swift.summary)")
        }
    }

    /// `audit/vkey.py` prints the same verifier keys as the gateway: a note signer's (0x01) and a
    /// witness's (0x04).
    @Test func verifierKeysMatch() throws {
        let directory = try makeTemporaryDirectory("auditlog-tests")
        defer { try? FileManager.default.removeItem(at: directory) }
        let keyPath = directory.appendingPathComponent("key.pem")
        let key = CosignedScenario.witness.publicKey
        try key.pem.write(to: keyPath, atomically: true, encoding: .utf8)
        let script = repositoryRoot.appendingPathComponent("audit/vkey.py").path
        let signer = try Self.run("python3", [script, keyPath.path, "gw-a/2026"])
        let noteKey = try NoteVerifierKey(name: "gw-a/2026", publicKey: key).text
        #expect(signer.status == 0 && signer.stdout == noteKey + "\n")
        let witness = try Self.run("python3", [script, keyPath.path, "gw-b", "--witness"])
        #expect(witness.status == 0 && witness.stdout == Cosignature.verifierKey(name: "gw-b", key: key) + "\n")
    }

    /// A sample of single-byte flips of a segmented export, retired segment included.
    @Test func sameVerdictOnSegmentedByteFlips() throws {
        var generator = SeededGenerator.forTest("sameVerdictOnSegmentedByteFlips")
        var scenarios: [ExportScenario] = []
        for log in [SegmentedLog.kept, SegmentedLog.retiredFirst] {
            for trial in 0..<10 {
                var export = log.export
                let offset = Int.random(in: 0..<export.count, using: &generator)
                export[offset] ^= UInt8(1 << Int.random(in: 0..<8, using: &generator))
                scenarios.append(ExportScenario(name: "flip \(trial) at \(offset)", export: export, saved: [], expected: "FAIL"))
            }
        }
        try Self.compare(scenarios)
    }

    /// Runs both verifiers on each scenario (first key: `ExportScenario.key`) and requires the
    /// same exit code and verdict up to the message.
    static func compare(_ scenarios: [ExportScenario]) throws {
        #expect(FileManager.default.fileExists(atPath: Self.script), "missing \(Self.script)")
        let directory = try makeTemporaryDirectory("auditlog-tests")
        defer { try? FileManager.default.removeItem(at: directory) }
        let keyPath = directory.appendingPathComponent("audit-public.pem")
        try ExportScenario.key.publicKey.pem.write(to: keyPath, atomically: true, encoding: .utf8)
        for (index, scenario) in scenarios.enumerated() {
            let exportPath = directory.appendingPathComponent("export-\(index).txt")
            try Data(scenario.export).write(to: exportPath)
            var arguments = [Self.script, exportPath.path, "--public-key", keyPath.path]
            for (savedIndex, note) in scenario.saved.enumerated() {
                let savedPath = directory.appendingPathComponent("saved-\(index)-\(savedIndex).note")
                try Data(note).write(to: savedPath)
                arguments += ["--checkpoint", savedPath.path]
            }
            let swift = AuditVerifier.verify(
                export: scenario.export, publicKey: ExportScenario.key.publicKey,
                savedCheckpoints: scenario.saved)
            let python = try Self.run("python3", arguments)
            #expect(python.status == swift.exitCode, "\(scenario.name): \(python.stdout) \(python.stderr)")
            let pythonLine = python.stdout.trimmingCharacters(in: .newlines)
            #expect(
                ExportScenario.prefix(pythonLine) == ExportScenario.prefix(swift.summary),
                "\(scenario.name): python said \(pythonLine), swift said \(swift.summary)")
            #expect(python.stderr.isEmpty, "\(scenario.name): \(python.stderr)")
        }
    }

    /// A sample of single-byte flips: both verifiers must name the same place.
    @Test func sameVerdictOnByteFlips() throws {
        var generator = SeededGenerator.forTest("sameVerdictOnByteFlips")
        let directory = try makeTemporaryDirectory("auditlog-tests")
        defer { try? FileManager.default.removeItem(at: directory) }
        let log = ExportScenario.log
        let keyPath = directory.appendingPathComponent("key.pem")
        try log.key.publicKey.pem.write(to: keyPath, atomically: true, encoding: .utf8)
        for trial in 0..<12 {
            var lines = log.exportLines
            let line = Int.random(in: 1..<lines.count, using: &generator)
            let offset = Int.random(in: 0..<lines[line].count, using: &generator)
            lines[line][offset] ^= UInt8(1 << Int.random(in: 0..<8, using: &generator))
            let export = TestLog.join(lines)
            let path = directory.appendingPathComponent("flip-\(trial).txt")
            try Data(export).write(to: path)
            let swift = AuditVerifier.verify(export: export, publicKey: log.key.publicKey)
            let python = try Self.run("python3", [Self.script, path.path, "--public-key", keyPath.path])
            #expect(python.status == swift.exitCode)
            #expect(
                ExportScenario.prefix(python.stdout.trimmingCharacters(in: .newlines)) == ExportScenario.prefix(swift.summary),
                "line \(line + 1) byte \(offset): python \(python.stdout) swift \(swift.summary)")
        }
    }

    /// The canonical-form check of both verifiers accepts exactly the same lines: mutated
    /// lines (hex-encoded, one per line) are judged by verify.py's `canonical_seq`.
    @Test func sameCanonicalJudgementOnMutatedLines() throws {
        var generator = SeededGenerator.forTest("sameCanonicalJudgementOnMutatedLines")
        let directory = try makeTemporaryDirectory("auditlog-tests")
        defer { try? FileManager.default.removeItem(at: directory) }
        let interesting: [UInt8] = [
            0x00, 0x09, 0x0A, 0x20, 0x22, 0x2C, 0x2D, 0x2E, 0x30, 0x31, 0x3A, 0x5B, 0x5C, 0x5D,
            0x61, 0x62, 0x66, 0x6E, 0x74, 0x75, 0x7B, 0x7D, 0x7F, 0x80, 0xA9, 0xC3, 0xE2, 0xED, 0xF0, 0xFF,
        ]
        var lines: [[UInt8]] = []
        for _ in 0..<3_000 {
            var line = ExportScenario.log.lines[Int.random(in: 0..<12, using: &generator)]
            for _ in 0..<Int.random(in: 1...2, using: &generator) {
                let position = Int.random(in: 0..<line.count, using: &generator)
                switch Int.random(in: 0...2, using: &generator) {
                case 0: line[position] = interesting.randomElement(using: &generator)!
                case 1: line.remove(at: position)
                default: line.insert(interesting.randomElement(using: &generator)!, at: position)
                }
            }
            lines.append(line)
        }
        let input = directory.appendingPathComponent("lines.hex")
        try lines.map { $0.map { String(format: "%02x", $0) }.joined() }.joined(separator: "\n")
            .write(to: input, atomically: true, encoding: .utf8)
        let program = """
            import sys; sys.path.insert(0, sys.argv[1]); import verify
            for hexline in open(sys.argv[2]).read().split("\\n"):
                try: print(verify.canonical_seq(bytes.fromhex(hexline)))
                except verify.Malformed: print("reject")
            """
        let python = try Self.run("python3", ["-c", program, repositoryRoot.appendingPathComponent("audit").path, input.path])
        #expect(python.status == 0, "\(python.stderr)")
        let judgements = python.stdout.split(separator: "\n").map(String.init)
        #expect(judgements.count == lines.count)
        var accepted = 0
        for (line, judgement) in zip(lines, judgements) {
            let swift = line.withUnsafeBytes { raw in try? AuditEntry.canonicalSeq(of: raw) }
            let swiftJudgement = swift.map { String($0) } ?? "reject"
            if swift != nil { accepted += 1 }
            #expect(swiftJudgement == judgement, "\(String(decoding: line, as: UTF8.self))")
        }
        print("sameCanonicalJudgementOnMutatedLines: \(accepted) of \(lines.count) mutated lines still canonical")
    }

    @Test func usageAndUnreadableInputExitCodes() throws {
        let directory = try makeTemporaryDirectory("auditlog-tests")
        defer { try? FileManager.default.removeItem(at: directory) }
        let keyPath = directory.appendingPathComponent("key.pem")
        try ExportScenario.key.publicKey.pem.write(to: keyPath, atomically: true, encoding: .utf8)
        #expect(try Self.run("python3", [Self.script]).status == 2)
        #expect(try Self.run("python3", [Self.script, "x.txt"]).status == 2)
        let missing = try Self.run("python3", [Self.script, directory.appendingPathComponent("missing.txt").path, "--public-key", keyPath.path])
        #expect(missing.status == 3)
        #expect(missing.stdout.isEmpty && missing.stderr.contains("cannot read"))
        let exportPath = directory.appendingPathComponent("export.txt")
        try Data(ExportScenario.log.export).write(to: exportPath)
        #expect(try Self.run("python3", [Self.script, exportPath.path, "--public-key", exportPath.path]).status == 3)
        #expect(
            try Self.run(
                "python3",
                [
                    Self.script, exportPath.path, "--public-key", keyPath.path,
                    "--checkpoint", directory.appendingPathComponent("nope").path,
                ]
            ).status == 3)
    }

    /// The PEM the gateway writes is what openssl expects, and the fingerprint is reproducible with it.
    @Test func opensslReadsThePublicKey() throws {
        let directory = try makeTemporaryDirectory("auditlog-tests")
        defer { try? FileManager.default.removeItem(at: directory) }
        let key = ExportScenario.key
        let keyPath = directory.appendingPathComponent("key.pem")
        try key.publicKey.pem.write(to: keyPath, atomically: true, encoding: .utf8)
        let der = try Self.run("openssl", ["pkey", "-pubin", "-in", keyPath.path, "-outform", "DER"])
        #expect(der.status == 0)
        let sha = try Self.run("sha256sum", [], stdin: key.publicKey.derRepresentation)
        #expect("SHA256:" + String(sha.stdout.prefix(64)) == key.publicKey.fingerprint)
        // openssl verifies our signature over a checkpoint body.
        let note = ExportScenario.log.notes[8]!
        let body = directory.appendingPathComponent("body")
        let signature = directory.appendingPathComponent("sig")
        try Data(note.text.utf8).write(to: body)
        try Data(note.signatures[0].signature).write(to: signature)
        let verified = try Self.run(
            "openssl",
            [
                "pkeyutl", "-verify", "-pubin", "-inkey", keyPath.path, "-rawin",
                "-in", body.path, "-sigfile", signature.path,
            ])
        #expect(verified.status == 0, "\(verified.stdout) \(verified.stderr)")
    }
}
