import AuditLog
import Foundation
import Gateway
import GatewayTestSupport
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Privacy
import Storage
import Testing

@Suite("Signed audit log through the gateway")
struct GatewayAuditLogTests {
    func get(_ client: any TestClientProtocol, _ uri: String, _ token: String?) async throws -> TestResponse {
        try await client.execute(uri: uri, method: .get, headers: headers(token, json: false))
    }

    static func checkpoint(_ note: String, key: AuditPublicKey) throws -> TreeCheckpoint {
        guard case .verified(let checkpoint, _) = key.openCheckpoint(Array(note.utf8)) else {
            throw CLIError("checkpoint does not verify")
        }
        return checkpoint
    }

    @Test("every state change is an entry; checkpoint, public key, entries and proofs for auditors and officers only")
    func auditAPI() async throws {
        let harness = try await TestGateway.make()
        defer { harness.remove() }
        let keyMode =
            try FileManager.default.attributesOfItem(atPath: harness.directory.appendingPathComponent("audit-signing.key").path)[.posixPermissions]
            as? Int
        #expect(keyMode == 0o600)
        let pemOnDisk = try String(contentsOf: harness.directory.appendingPathComponent("audit-public.pem"), encoding: .utf8)
        try await harness.test { client in
            #expect(try await get(client, "/api/v1/audit/checkpoint", nil).status == .unauthorized)
            #expect(try await get(client, "/api/v1/audit/checkpoint", harness.alpha).status == .forbidden)
            #expect(try await get(client, "/api/v1/audit/entries", harness.alpha).status == .forbidden)
            #expect(try await get(client, "/api/v1/audit/public-key", harness.alpha).status == .forbidden)

            try await client.grant(harness.alpha)
            #expect(try await client.contribute(harness.alpha, wordpress()).status == .created)
            var leaky = wordpress("leak-1")
            leaky["steps"] = [
                ["action": "replicate_db", "durationSeconds": 60, "success": false, "errorMessage": "call Mark Baker at mark.baker@example.com"]
            ]
            leaky["anonymize"] = false
            #expect(try await client.contribute(harness.alpha, leaky).status == .unprocessableContent)
            #expect(
                try await client.execute(
                    uri: "/api/v1/admin/rescan", method: .post, headers: headers(harness.officer), body: json([:])
                ).status == .ok)
            #expect(
                try await client.execute(
                    uri: "/api/v1/admin/consent", method: .post, headers: headers(harness.officer),
                    body: json(["deploymentId": TestGateway.alphaId, "revoke": true])
                ).status == .ok)

            let pemResponse = try await get(client, "/api/v1/audit/public-key", harness.auditor)
            #expect(pemResponse.status == .ok && pemResponse.text == pemOnDisk)
            let key = try AuditPublicKey(pem: pemResponse.text)
            let first = try await get(client, "/api/v1/audit/checkpoint", harness.officer)
            #expect(first.status == .ok)
            #expect(first.headers[.contentType]?.hasPrefix("text/plain") == true)
            let firstCheckpoint = try Self.checkpoint(first.text, key: key)
            #expect(firstCheckpoint.origin == "\(harness.gateway.identity.gatewayId)/\(AuditEntry.timestamp(Date()).prefix(4))")
            #expect(firstCheckpoint.size == (try await harness.gateway.database.auditTreeHead()).size)

            let page = try await get(client, "/api/v1/audit/entries?start=0", harness.auditor)
            #expect(page.status == .ok)
            let lines = try #require(page.object["lines"] as? [String])
            #expect(lines.count == Int(firstCheckpoint.size))
            let entries = try lines.map { try AuditEntry(line: Array($0.utf8)) }
            #expect(entries.enumerated().allSatisfy { UInt64($0.offset) == $0.element.seq })
            let actions = Set(entries.map(\.action))
            for expected in [
                "gateway.created", "gateway.started", "policy.loaded", "token.created", "consent.granted", "contribution.accepted",
                "contribution.rejected", "rescan.completed", "consent.revoked",
            ] {
                #expect(actions.contains(expected), "missing \(expected)")
            }
            let policyLoaded = try #require(entries.first { $0.action == "policy.loaded" })
            #expect(policyLoaded.details["policyHash"] == .text(harness.gateway.policy.hash))
            let rejected = try #require(entries.first { $0.action == "contribution.rejected" })
            #expect(rejected.details["kinds"] != nil)

            // No personal data in any entry: the verification scanner finds nothing in any value
            // other than the pseudonyms, ids and hashes entries are made of.
            let scanner = VerificationScanner(policy: harness.gateway.policy)
            for (entry, line) in zip(entries, lines) {
                #expect(
                    !line.contains("Mark") && !line.contains("example.com") && !line.contains(TestGateway.alphaId) && !line.contains("wp-2026-001"))
                for value in Self.freeValues(entry) {
                    #expect(scanner.kinds(in: value).isEmpty, "entry \(entry.seq) value \(value): \(scanner.kinds(in: value))")
                }
            }

            let inclusion = try await get(client, "/api/v1/audit/proof/inclusion?index=3&size=\(firstCheckpoint.size)", harness.auditor)
            #expect(inclusion.status == .ok)
            let path = try #require(inclusion.object["hashes"] as? [String]).compactMap(MerkleHash.init(base64:))
            let proof = InclusionProof(leafIndex: 3, treeSize: firstCheckpoint.size, hashes: path)
            #expect(proof.verify(leafHash: MerkleTree.leafHash(Array(lines[3].utf8)), root: firstCheckpoint.rootHash))

            try await client.grant(harness.beta)
            let second = try Self.checkpoint(try await get(client, "/api/v1/audit/checkpoint", harness.auditor).text, key: key)
            #expect(second.size > firstCheckpoint.size)
            let consistency = try await get(client, "/api/v1/audit/proof/consistency?from=\(firstCheckpoint.size)&to=\(second.size)", harness.auditor)
            #expect(consistency.status == .ok)
            let hashes = try #require(consistency.object["hashes"] as? [String]).compactMap(MerkleHash.init(base64:))
            #expect(
                ConsistencyProof(oldSize: firstCheckpoint.size, newSize: second.size, hashes: hashes)
                    .verify(oldRoot: firstCheckpoint.rootHash, newRoot: second.rootHash))
            #expect(hashes.count <= 2 * 64 - (64 - Int(second.size).leadingZeroBitCount) + 2)

            for bad in [
                "/api/v1/audit/entries?start=99999", "/api/v1/audit/entries?start=0&end=5000", "/api/v1/audit/entries?start=x",
                "/api/v1/audit/proof/inclusion", "/api/v1/audit/proof/inclusion?index=99999",
                "/api/v1/audit/proof/consistency?from=5&to=2", "/api/v1/audit/proof/consistency?from=1&to=99999",
            ] {
                let response = try await get(client, bad, harness.auditor)
                #expect(response.status == .badRequest, "\(bad)")
                #expect(response.errorCode == "invalid_field")
            }
        }
        // The stop is recorded and covered by a final checkpoint.
        let head = try await harness.gateway.database.auditTreeHead()
        let latest = try #require(try await harness.gateway.database.latestAuditCheckpoint())
        #expect(latest.size == head.size)
        let last = try await harness.gateway.database.auditLines(start: head.size - 1, end: head.size)
        #expect(last.first?.contains("\"gateway.stopped\"") == true)
    }

    /// Keys whose values are identifiers: hex ids, event ids (`origin:seq`), token ids, gateway
    /// ids and base64 hashes. They must look like one (no spaces, a closed alphabet).
    static let idKeys: Set<String> = [
        "contributionId", "contributionIds", "event", "token", "policyHash", "rootHash", "keyFingerprint", "presentedKey", "key", "gateway",
        "request",
        "model", "modelsDeleted", "modelDigest", "trainingSetDigest",
        // The segment chain's own entries: names, origins, keys, fingerprints, notes and proofs in base64.
        "segment", "origin", "previousOrigin", "next", "nextOrigin", "nextKey", "nextKeyFingerprint", "previous", "previousCheckpoint",
        "finalCheckpoint",
        "handOver", "inclusionProof",
    ]

    /// String values of an entry that are not ids (the action is a constant of the code), to
    /// run through the verification scanner.
    static func freeValues(_ entry: AuditEntry) -> [String] {
        var values = [entry.actorRole]
        for (key, value) in entry.details {
            let texts: [String]
            switch value {
            case .text(let text): texts = [text]
            case .list(let list): texts = list
            case .count: texts = []
            }
            for text in texts {
                if idKeys.contains(key) {
                    #expect(
                        text.utf8.allSatisfy { byte in
                            (0x30...0x39).contains(byte) || (0x41...0x5a).contains(byte) || (0x61...0x7a).contains(byte)
                                || Array(":_+/=.-".utf8).contains(byte)
                        }, "entry \(entry.seq) \(key) is not an id")
                } else {
                    values.append(text)
                }
            }
        }
        for id in [entry.actorId] + (entry.subject.map { [$0] } ?? []) {
            #expect(id.utf8.allSatisfy { $0 > 0x20 && $0 < 0x7f }, "entry \(entry.seq) actor or subject is not an id")
        }
        return values
    }

    @Test("peers pin each other's audit keys on sync and flag a smaller or forked checkpoint in the sync status")
    func peerCrossCheck() async throws {
        let networkKey = FileManager.default.temporaryDirectory.appendingPathComponent("pg-network-\(UUID().uuidString).key").path
        let a = try await TestGateway.make(networkKeyFile: networkKey, gatewayId: "gw-a")
        let b = try await TestGateway.make(networkKeyFile: networkKey, gatewayId: "gw-b")
        defer {
            a.remove()
            b.remove()
            try? FileManager.default.removeItem(atPath: networkKey)
        }
        let early = try await a.gateway.auditLog.checkpoint().checkpoint
        _ = try await a.gateway.tokens.issue(role: .auditor, pseudonym: nil, actor: .cli)
        // What the checkpoint service does while `serve` runs.
        try await a.gateway.auditLog.checkpoint()
        try await b.gateway.auditLog.checkpoint()
        let request = try await a.gateway.syncRequest(peerVector: .init())
        #expect(request.auditCheckpoint != nil && request.auditPublicKey == a.gateway.auditLog.publicKey.pem)
        let response = try await b.gateway.handleSync(request)
        #expect(response.auditCheckpoint != nil)
        var status = try await b.gateway.syncStatus()
        let seen = try #require(status.peerAudit.first { $0.peer == "gw-a" })
        #expect(seen.size > early.size && seen.alert == nil)
        #expect(seen.keyFingerprint == a.gateway.auditLog.publicKey.fingerprint)
        // The requester records the responder's checkpoint too.
        await a.gateway.witnessPeerAudit(from: response.from, announced: response.audit)
        #expect(try await a.gateway.syncStatus().peerAudit.map(\.peer) == ["gw-b"])

        // gw-a presents an older, smaller checkpoint: it truncated its log.
        var truncated = request
        truncated.auditCheckpoint = early.note
        _ = try await b.gateway.handleSync(truncated)
        status = try await b.gateway.syncStatus()
        #expect(status.peerAudit.first { $0.peer == "gw-a" }?.alert == "checkpoint_smaller")

        // gw-a signs another tree of the same size: it rewrote its log.
        let seed = try String(contentsOf: a.directory.appendingPathComponent("audit-signing.key"), encoding: .utf8)
        let aKey = try AuditSigningKey(rawRepresentation: Data(base64Encoded: seed.trimmingCharacters(in: .whitespacesAndNewlines))!)
        let forged = try aKey.signCheckpoint(
            TreeCheckpoint(
                origin: try TreeCheckpoint(body: SignedNote(parsing: early.note).text).origin, size: seen.size,
                rootHash: MerkleHash(bytes: [UInt8](repeating: 7, count: 32))!))
        var rewritten = request
        rewritten.auditCheckpoint = forged.serialized
        _ = try await b.gateway.handleSync(rewritten)
        #expect(try await b.gateway.syncStatus().peerAudit.first { $0.peer == "gw-a" }?.alert == "checkpoint_forked")
        let actions = try await b.gateway.database.auditEntries(limit: 1000).map(\.action)
        #expect(actions.contains("peer.audit-key.pinned") && actions.contains("peer.checkpoint"))
        #expect(actions.filter { $0 == "peer.checkpoint.inconsistent" }.count == 2)

        // A peer's own key can sign any text: a checkpoint that carries free text (in its
        // origin or an extension line) is not stored (issue 13, finding 3).
        let rogueKey = AuditSigningKey()
        for note in [
            try rogueKey.signCheckpoint(
                TreeCheckpoint(origin: "Zebulon Quartermaine", size: 1, rootHash: MerkleHash(bytes: [UInt8](repeating: 1, count: 32))!),
                keyName: "gw-c"),
            try rogueKey.signCheckpoint(
                TreeCheckpoint(
                    origin: "patterngate/gw-c", size: 1, rootHash: MerkleHash(bytes: [UInt8](repeating: 1, count: 32))!,
                    extensionLines: ["Zebulon Quartermaine"])),
        ] {
            var smuggled = SyncRequest(from: "gw-c", vector: .init(), events: [], policyHash: a.gateway.policy.hash)
            smuggled.auditCheckpoint = note.serialized
            smuggled.auditPublicKey = rogueKey.publicKey.pem
            _ = try await b.gateway.handleSync(smuggled)
        }
        #expect(try await b.gateway.syncStatus().peerAudit.first { $0.peer == "gw-c" } == nil)
        _ = try await b.gateway.database.writer.writeWithoutTransaction { try $0.checkpoint(.truncate) }
        let files = try FileManager.default.contentsOfDirectory(atPath: b.directory.path)
        #expect(try files.allSatisfy { try Data(contentsOf: b.directory.appendingPathComponent($0)).range(of: Data("Zebulon".utf8)) == nil })
    }
}

struct CLIError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
