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

    Benchmark(
        "Audit verify, 1,000,000 entries in 7 segments with key hand-overs",
        configuration: .init(metrics: [.wallClock, .peakMemoryResident], warmupIterations: 1, maxDuration: .seconds(60), maxIterations: 5),
        closure: { benchmark in
            let verdict = AuditVerifier.verify(export: state.export, publicKey: state.key.publicKey)
            guard verdict.isOK, verdict.summary.hasSuffix(" segments=7 retired=0") else {
                throw BenchSetupError(message: "verify failed: \(verdict.summary)")
            }
        },
        setup: { try state.buildSegmentedExport(entries: 1_000_000, segments: 7) })
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

    /// A v2 export as `audit export` writes it after `segments - 1` rotations, each with a new
    /// key: the entries spread evenly, each segment opening with the previous final checkpoint
    /// and closing with a hand-over, a signed checkpoint every 100,000 entries of a segment.
    func buildSegmentedExport(entries: Int, segments: Int) throws {
        var writer = AuditExportWriter(segmented: true)
        export = []
        export.reserveCapacity(entries * 240)
        var signer = key
        var previous: (name: String, note: SignedNote)?
        let perSegment = entries / segments
        for index in 0..<segments {
            let name = "20\(26 + index)"
            let origin = "gw-bench/" + name
            export += try writer.beginSegment(name: name, origin: origin)
            var frontier = MerkleFrontier()
            func write(_ line: [UInt8]) throws {
                frontier.append(leafHash: MerkleTree.leafHash(line))
                export += try writer.append(entryLine: line)
            }
            func entry(_ action: String, _ details: [String: AuditValue], subject: String? = nil) throws -> [UInt8] {
                try AuditEntry(
                    seq: frontier.size, time: "2026-11-25T12:00:00.000Z", actorRole: subject == nil ? "system" : "deployment",
                    actorId: subject ?? "gateway", action: action, subject: subject, details: details
                ).canonicalLine()
            }
            if let previous {
                let opening = SegmentOpening(segment: name, previous: previous.name, previousCheckpoint: previous.note)
                try write(try entry(SegmentOpening.action, opening.details))
            }
            let count = index == segments - 1 ? entries - perSegment * (segments - 1) : perSegment
            let next = AuditSigningKey()
            while Int(frontier.size) < count {
                let n = Int(frontier.size)
                if index < segments - 1 && Int(frontier.size) == count - 1 {
                    let handOver = try SegmentHandOver(next: "20\(27 + index)", nextOrigin: "gw-bench/20\(27 + index)", nextKey: next.publicKey)
                    try write(try entry(SegmentHandOver.action, handOver.details))
                } else {
                    try write(
                        try entry(
                            "contribution.accepted", ["contributionId": .text(String(format: "%064x", n)), "event": .text("gw-bench:\(n)")],
                            subject: pseudonym))
                }
                if frontier.size % 100_000 == 0 || Int(frontier.size) == count {
                    let note = try signer.signCheckpoint(TreeCheckpoint(origin: origin, size: frontier.size, rootHash: frontier.root))
                    export += try writer.append(checkpoint: note)
                    previous = (name, note)
                }
            }
            signer = next
        }
        export += try writer.finish()
    }
}
