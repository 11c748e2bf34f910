import AuditLog
import Benchmark
import BenchmarkSupport
import Foundation
import Storage

/// The signed audit log: durable appends (WAL, like a gateway under load), checkpoint
/// signing, inclusion proofs, and verification of an exported log.
let benchmarks: @Sendable () -> Void = {
    let state = AuditState()

    Benchmark(
        "Audit append, 1,000 entries per transaction",
        configuration: .init(metrics: [.wallClock, .throughput], warmupIterations: 5, maxDuration: .seconds(30), maxIterations: 200),
        closure: { benchmark in
            let records = (0..<1_000).map { state.record($0 + benchmark.currentIteration * 1_000) }
            benchmark.startMeasurement()
            try await state.database!.appendAudit(records)
        },
        setup: { try state.open() },
        teardown: { state.close() })

    Benchmark(
        "Audit append, 1 entry per transaction",
        configuration: .init(metrics: [.wallClock, .throughput], warmupIterations: 50, maxDuration: .seconds(30), maxIterations: 2_000),
        closure: { benchmark in
            let record = state.record(10_000_000 + benchmark.currentIteration)
            benchmark.startMeasurement()
            try await state.database!.appendAudit(record)
        },
        setup: { try state.open() },
        teardown: { state.close() })

    Benchmark(
        "Audit checkpoint signed and stored",
        configuration: .init(metrics: [.wallClock], warmupIterations: 5, maxDuration: .seconds(20), maxIterations: 500),
        closure: { benchmark in
            try await state.database!.appendAudit(state.record(20_000_000 + benchmark.currentIteration))
            benchmark.startMeasurement()
            try await state.database!.signAuditCheckpoint(key: state.key, gatewayId: "bench")
        },
        setup: { try state.open() },
        teardown: { state.close() })

    Benchmark(
        "Audit inclusion proof at 200,000 entries",
        configuration: .init(metrics: [.wallClock], warmupIterations: 10, maxDuration: .seconds(20), maxIterations: 1_000),
        closure: { benchmark in
            let size = state.size
            let (proof, _, _) = try await state.database!.auditInclusionProof(index: UInt64(benchmark.currentIteration * 197) % size, size: size)
            blackHole(proof.hashes.count)
        },
        setup: {
            try state.open()
            for first in stride(from: 0, to: 200_000, by: 1_000) { try await state.database!.appendAudit((first..<first + 1_000).map(state.record)) }
            state.size = try await state.database!.auditTreeHead().size
        },
        teardown: { state.close() })

    Benchmark(
        "Audit verify, 1,000,000 entries exported",
        configuration: .init(metrics: [.wallClock, .peakMemoryResident], warmupIterations: 1, maxDuration: .seconds(60), maxIterations: 5),
        closure: { benchmark in
            let verdict = AuditVerifier.verify(export: state.export, publicKey: state.key.publicKey)
            guard verdict.isOK else { throw BenchSetupError(message: "verify failed: \(verdict.summary)") }
        },
        setup: { try state.buildExport(entries: 1_000_000) })
}

/// A log in a temporary SQLite database, and an in-memory export for verification.
final class AuditState: @unchecked Sendable {
    let key = AuditSigningKey()
    let pseudonym = String(repeating: "3f9a", count: 16)
    var directory: URL?
    var database: AppDatabase?
    var size: UInt64 = 0
    var export: [UInt8] = []

    func record(_ n: Int) -> AuditRecord {
        AuditRecord(
            actor: AuditActor(role: "deployment", id: pseudonym), action: "contribution.accepted", subject: pseudonym,
            details: ["contributionId": .text(String(format: "%064x", n)), "event": .text("gw-bench:\(n)")])
    }

    func open() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("pg-bench-audit-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        database = try AppDatabase.open(path: directory.appendingPathComponent("audit.sqlite").path)
        self.directory = directory
    }

    func close() {
        database = nil
        if let directory { try? FileManager.default.removeItem(at: directory) }
        directory = nil
    }

    /// An export as `audit export` writes it: entry lines with a signed checkpoint every 100,000.
    func buildExport(entries: Int) throws {
        var writer = AuditExportWriter()
        var frontier = MerkleFrontier()
        export.reserveCapacity(entries * 230)
        for n in 0..<entries {
            let entry = try AuditEntry(
                seq: UInt64(n), time: "2026-11-25T12:00:00.000Z", actorRole: "deployment", actorId: pseudonym, action: "contribution.accepted",
                subject: pseudonym, details: ["contributionId": .text(String(format: "%064x", n)), "event": .text("gw-bench:\(n)")])
            let line = entry.canonicalLine()
            frontier.append(leafHash: MerkleTree.leafHash(line))
            export += try writer.append(entryLine: line)
            if (n + 1) % 100_000 == 0 || n + 1 == entries {
                export += try writer.append(
                    checkpoint: key.signCheckpoint(TreeCheckpoint(origin: "patterngate/bench", size: frontier.size, rootHash: frontier.root)))
            }
        }
        export += try writer.finish()
    }
}
