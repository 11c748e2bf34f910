import AsyncHTTPClient
import AuditLog
import Foundation
import Gateway
import GatewayTestSupport
import Hummingbird
import Logging
import Privacy
import Storage
import TestSupport
import Testing

@testable import GatewayHTTP

/// Issue 19, item 4: gateways of a network witness each other's audit logs over the sync
/// exchange (C2SP tlog-cosignature), across a rotation with a new key.
@Suite("Audit witnesses over sync", .serialized)
struct AuditWitnessTests {
    static func runPython(_ arguments: [String]) throws -> (status: Int32, output: String) {
        try runExternal(["python3", repositoryRoot.appendingPathComponent("audit/verify.py").path] + arguments)
    }

    /// Replaces the first cosignature line on a checkpoint line of `export` with one a forger's
    /// key made under the witness's name and key id.
    static func forgeCosignature(_ export: [UInt8], witness: String, witnessKey: AuditPublicKey) throws -> [UInt8]? {
        let prefix = AuditExportFormat.checkpointPrefix
        var lines = String(decoding: export, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        for (index, line) in lines.enumerated() where line.hasPrefix(prefix) {
            guard let data = Data(base64Encoded: String(line.dropFirst(prefix.count))) else { continue }
            let note = try SignedNote(bytes: data)
            guard let position = note.signatures.firstIndex(where: { $0.keyName == witness }) else { continue }
            let forged = try Cosignature(
                signing: TreeCheckpoint(body: note.text), witness: witness, key: AuditSigningKey(), timestamp: 1_800_000_000)
            var signatures = note.signatures
            signatures[position] = try forged.noteSignature(key: witnessKey)
            lines[index] = prefix + Data(try SignedNote(text: note.text, signatures: signatures).serialized.utf8).base64EncodedString()
            return Array(lines.joined(separator: "\n").utf8)
        }
        return nil
    }

    /// Two peered gateways: activity, a rotation with a new key, more activity. Each export
    /// verifies from the first key with the peer's cosignature in both verifiers; a forged one fails both.
    @Test("live: two peered gateways cosign each other's checkpoints across a rotation with a new key; both verifiers agree")
    func liveWitnessing() async throws {
        let network = try await TestNetwork.make(2)
        defer { network.remove() }
        let gateways = network.gateways
        let firstKeys = gateways.map { $0.gateway.auditLog.publicKey }
        let logger = Logger(label: "audit-witness-test")
        try await serving(2, logger: logger) { position, onServerRunning in
            try PatternGateApplication.make(
                gateway: gateways[position].gateway, registry: gateways[position].registry,
                server: ServerConfiguration(host: "127.0.0.1", port: 0), onServerRunning: onServerRunning)
        } body: { ports in
            /// One exchange each way, each gateway signing its checkpoint first (the checkpoint service's job).
            func round() async throws {
                for (position, other) in [(0, 1), (1, 0)] {
                    try await gateways[position].gateway.auditLog.checkpoint()
                    let transport = PeerTransport(gateway: gateways[position].gateway, client: HTTPClient.shared)
                    let state = await transport.exchange(
                        PeerState(url: "http://127.0.0.1:\(ports[other])"), maximumBackoff: .seconds(1), logger: logger)
                    #expect(state.failures == 0)
                }
            }
            for (position, harness) in gateways.enumerated() {
                let principal = try await harness.gateway.authenticate(authorization: "Bearer \(harness.alpha)")
                _ = try await harness.gateway.changeConsent(principal, request: ConsentChangeRequest(action: "grant"))
                _ = try await harness.gateway.changeConsent(principal, request: ConsentChangeRequest(action: position == 0 ? "revoke" : "grant"))
            }
            for _ in 0..<3 { try await round() }
            for harness in gateways {
                #expect(try await harness.gateway.database.auditCosigners().count == 1)
            }
            // gw-americas rotates with a new key; activity goes on on both.
            _ = try await gateways[0].gateway.auditLog.rotate(newKey: true, actor: .cli)
            #expect(gateways[0].gateway.auditLog.publicKey != firstKeys[0])
            for harness in gateways {
                let principal = try await harness.gateway.authenticate(authorization: "Bearer \(harness.alpha)")
                _ = try await harness.gateway.changeConsent(principal, request: ConsentChangeRequest(action: "revoke"))
            }
            for _ in 0..<4 { try await round() }
            // While both run, each served checkpoint (the newest) carries the peer's cosignature,
            // verified with the peer's witness key (its witness-public.pem).
            for (position, other) in [(0, 1), (1, 0)] {
                let served = try SignedNote(parsing: try #require(try await gateways[position].gateway.database.latestCosignedCheckpoint()).note)
                let pem = try String(contentsOf: gateways[other].directory.appendingPathComponent("witness-public.pem"), encoding: .utf8)
                let verification = Cosignature.verify(
                    note: served, witness: gateways[other].gateway.identity.gatewayId, key: try AuditPublicKey(pem: pem))
                #expect(verification == .verified)
            }
        }
        // gw-europe followed the hand-over: the new key, the new segment, no alert.
        let view = try #require(try await gateways[1].gateway.syncStatus().peerAudit.first { $0.peer == "gw-americas" })
        #expect(view.keyFingerprint == gateways[0].gateway.auditLog.publicKey.fingerprint && view.alert == nil)
        let segments = try await gateways[0].gateway.database.auditSegments()
        #expect(segments.count == 2 && view.origin == segments[1].origin)
        #expect(try await gateways[0].gateway.syncStatus().peerAudit.first?.alert == nil)

        for (position, other) in [(0, 1), (1, 0)] {
            let log = gateways[position]
            let witnessName = gateways[other].gateway.identity.gatewayId
            let witnessPEM = try String(contentsOf: gateways[other].directory.appendingPathComponent("witness-public.pem"), encoding: .utf8)
            let witnessKey = try AuditPublicKey(pem: witnessPEM)

            let export = try await AuditSegmentTests.export(log.gateway)
            let verdict = AuditVerifier.verify(export: export, publicKey: firstKeys[position], witnessKeys: [witnessKey], minWitnesses: 1)
            #expect(verdict.isOK, "\(verdict.summary)")
            let newest = try #require(try await log.gateway.database.auditSegments().last?.name)
            #expect(verdict.summary.contains(" witnessed=\(newest):"), "\(verdict.summary)")

            let directory = temporaryPath("pg-witness-verify")
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(at: directory) }
            let files = (
                export: directory.appendingPathComponent("export.txt"), key: directory.appendingPathComponent("first.pem"),
                witness: directory.appendingPathComponent("witness.pem"), forged: directory.appendingPathComponent("forged.txt")
            )
            try Data(export).write(to: files.export)
            try Data(firstKeys[position].pem.utf8).write(to: files.key)
            try Data(witnessPEM.utf8).write(to: files.witness)
            let arguments = ["--public-key", files.key.path, "--witness-key", files.witness.path, "--min-witnesses", "1"]
            let python = try Self.runPython([files.export.path] + arguments)
            #expect(python.status == 0 && python.output.trimmingCharacters(in: .newlines) == verdict.summary, "\(python.output)")

            // A forged cosignature fails both verifiers.
            let forged = try #require(try Self.forgeCosignature(export, witness: witnessName, witnessKey: witnessKey))
            let forgedVerdict = AuditVerifier.verify(
                export: forged, publicKey: firstKeys[position], witnessKeys: [witnessKey], minWitnesses: 1)
            #expect(forgedVerdict.summary.hasPrefix("FAIL cosignature-bad-signature"), "\(forgedVerdict.summary)")
            try Data(forged).write(to: files.forged)
            let forgedPython = try Self.runPython([files.forged.path] + arguments)
            #expect(forgedPython.status == 1 && forgedPython.output.hasPrefix("FAIL cosignature-bad-signature"), "\(forgedPython.output)")
        }
    }
}
