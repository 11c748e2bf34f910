import AuditLog
import Foundation
import Storage
import Synchronization

/// `--only audit`: durable appends into the signed log (batched transactions, WAL, like a
/// gateway under load), checkpoint signing, export, verification, and proof sizes.
enum AuditBench {
    static func run(entries: Int = 200_000, verifyEntries: Int = 1_000_000) async throws {
        print("\n== audit log ==")
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("pg-bench-audit-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let database = try AppDatabase.open(path: directory.appendingPathComponent("audit.sqlite").path)
        let key = AuditSigningKey()
        let pseudonym = String(repeating: "3f9a", count: 16)

        func record(_ n: Int) -> AuditRecord {
            AuditRecord(
                actor: AuditActor(role: "deployment", id: pseudonym), action: "contribution.accepted", subject: pseudonym,
                details: ["contributionId": .text(String(format: "%064x", n)), "event": .text("gw-bench:\(n)")])
        }

        // Durable appends, 1,000 per transaction (records made before the clock starts).
        let batch = 1_000
        let batches = stride(from: 0, to: entries, by: batch).map { first in (first..<min(entries, first + batch)).map(record) }
        var started = ContinuousClock.now
        for records in batches { try await database.appendAudit(records) }
        var seconds = elapsed(since: started)
        print(String(format: "append, %d per transaction: %d entries in %.2f s = %.0f entries/s", batch, entries, seconds, Double(entries) / seconds))

        // One entry per transaction (each its own commit).
        let single = 2_000
        let singles = (0..<single).map { record(entries + $0) }
        started = ContinuousClock.now
        for one in singles { try await database.appendAudit(one) }
        seconds = elapsed(since: started)
        print(String(format: "append, 1 per transaction: %d entries in %.2f s = %.0f entries/s", single, seconds, Double(single) / seconds))

        started = ContinuousClock.now
        try await database.signAuditCheckpoint(key: key, defaultOrigin: "patterngate/bench")
        print(String(format: "checkpoint signed and stored in %.2f ms", elapsed(since: started) * 1000))

        let sink = ByteCount()
        started = ContinuousClock.now
        let summary = try await database.exportAuditLog(sink: { sink.add($0.count) })
        seconds = elapsed(since: started)
        print(String(format: "export: %llu entries (%.1f MB) in %.2f s = %.0f entries/s", summary.entries, Double(sink.total) / 1e6, seconds, Double(summary.entries) / seconds))

        let size = try await database.auditTreeHead().size
        started = ContinuousClock.now
        let (inclusion, _, _) = try await database.auditInclusionProof(index: size / 3, size: size)
        let inclusionTime = elapsed(since: started)
        let (consistency, _, _) = try await database.auditConsistencyProof(from: size / 3, to: size)
        print(String(format: "proofs at %llu entries: inclusion %d hashes (%.0f ms to build from stored leaf hashes), consistency %d hashes", size, inclusion.hashes.count, inclusionTime * 1000, consistency.hashes.count))

        // Verification of a synthetic export of `verifyEntries` entries held in memory.
        var writer = AuditExportWriter()
        var export: [UInt8] = []
        export.reserveCapacity(verifyEntries * 230)
        var frontier = MerkleFrontier()
        for n in 0..<verifyEntries {
            let entry = try AuditEntry(
                seq: UInt64(n), time: "2026-11-25T12:00:00.000Z", actorRole: "deployment", actorId: pseudonym, action: "contribution.accepted",
                subject: pseudonym, details: ["contributionId": .text(String(format: "%064x", n)), "event": .text("gw-bench:\(n)")])
            let line = entry.canonicalLine()
            frontier.append(leafHash: MerkleTree.leafHash(line))
            export += try writer.append(entryLine: line)
            if (n + 1) % 100_000 == 0 {
                export += try writer.append(checkpoint: key.signCheckpoint(TreeCheckpoint(origin: "patterngate/bench", size: frontier.size, rootHash: frontier.root)))
            }
        }
        if frontier.size % 100_000 != 0 {
            export += try writer.append(checkpoint: key.signCheckpoint(TreeCheckpoint(origin: "patterngate/bench", size: frontier.size, rootHash: frontier.root)))
        }
        export += try writer.finish()
        started = ContinuousClock.now
        let verdict = AuditVerifier.verify(export: export, publicKey: key.publicKey)
        seconds = elapsed(since: started)
        print(String(format: "verify: %d entries (%.1f MB) in %.2f s = %.0f entries/s", verifyEntries, Double(export.count) / 1e6, seconds, Double(verifyEntries) / seconds)
            + " (" + (verdict.isOK ? "OK" : verdict.summary) + ")")
        for n in [1_000, 1_000_000, 1_000_000_000] {
            let log = 64 - UInt64(n - 1).leadingZeroBitCount
            print("proof size bound at \(n) entries: inclusion ≤ \(log) hashes (\(log * 32) bytes), consistency ≤ \(2 * log) hashes")
        }
    }

    static func elapsed(since start: ContinuousClock.Instant) -> Double {
        let duration = ContinuousClock.now - start
        return Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
    }
}

final class ByteCount: Sendable {
    private let count = Mutex(0)
    func add(_ n: Int) { count.withLock { $0 += n } }
    var total: Int { count.withLock { $0 } }
}
