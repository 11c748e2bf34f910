import ArgumentParser
import AuditLog
import Foundation
import Gateway
import NIOHTTP1
import Privacy
import Storage

/// `audit export|verify|checkpoint`: the signed audit log, offline. `export` and `checkpoint`
/// work on the data dir (safe while `serve` runs); `verify` needs only the export and the key.
struct AuditCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "audit", abstract: "Export, verify and checkpoint the signed audit log.",
        subcommands: [Export.self, Verify.self, Checkpoint.self, Rotate.self])

    struct Rotate: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Seal the open audit segment and open the next one (officers, over the API).",
            discussion:
                "The sealed segment's last entry names the next segment and its key; its final checkpoint covers that entry. Appends go on throughout."
        )

        @OptionGroup var client: ClientOptions

        @Flag(name: .customLong("new-key"), help: "Sign the next segment with a fresh Ed25519 key (the old secret key is deleted).")
        var newKey = false

        @Flag(help: "Print the raw JSON response.")
        var json = false

        func run() async throws {
            let client = try client.client()
            let data = try await client.send(.POST, "/api/v1/admin/audit/rotate", body: try JSONEncoder().encode(AuditRotateBody(newKey: newKey)))
            if json { return JSONOutput.print(data) }
            let response = try client.decode(AuditRotateResponse.self, data)
            print("sealed segment \(response.sealed) at \(response.sealedSize) entries; opened \(response.opened) (\(response.origin))")
            print("key \(response.keyFingerprint)\(response.newKey ? " (new)" : "")")
        }
    }

    struct Export: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Write the audit log (entries and signed checkpoints, one per line) to a file.",
            discussion: "Signs a final checkpoint first when entries arrived since the last one. See audit/README.md for the format.")

        @OptionGroup var data: DataDirOptions

        @Option(help: "Export from a running gateway over the API instead of the data dir (or PATTERNGATE_SERVER; auditor or officer token).")
        var server: String?

        @Option(help: "A bearer token for --server (or PATTERNGATE_TOKEN).")
        var token: String?

        @Option(help: "The export file to write.")
        var out: String

        func run() async throws {
            if server != nil || ProcessInfo.processInfo.environment["PATTERNGATE_SERVER"] != nil {
                return try await exportOverAPI()
            }
            let (opened, log) = try await AuditCommand.open(data)
            try await log.checkpoint()
            guard FileManager.default.createFile(atPath: out, contents: nil), let handle = FileHandle(forWritingAtPath: out) else {
                throw CLIFailure.unreadable("cannot create \(out)")
            }
            defer { try? handle.close() }
            let summary = try await opened.database.exportAuditLog(
                sink: { try handle.write(contentsOf: $0) },
                progress: { Terminal.progress("exported \($0) entries") })
            Terminal.endProgress()
            print(
                "exported segments=\(summary.segments) entries=\(summary.entries) checkpoints=\(summary.checkpoints) root=\(summary.rootHash.base64)")
        }

        /// The latest signed checkpoint, then every entry it covers, page by page: a file the
        /// verifiers accept (it ends with a checkpoint covering every entry).
        func exportOverAPI() async throws {
            let client = try ClientOptions.client(server: server, token: token)
            let noteText = String(decoding: try await client.send(.GET, "/api/v1/audit/checkpoint"), as: UTF8.self)
            let note: SignedNote
            let size: UInt64
            do {
                note = try SignedNote(parsing: noteText)
                size = try TreeCheckpoint(body: note.text).size
            } catch {
                throw CLIFailure.failure("the gateway's checkpoint could not be read")
            }
            guard FileManager.default.createFile(atPath: out, contents: nil), let handle = FileHandle(forWritingAtPath: out) else {
                throw CLIFailure.unreadable("cannot create \(out)")
            }
            defer { try? handle.close() }
            var writer = AuditExportWriter()
            var next: UInt64 = 0
            do {
                while next < size {
                    let page = try client.decode(
                        AuditEntriesPage.self, try await client.send(.GET, "/api/v1/audit/entries?start=\(next)&end=\(min(size, next + 1_000))"))
                    guard !page.lines.isEmpty else { throw CLIFailure.failure("the gateway returned no entries at \(next)") }
                    for line in page.lines { try handle.write(contentsOf: try writer.append(entryLine: Array(line.utf8))) }
                    next += UInt64(page.lines.count)
                    Terminal.progress("exported \(next) of \(size) entries")
                }
                try handle.write(contentsOf: try writer.append(checkpoint: note))
                try handle.write(contentsOf: try writer.finish())
            } catch let error as AuditLogError {
                throw CLIFailure.failure("the gateway's entries do not match its checkpoint (\(error.code))")
            }
            Terminal.endProgress()
            print("exported entries=\(size) checkpoints=1 from \(client.baseURL)")
        }
    }

    struct Verify: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Verify an audit export: canonical entries, the Merkle tree, every checkpoint's signature and saved checkpoints.",
            discussion: "Prints OK … or FAIL <code> [line=N] [seq=N] [saved-checkpoint=N]: … Exit 0 verified, 1 tampered, 2 usage, 3 unreadable.")

        @Argument(help: "The export file (from `audit export`).")
        var file: String

        @Option(
            name: .customLong("public-key"),
            help: "The first segment's audit-public.pem, obtained out of band (later keys are handed over inside the log).")
        var publicKey: String

        @Option(name: .customLong("checkpoint"), help: "A signed checkpoint saved earlier (repeatable).")
        var checkpoints: [String] = []

        @Option(
            name: .customLong("witness-key"),
            help:
                "A witness's key: its C2SP verifier key NAME+ID+KEY (as is or in a file; binds its name) or its PEM (witness-public.pem); repeatable."
        )
        var witnessKeys: [String] = []

        @Option(
            name: .customLong("min-witnesses"),
            help: "How many given witnesses must have cosigned a checkpoint of the export (the newest such is reported as witnessed=).")
        var minWitnesses = 0

        func run() async throws {
            guard let pem = FileManager.default.contents(atPath: publicKey) else { throw CLIFailure.unreadable("cannot read \(publicKey)") }
            let key: AuditPublicKey
            do { key = try AuditPublicKey(pem: String(decoding: pem, as: UTF8.self)) } catch {
                throw CLIFailure.unreadable("\(publicKey) is not an Ed25519 PEM public key")
            }
            var saved: [[UInt8]] = []
            for path in checkpoints {
                guard let note = FileManager.default.contents(atPath: path) else { throw CLIFailure.unreadable("cannot read \(path)") }
                saved.append(Array(note))
            }
            guard let handle = FileHandle(forReadingAtPath: file) else { throw CLIFailure.unreadable("cannot read \(file)") }
            defer { try? handle.close() }
            var witnesses: [AuditPublicKey] = []
            var names: [AuditPublicKey: String] = [:]
            for argument in witnessKeys {
                // A C2SP verifier key (as is, or in a file: `audit/vkey.py KEY.pem NAME --witness`) binds the name.
                let contents = FileManager.default.contents(atPath: argument).map { String(decoding: $0, as: UTF8.self) }
                let text = contents?.trimmingCharacters(in: .whitespacesAndNewlines)
                if let named = Cosignature.parseVerifierKey(argument) ?? text.flatMap(Cosignature.parseVerifierKey) {
                    witnesses.append(named.key)
                    names[named.key] = named.name
                    continue
                }
                guard let contents, let witness = try? AuditPublicKey(pem: contents) else {
                    throw CLIFailure.unreadable("\(argument) is neither a witness verifier key nor a readable Ed25519 PEM public key")
                }
                witnesses.append(witness)
            }
            guard minWitnesses >= 0, minWitnesses <= witnesses.count else {
                throw CLIFailure.usage("--min-witnesses must be between 0 and the number of --witness-key")
            }
            var verifier = AuditVerifier(
                publicKey: key, savedCheckpoints: saved, witnessKeys: witnesses, witnessNames: names, minWitnesses: minWitnesses,
                progress: { Terminal.progress("verified \($0) entries") })
            do {
                while let chunk = try handle.read(upToCount: 1 << 20), !chunk.isEmpty {
                    verifier.consume(chunk)
                    if verifier.failure != nil { break }
                }
            } catch {
                throw CLIFailure.unreadable("cannot read \(file)")
            }
            let verdict = verifier.finish()
            Terminal.endProgress()
            print(verdict.summary)
            guard verdict.isOK else { throw CLIFailure.failure("the audit log did not verify") }
        }
    }

    struct Checkpoint: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Print (or save) the latest signed checkpoint, signing one first if the log grew.",
            discussion: "Keep saved checkpoints and pass them to `audit verify --checkpoint` later: a log cut or rewritten behind them fails.")

        @OptionGroup var data: DataDirOptions

        @Option(help: "Save the signed note to this file instead of printing it.")
        var out: String?

        func run() async throws {
            let (_, log) = try await AuditCommand.open(data)
            let note = try await log.checkpoint().checkpoint.note
            if let out {
                guard FileManager.default.createFile(atPath: out, contents: Data(note.utf8)) else {
                    throw CLIFailure.unreadable("cannot write \(out)")
                }
            } else {
                print(note, terminator: "")
            }
        }
    }

    static func open(_ data: DataDirOptions) async throws -> (DataDirectory.Opened, GatewayAuditLog) {
        let opened = try await TokenCommand.open(data)
        do {
            return (
                opened, try await GatewayAuditLog.open(directory: data.directory, database: opened.database, gatewayId: opened.identity.gatewayId)
            )
        }
    }
}
