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

    @Test("a witness pins, cosigns growth and a new segment under a new key from the log's own evidence, and refuses a shrink")
    func witnessing() async throws {
        let log = try AppDatabase.inMemory()
        let witness = try AppDatabase.inMemory()
        let witnessKey = AuditSigningKey()
        let firstKey = AuditSigningKey()
        var logKey = firstKey
        let now = Date(timeIntervalSince1970: 1_800_000_000)
        func record(_ count: Int) async throws {
            try await log.appendAudit((0..<count).map { AuditRecord(actor: .cli, action: "test.step", details: ["n": .count($0)]) }, at: now)
            try await log.signAuditCheckpoint(key: logKey, gatewayId: "gw-b", at: now)
        }
        /// One exchange: the log's newest checkpoint and evidence to the witness, its cosignatures back.
        func exchange(_ seconds: TimeInterval, note: String? = nil) async throws -> PeerWitnessResult {
            let latest = try await log.latestAuditCheckpoint()!
            let evidence = try await log.growthEvidence(forWitness: "gw-a")
            let result = try await witness.witnessPeerCheckpoint(
                observation: .init(peer: "gw-b", note: note ?? latest.note, key: logKey.publicKey, evidence: evidence),
                announcedAt: Int64(seconds * 1000), witness: "gw-a", witnessKey: witnessKey, now: now + seconds)
            _ = try await log.storeCosignatures(result.cosignatures, witness: "gw-a", key: witnessKey.publicKey)
            return result
        }
        try await record(3)
        let early = try #require(try await log.latestAuditCheckpoint())
        #expect(try await exchange(0).outcome == .pinned)
        #expect(try await log.growthEvidence(forWitness: "gw-a") == nil)
        try await record(5)
        let grown = try await exchange(1)
        #expect(grown.outcome == .grown(recorded: false) && grown.cosignatures.map(\.size) == [8])
        // The served checkpoint carries the witness's cosignature, and it verifies with the witness key.
        let served = try SignedNote(parsing: try #require(try await log.latestCosignedCheckpoint()).note)
        #expect(Cosignature.verify(note: served, witness: "gw-a", key: witnessKey.publicKey) == .verified)
        // A forged cosignature (another key under the witness's name) is not kept.
        let forged = try await AppDatabase.inMemory().witnessPeerCheckpoint(
            observation: .init(peer: "gw-b", note: served.serialized, key: logKey.publicKey, evidence: nil), witness: "gw-a",
            witnessKey: AuditSigningKey(), now: now)
        #expect(forged.cosignatures.count == 1)
        #expect(try await log.storeCosignatures(forged.cosignatures, witness: "gw-a", key: witnessKey.publicKey) == 0)
        // One cosignature per checkpoint and witness: another line over one already kept is not kept.
        let older = try await AppDatabase.inMemory().witnessPeerCheckpoint(
            observation: .init(peer: "gw-b", note: early.note, key: logKey.publicKey, evidence: nil), witness: "gw-a",
            witnessKey: witnessKey, now: now)
        #expect(try await log.storeCosignatures(older.cosignatures, witness: "gw-a", key: witnessKey.publicKey) == 0)

        // A rotation with a new key: the witness follows the hand-over, with no alert.
        let next = AuditSigningKey()
        _ = try await log.rotateAuditSegment(currentKey: logKey, nextKey: next, gatewayId: "gw-b", actor: .cli, at: now)
        logKey = next
        try await record(2)
        let stepped = try await exchange(2)
        #expect(stepped.outcome == .grown(recorded: true) && stepped.cosignatures.count == 2)
        var state = try #require(try await witness.peerAuditStates().first)
        #expect(state.keyFingerprint == next.publicKey.fingerprint && state.alert == nil && state.origin != "gw-b/" + "1970")
        #expect(try await log.auditCosigners().map(\.size) == [3])

        // Every kept segment's last checkpoint is cosigned: the export verifies from the first key
        // with the witness required, and fails with another witness key required.
        let export = try await Self.export(log)
        let verdict = AuditVerifier.verify(export: export, publicKey: firstKey.publicKey, witnessKeys: [witnessKey.publicKey], minWitnesses: 1)
        #expect(verdict.isOK, "\(verdict.summary)")
        #expect(
            !AuditVerifier.verify(export: export, publicKey: firstKey.publicKey, witnessKeys: [AuditSigningKey().publicKey], minWitnesses: 1)
                .isOK)

        // The same, announced before the newest announcement judged (a message that arrived late):
        // not judged, so no false alarm.
        let late = try await witness.witnessPeerCheckpoint(
            observation: .init(peer: "gw-b", note: early.note, key: firstKey.publicKey, evidence: nil), announcedAt: 1_500, witness: "gw-a",
            witnessKey: witnessKey, now: now + 3)
        #expect(late.outcome == .unchanged && late.cosignatures.count == 1)
        #expect(try await witness.peerAuditStates().first?.alert == nil)
        // The cosignatures sent back include the final checkpoint of the segment stepped over.
        #expect(try await witness.witnessCosignatures(of: "gw-b").map(\.size) == [9, 3])
        // A line whose key id a segment key has under the line's name is never kept (a 32-bit
        // collision would read as a bad signature of the log key in every verifier).
        let colliding = try NoteSignature(
            keyName: "gw-z", keyID: firstKey.publicKey.keyID(name: "gw-z"), signature: [UInt8](repeating: 1, count: 72))
        #expect(try await log.read { try AppDatabase.keyIDClaimedByAnotherKey($0, line: colliding, witness: witnessKey.publicKey) })
        let honest = try #require(stepped.cosignatures.last.flatMap { try? NoteSignature(parsingLine: $0.line) })
        #expect(try await !log.read { try AppDatabase.keyIDClaimedByAnotherKey($0, line: honest, witness: witnessKey.publicKey) })

        // An older checkpoint of the first segment presented again: a rollback, refused and raised once.
        _ = try await exchange(3, note: early.note)
        state = try #require(try await witness.peerAuditStates().first)
        #expect(state.alert == "segment_forked" && state.size == 3)
        let actions = try await witness.auditEntries(limit: 100).map(\.action)
        #expect(actions == ["peer.audit-key.pinned", "peer.checkpoint", "peer.checkpoint", "peer.checkpoint.inconsistent"])
    }
}

final class Collected: Sendable {
    private let storage = Mutex<[UInt8]>([])
    func append(_ bytes: [UInt8]) { storage.withLock { $0 += bytes } }
    var bytes: [UInt8] { storage.withLock { $0 } }
}
