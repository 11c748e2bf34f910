import AuditLog
import Foundation
import Gateway
import GatewayTestSupport
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Privacy
import Storage
import Synchronization
import Testing

@Suite("Audit log segments: rotation, key hand-over and retention through the gateway")
struct AuditSegmentTests {
    func get(_ client: any TestClientProtocol, _ uri: String, _ token: String?) async throws -> TestResponse {
        try await client.execute(uri: uri, method: .get, headers: headers(token, json: false))
    }

    static func export(_ gateway: PatternGateway) async throws -> [UInt8] {
        try await gateway.auditLog.checkpoint()
        let collected = Mutex<[UInt8]>([])
        _ = try await gateway.database.exportAuditLog(sink: { chunk in collected.withLock { $0 += chunk } })
        return collected.withLock { $0 }
    }

    /// The first key of a test gateway's chain: segment 1's, as the database recorded it.
    static func firstKey(_ harness: TestGateway) async throws -> AuditPublicKey {
        let name = try #require(try await harness.gateway.database.auditSegments().first?.name)
        return try #require(try await harness.gateway.database.auditSegmentPublicKey(name: name))
    }

    @Test("an officer rotates with a new key; each segment's key is served; the export verifies from the first key only")
    func rotateWithNewKey() async throws {
        let harness = try await TestGateway.make()
        defer { harness.remove() }
        let firstKey = harness.gateway.auditLog.publicKey
        let firstSegment = try #require(try await harness.gateway.database.auditSegments().first?.name)
        try await harness.test { client in
            try await client.grant(harness.alpha)
            let saved = try await get(client, "/api/v1/audit/checkpoint", harness.auditor).text
            let rotate = { (token: String, body: [String: Any]) in
                try await client.execute(uri: "/api/v1/admin/audit/rotate", method: .post, headers: headers(token), body: json(body))
            }
            #expect(try await rotate(harness.auditor, ["newKey": true]).status == .forbidden)
            let response = try await rotate(harness.officer, ["newKey": true])
            #expect(response.status == .ok)
            let answer = response.object
            #expect(answer["sealed"] as? String == firstSegment && answer["newKey"] as? Bool == true)
            let opened = try #require(answer["opened"] as? String)
            #expect(answer["origin"] as? String == "\(harness.gateway.identity.gatewayId)/\(opened)")
            let newKey = harness.gateway.auditLog.publicKey
            #expect(newKey != firstKey && answer["keyFingerprint"] as? String == newKey.fingerprint)

            // Each segment's key; the current one by default; an unknown segment is 404.
            #expect(try await get(client, "/api/v1/audit/public-key?segment=\(firstSegment)", harness.auditor).text == firstKey.pem)
            #expect(try await get(client, "/api/v1/audit/public-key?segment=\(opened)", harness.auditor).text == newKey.pem)
            #expect(try await get(client, "/api/v1/audit/public-key", harness.auditor).text == newKey.pem)
            let unknown = try await get(client, "/api/v1/audit/public-key?segment=1999", harness.auditor)
            #expect(unknown.status == .notFound && unknown.errorCode == "audit_segment_unknown")
            let segments = try #require(try await get(client, "/api/v1/audit/segments", harness.auditor).object["segments"] as? [[String: Any]])
            #expect(segments.map { $0["state"] as? String } == ["sealed", "open"])

            // The new segment's checkpoints are signed by the new key; appends go on.
            try await client.grant(harness.beta)
            let note = try await get(client, "/api/v1/audit/checkpoint", harness.auditor).text
            guard case .verified(let checkpoint, _) = newKey.openCheckpoint(Array(note.utf8)) else {
                Issue.record("the new segment's checkpoint is not signed by the new key")
                return
            }
            #expect(checkpoint.origin == "\(harness.gateway.identity.gatewayId)/\(opened)")

            // The export verifies given only the first key, and the checkpoint saved before the rotation.
            let verdict = AuditVerifier.verify(
                export: try await Self.export(harness.gateway), publicKey: firstKey, savedCheckpoints: [Array(saved.utf8)])
            #expect(verdict.isOK && verdict.summary.hasSuffix(" segments=2 retired=0"), "\(verdict.summary)")
            #expect(!AuditVerifier.verify(export: try await Self.export(harness.gateway), publicKey: newKey).isOK)
            // The chain's own entries hold names, origins, keys, notes and hashes only.
            let scanner = VerificationScanner(policy: harness.gateway.policy)
            let exported = String(decoding: try await Self.export(harness.gateway), as: UTF8.self)
            let chain = try exported.split(separator: "\n").filter { $0.hasPrefix("{\"action\":\"audit.segment.") }
                .map { try AuditEntry(line: Array($0.utf8)) }
            #expect(chain.map(\.action) == ["audit.segment.closed", "audit.segment.opened"])
            for entry in chain {
                for value in GatewayAuditLogTests.freeValues(entry) { #expect(scanner.kinds(in: value).isEmpty, "\(entry.action): \(value)") }
            }
        }
        // The sealed segment's secret key is gone from the data dir: the key file holds the new key.
        let dataDir = DataDirectory(path: harness.directory.path)
        #expect(!FileManager.default.fileExists(atPath: dataDir.nextAuditSigningKeyPath))
        #expect(try String(contentsOfFile: dataDir.auditPublicKeyPath, encoding: .utf8) == harness.gateway.auditLog.publicKey.pem)
        let seed = try String(contentsOfFile: dataDir.auditSigningKeyPath, encoding: .utf8)
        let onDisk = try AuditSigningKey(rawRepresentation: Data(base64Encoded: seed.trimmingCharacters(in: .newlines))!)
        #expect(onDisk.publicKey == harness.gateway.auditLog.publicKey)
        // The witness key is the identity key's public half.
        #expect(FileManager.default.fileExists(atPath: dataDir.witnessPublicKeyPath))
    }

    @Test("a rotation with a new key that stopped between its commit and the key file's rename is finished at the next start")
    func interruptedRotation() async throws {
        let harness = try await TestGateway.make()
        defer { harness.remove() }
        let dataDir = DataDirectory(path: harness.directory.path)
        func key(at path: String) throws -> AuditSigningKey {
            let seed = try String(contentsOfFile: path, encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)
            return try AuditSigningKey(rawRepresentation: try #require(Data(base64Encoded: seed)))
        }
        let current = try key(at: dataDir.auditSigningKeyPath)
        let next = AuditSigningKey()
        // What a rotation does before it commits, then the commit; the process dies before the rename.
        let staged = Data((Data(next.rawRepresentation).base64EncodedString() + "\n").utf8)
        #expect(FileManager.default.createFile(atPath: dataDir.nextAuditSigningKeyPath, contents: staged, attributes: [.posixPermissions: 0o600]))
        _ = try await harness.gateway.database.rotateAuditSegment(
            currentKey: current, nextKey: next, gatewayId: harness.gateway.identity.gatewayId, actor: .system)
        let reopened = try await GatewayAuditLog.open(
            directory: dataDir, database: harness.gateway.database, gatewayId: harness.gateway.identity.gatewayId)
        #expect(reopened.publicKey == next.publicKey)
        #expect(try key(at: dataDir.auditSigningKeyPath).publicKey == next.publicKey)
        #expect(!FileManager.default.fileExists(atPath: dataDir.nextAuditSigningKeyPath))
        #expect(try await reopened.checkpoint().checkpoint.size > 0)
        // A staged key the log never took: kept while young (a rotation may be running), dropped when stale.
        #expect(
            FileManager.default.createFile(
                atPath: dataDir.nextAuditSigningKeyPath, contents: Data((Data(AuditSigningKey().rawRepresentation).base64EncodedString() + "\n").utf8)
            ))
        _ = try await GatewayAuditLog.open(directory: dataDir, database: harness.gateway.database, gatewayId: harness.gateway.identity.gatewayId)
        #expect(FileManager.default.fileExists(atPath: dataDir.nextAuditSigningKeyPath))
        try FileManager.default.setAttributes(
            [.modificationDate: Date().addingTimeInterval(-120)], ofItemAtPath: dataDir.nextAuditSigningKeyPath)
        _ = try await GatewayAuditLog.open(directory: dataDir, database: harness.gateway.database, gatewayId: harness.gateway.identity.gatewayId)
        #expect(!FileManager.default.fileExists(atPath: dataDir.nextAuditSigningKeyPath))
        #expect(try key(at: dataDir.auditSigningKeyPath).publicKey == next.publicKey)
    }

    @Test("appends from several writers never fail or leave a gap while segments rotate")
    func rotationUnderLoad() async throws {
        let harness = try await TestGateway.make()
        defer { harness.remove() }
        let gateway = harness.gateway
        let before = try await gateway.database.auditSegments().reduce(UInt64(0)) { $0 + $1.size }
        try await withThrowingTaskGroup(of: Void.self) { group in
            for writer in 0..<4 {
                group.addTask {
                    for n in 0..<100 {
                        try await gateway.database.appendAudit(
                            AuditRecord(actor: .cli, action: "test.load", details: ["writer": .count(writer), "n": .count(n)]))
                    }
                }
            }
            group.addTask {
                for round in 0..<5 {
                    _ = try await gateway.auditLog.rotate(newKey: round % 2 == 0, actor: .system)
                    try await gateway.auditLog.checkpoint()
                }
            }
            try await group.waitForAll()
        }
        let segments = try await gateway.database.auditSegments()
        #expect(segments.count == 6)
        // Every write landed once: 400 appends, and per rotation a hand-over and an opening entry.
        #expect(segments.reduce(UInt64(0)) { $0 + $1.size } == before + 400 + 10)
        let verdict = AuditVerifier.verify(export: try await Self.export(gateway), publicKey: try await Self.firstKey(harness))
        #expect(verdict.isOK && verdict.summary.hasSuffix(" segments=6 retired=0"), "\(verdict.summary)")
    }

    @Test("retention: the purge service's own clock retires a sealed segment; an officer's asOf never does")
    func retention() async throws {
        let harness = try await TestGateway.make()
        defer { harness.remove() }
        let gateway = harness.gateway
        let firstKey = gateway.auditLog.publicKey
        let first = try #require(try await gateway.database.auditSegments().first)
        _ = try await gateway.auditLog.rotate(newKey: true, actor: .system)
        _ = try await gateway.tokens.issue(role: .auditor, pseudonym: nil, actor: .cli)
        let finalOfFirst = try #require(
            try await gateway.database.read { db in
                try String.fetchOne(db, sql: "SELECT note FROM audit_checkpoint WHERE segment = 1 ORDER BY size DESC LIMIT 1")
            })
        let eightYears = Date().addingTimeInterval(8 * 366 * 86_400)
        let dateText = AuditEntry.timestamp(eightYears).prefix(10)
        try await harness.test { client in
            let response = try await client.execute(
                uri: "/api/v1/admin/purge", method: .post, headers: headers(harness.officer), body: json(["asOf": String(dateText)]))
            #expect(response.status == .ok)
            #expect((response.object["auditSegmentsRetired"] as? [String]) == [])
        }
        #expect(try await gateway.database.auditSegments().allSatisfy { $0.state != "retired" })
        // Not yet due by the gateway's clock.
        #expect(try await gateway.purge(retireAuditSegmentsAsOf: Date()).auditSegmentsRetired.isEmpty)
        // Eight years on, by the gateway's clock (the purge service passes its own now).
        let report = try await gateway.purge(retireAuditSegmentsAsOf: eightYears)
        #expect(report.auditSegmentsRetired == [first.name] && report.checkpoint == "clean")
        let segments = try await gateway.database.auditSegments()
        #expect(segments.first?.state == "retired" && segments.count == 2)
        let rows = try await gateway.database.read { db in
            try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM audit_entry WHERE seq <= ?", arguments: [Int64(first.size)])
        }
        #expect(rows == 0)
        let verdict = AuditVerifier.verify(
            export: try await Self.export(gateway), publicKey: firstKey, savedCheckpoints: [Array(finalOfFirst.utf8)])
        #expect(verdict.isOK && verdict.summary.hasSuffix(" segments=2 retired=1"), "\(verdict.summary)")
        let retired = try await gateway.database.auditEntries(limit: 10_000).filter { $0.action == "audit.segment.retired" }
        #expect(retired.count == 1)
    }
}
