import AuditLog
import Foundation
import GRDB
import Synchronization
import Testing

@testable import Storage

@Suite("Signed audit log in storage")
struct AuditLogStorageTests {
    static let key = AuditSigningKey()

    static func export(_ database: AppDatabase) async throws -> [UInt8] {
        let collected = Collected()
        _ = try await database.exportAuditLog(sink: { chunk in collected.append(chunk) })
        return collected.bytes
    }

    @Test("every append is the next canonical line; a signed export verifies")
    func appendsAndExport() async throws {
        let database = try AppDatabase.inMemory()
        for n in 0..<20 {
            try await database.appendAudit(
                AuditRecord(actor: .cli, action: "test.step", subject: n % 2 == 0 ? "ab12" : nil, details: ["n": .count(n), "ids": .list(["x"])]))
        }
        let lines = try await database.auditLines(start: 0, end: 20)
        #expect(lines.count == 20)
        for (index, line) in lines.enumerated() {
            let entry = try AuditEntry(line: Array(line.utf8))
            #expect(entry.seq == UInt64(index))
            #expect(entry.action == "test.step")
        }
        let stored = try await database.auditEntries(limit: 100)
        #expect(stored.map(\.seq) == Array(1...20))
        #expect(stored[3].details == #"{"ids":["x"],"n":3}"#)
        let (checkpoint, signed) = try await database.signAuditCheckpoint(key: Self.key, gatewayId: "test")
        #expect(signed && checkpoint.size == 20)
        // No growth, no new checkpoint; never a smaller one.
        let again = try await database.signAuditCheckpoint(key: Self.key, gatewayId: "test")
        #expect(!again.signed && again.checkpoint == checkpoint)
        try await database.appendAudit(AuditRecord(actor: .cli, action: "test.more"))
        // Entries after the last checkpoint are left for the next export.
        var verdict = AuditVerifier.verify(export: try await Self.export(database), publicKey: Self.key.publicKey)
        guard case .ok(let summary) = verdict else { Issue.record("\(verdict.summary)"); return }
        #expect(summary.entries == 20)
        try await database.signAuditCheckpoint(key: Self.key, gatewayId: "ignored")
        verdict = AuditVerifier.verify(
            export: try await Self.export(database), publicKey: Self.key.publicKey, savedCheckpoints: [Array(checkpoint.note.utf8)])
        #expect(verdict.isOK, "\(verdict.summary)")
        let latest = try #require(try await database.latestAuditCheckpoint())
        #expect(latest.note.hasPrefix("test/\(AuditEntry.timestamp(Date()).prefix(4))\n21\n"))
    }

    @Test("another signing key is refused once checkpoints exist")
    func keyIsFixed() async throws {
        let database = try AppDatabase.inMemory()
        try await database.signAuditCheckpoint(key: Self.key, gatewayId: "test")
        try await database.appendAudit(AuditRecord(actor: .cli, action: "test.step"))
        await #expect(throws: StorageError.auditKeyMismatch) {
            try await database.signAuditCheckpoint(key: AuditSigningKey(), gatewayId: "test")
        }
    }

    @Test("proofs from storage verify against the roots at both sizes")
    func proofs() async throws {
        let database = try AppDatabase.inMemory()
        for n in 0..<37 { try await database.appendAudit(AuditRecord(actor: .cli, action: "test.step", details: ["n": .count(n)])) }
        let (inclusion, leaf, root) = try await database.auditInclusionProof(index: 11, size: 30)
        #expect(inclusion.verify(leafHash: leaf, root: root))
        #expect(inclusion.hashes.count <= 5)
        let (consistency, oldRoot, newRoot) = try await database.auditConsistencyProof(from: 13, to: 37)
        #expect(consistency.verify(oldRoot: oldRoot, newRoot: newRoot))
        #expect(newRoot == (try await database.auditTreeHead()).root)
    }

    @Test("proofs built from stored subtree roots equal the reference over every leaf")
    func storedSubtreeProofs() async throws {
        let database = try AppDatabase.inMemory()
        try await database.appendAudit((0..<3100).map { AuditRecord(actor: .cli, action: "test.step", details: ["n": .count($0)]) })
        let size = try await database.auditTreeHead().size
        let leaves = try await database.auditLines(start: 0, end: size).map { MerkleTree.leafHash(Array($0.utf8)) }
        // [0,1024) [1024,2048) [0,2048) [2048,3072)
        #expect(try await database.read { try Int.fetchOne($0, sql: "SELECT COUNT(*) FROM audit_node") } == 4)
        for treeSize: UInt64 in [1, 2, 1023, 1024, 1025, 2048, 2049, 3000, size] {
            for index in Set([0, 1, 1023, 1024, 2047, 2048, treeSize / 2, treeSize - 1]) where index < treeSize {
                let (proof, leaf, root) = try await database.auditInclusionProof(index: index, size: treeSize)
                #expect(proof == (try MerkleTree.inclusionProof(index: index, size: treeSize, leafHashes: leaves)), "\(index) of \(treeSize)")
                #expect(leaf == leaves[Int(index)] && root == MerkleTree.root(leafHashes: leaves.prefix(Int(treeSize))))
            }
            for old in Set([0, 1, 1000, 1024, 1025, 2048, treeSize / 3, treeSize]) where old <= treeSize {
                let (proof, oldRoot, newRoot) = try await database.auditConsistencyProof(from: old, to: treeSize)
                #expect(proof == (try MerkleTree.consistencyProof(oldSize: old, newSize: treeSize, leafHashes: leaves)), "\(old) to \(treeSize)")
                #expect(proof.verify(oldRoot: oldRoot, newRoot: newRoot) || old == 0 || old == treeSize)
            }
        }
    }

    @Test("rows written before the signed log are converted to canonical lines in seq order")
    func migrationConvertsOldRows() async throws {
        let queue = try DatabaseQueue()
        try AppDatabase.migrator.migrate(queue, upTo: "v1-events")
        try await queue.write { db in
            try db.execute(
                sql: """
                    INSERT INTO audit_entry(at, actor_role, actor, action, subject, details) VALUES
                    ('2026-01-02T03:04:05.678Z', 'system', 'gateway', 'gateway.created', NULL, '{"gateway":"gw-a"}'),
                    ('2026-01-02T03:04:06.000Z', 'operator', 'cli', 'token.created', 'abcd', '{"role":"officer","token":"t1"}'),
                    ('2026-01-02T03:04:07.5Z', 'peer', 'gw-b', 'sync.received', NULL, '{"events":3,"kinds":["email"],"quarantined":0}')
                    """)
        }
        let database = try AppDatabase(queue)
        let lines = try await database.auditLines(start: 0, end: 3)
        #expect(
            lines == [
                #"{"action":"gateway.created","actor":{"id":"gateway","role":"system"},"details":{"gateway":"gw-a"},"seq":0,"time":"2026-01-02T03:04:05.678Z"}"#,
                #"{"action":"token.created","actor":{"id":"cli","role":"operator"},"details":{"role":"officer","token":"t1"},"seq":1,"subject":"abcd","time":"2026-01-02T03:04:06.000Z"}"#,
                #"{"action":"sync.received","actor":{"id":"gw-b","role":"peer"},"details":{"events":3,"kinds":["email"],"quarantined":0},"seq":2,"time":"2026-01-02T03:04:07.500Z"}"#,
            ])
        try await database.appendAudit(AuditRecord(actor: .cli, action: "after.migration"))
        try await database.signAuditCheckpoint(key: Self.key, gatewayId: "old")
        let verdict = AuditVerifier.verify(export: try await Self.export(database), publicKey: Self.key.publicKey)
        #expect(verdict.isOK, "\(verdict.summary)")
        #expect(try await database.auditTreeHead().size == 4)
    }

    @Test("two database pools on one file append concurrently without forking the log")
    func singleWriterAcrossConnections() async throws {
        let (first, directory) = try temporaryDatabase()
        defer { try? FileManager.default.removeItem(at: directory) }
        let second = try AppDatabase.open(path: directory.appendingPathComponent("test.sqlite").path)
        let before = try await first.auditTreeHead().size
        try await withThrowingTaskGroup(of: Void.self) { group in
            for (name, database) in [("first", first), ("second", second)] {
                for worker in 0..<4 {
                    group.addTask {
                        for n in 0..<50 {
                            try await database.write { db in
                                try AuditWriter.append(
                                    db, AuditRecord(actor: .cli, action: "test.\(name)", details: ["worker": .count(worker), "n": .count(n)]))
                                try AuditWriter.append(db, AuditRecord(actor: .cli, action: "test.\(name).pair", details: ["n": .count(n)]))
                            }
                        }
                    }
                }
            }
            try await group.waitForAll()
        }
        #expect(try await second.auditTreeHead().size == before + 800)
        try await second.signAuditCheckpoint(key: Self.key, gatewayId: "test")
        let verdict = AuditVerifier.verify(export: try await Self.export(first), publicKey: Self.key.publicKey)
        guard case .ok(let summary) = verdict else { Issue.record("\(verdict.summary)"); return }
        #expect(summary.entries == before + 800)
        // Each transaction's two entries are adjacent: appends never interleave.
        let lines = try await first.auditLines(start: before, end: before + 800).map { try AuditEntry(line: Array($0.utf8)) }
        for pair in stride(from: 0, to: lines.count, by: 2) {
            #expect(lines[pair + 1].action == lines[pair].action + ".pair")
        }
    }

    @Test("a peer's checkpoints: pinned on first sight, grown, smaller, forked, other key, bad signature")
    func peerCheckpoints() async throws {
        let database = try AppDatabase.inMemory()
        let peerKey = AuditSigningKey()
        func note(_ size: UInt64, _ seed: UInt8 = 1, key: AuditSigningKey = peerKey) throws -> String {
            try key.signCheckpoint(
                TreeCheckpoint(origin: "patterngate/gw-b", size: size, rootHash: MerkleHash(bytes: [UInt8](repeating: seed, count: 32))!)
            )
            .serialized
        }
        let now = Date(timeIntervalSince1970: 1_800_000_000)
        #expect(try await database.observePeerCheckpoint(peer: "gw-b", presentedKey: peerKey.publicKey, note: note(10), now: now) == .pinned)
        #expect(try await database.observePeerCheckpoint(peer: "gw-b", presentedKey: peerKey.publicKey, note: note(10), now: now) == .unchanged)
        #expect(
            try await database.observePeerCheckpoint(peer: "gw-b", presentedKey: peerKey.publicKey, note: note(12, 2), now: now + 1)
                == .grown(recorded: false))
        #expect(
            try await database.observePeerCheckpoint(peer: "gw-b", presentedKey: peerKey.publicKey, note: note(14, 3), now: now + 301)
                == .grown(recorded: true))
        #expect(
            try await database.observePeerCheckpoint(peer: "gw-b", presentedKey: peerKey.publicKey, note: note(13, 3), now: now + 302)
                == .alert("checkpoint_smaller"))
        #expect(
            try await database.observePeerCheckpoint(peer: "gw-b", presentedKey: peerKey.publicKey, note: note(13, 3), now: now + 303)
                == .alert("checkpoint_smaller"))
        #expect(
            try await database.observePeerCheckpoint(peer: "gw-b", presentedKey: peerKey.publicKey, note: note(14, 9), now: now + 304)
                == .alert("checkpoint_forked"))
        let other = AuditSigningKey()
        #expect(
            try await database.observePeerCheckpoint(peer: "gw-b", presentedKey: other.publicKey, note: note(20, key: other), now: now + 305)
                == .alert("audit_key_changed"))
        #expect(
            try await database.observePeerCheckpoint(peer: "gw-b", presentedKey: peerKey.publicKey, note: note(20, key: other), now: now + 306)
                == .alert("checkpoint_bad_signature"))

        let state = try #require(try await database.peerAuditStates().first)
        #expect(state.peer == "gw-b" && state.size == 14 && state.alert == "checkpoint_bad_signature")
        // A new segment under the same key: a new origin, sizes start again, no alert.
        let segmentNote = try peerKey.signCheckpoint(
            TreeCheckpoint(origin: "gw-b/2027", size: 1, rootHash: MerkleHash(bytes: [UInt8](repeating: 8, count: 32))!)
        ).serialized
        #expect(
            try await database.observePeerCheckpoint(peer: "gw-b", presentedKey: peerKey.publicKey, note: segmentNote, now: now + 307)
                == .grown(recorded: true))
        #expect(try await database.peerAuditStates().first?.size == 1)
        #expect(state.keyFingerprint == peerKey.publicKey.fingerprint)
        let actions = try await database.auditEntries(limit: 100).map(\.action)
        #expect(
            actions == [
                "peer.audit-key.pinned", "peer.checkpoint", "peer.checkpoint", "peer.checkpoint.inconsistent", "peer.checkpoint.inconsistent",
                "peer.checkpoint.inconsistent", "peer.checkpoint.inconsistent", "peer.checkpoint",
            ])
    }
}

final class Collected: Sendable {
    private let storage = Mutex<[UInt8]>([])
    func append(_ bytes: [UInt8]) { storage.withLock { $0 += bytes } }
    var bytes: [UInt8] { storage.withLock { $0 } }
}
