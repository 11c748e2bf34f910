import AuditLog
import ErrorCodes
import Foundation
import Testing

@Suite("Export writer and verifier")
struct AuditVerifierTests {
    @Test(arguments: ExportScenario.all)
    func scenario(_ scenario: ExportScenario) {
        let verdict = AuditVerifier.verify(
            export: scenario.export, publicKey: ExportScenario.key.publicKey, savedCheckpoints: scenario.saved)
        if let expected = scenario.expected {
            #expect(ExportScenario.prefix(verdict.summary) == expected, "\(verdict.summary)")
            #expect(verdict.exitCode == 1)
        } else {
            #expect(verdict.isOK, "\(verdict.summary)")
            let root = ExportScenario.log.notes[12].map { try! TreeCheckpoint(body: $0.text).rootHash }
            #expect(
                verdict
                    == .ok(
                        AuditVerificationSummary(
                            entries: 12, checkpoints: 3, savedCheckpoints: scenario.saved.count, treeSize: 12, rootHash: root!)))
        }
    }

    @Test(arguments: SegmentedLog.all)
    func segmentedScenario(_ scenario: ExportScenario) {
        let verdict = AuditVerifier.verify(
            export: scenario.export, publicKey: SegmentedLog.firstKey.publicKey, savedCheckpoints: scenario.saved)
        if let expected = scenario.expected {
            #expect(ExportScenario.prefix(verdict.summary) == expected, "\(verdict.summary)")
        } else {
            #expect(verdict.isOK, "\(verdict.summary)")
            #expect(verdict.summary.hasSuffix(scenario.name.contains("retired") ? " segments=2 retired=1" : " segments=2 retired=0"))
        }
    }

    @Test(arguments: CosignedScenario.all)
    func cosignedScenario(_ scenario: CosignedScenario) {
        let verdict = AuditVerifier.verify(
            export: scenario.export, publicKey: SegmentedLog.firstKey.publicKey, witnessKeys: [CosignedScenario.witness.publicKey],
            minWitnesses: scenario.minWitnesses)
        #expect(ExportScenario.prefix(verdict.summary).hasPrefix(scenario.expected ?? "OK "), "\(verdict.summary)")
    }

    /// Any single flipped byte anywhere in a segmented export, retired segment included, fails.
    @Test func everyByteFlipOfASegmentedExportIsCaught() {
        for log in [SegmentedLog.kept, SegmentedLog.retiredFirst] {
            let export = log.export
            for offset in export.indices {
                for bit in [0, 5] {
                    var flipped = export
                    flipped[offset] ^= UInt8(1 << bit)
                    let verdict = AuditVerifier.verify(export: flipped, publicKey: SegmentedLog.firstKey.publicKey)
                    #expect(!verdict.isOK, "byte \(offset) bit \(bit) went unnoticed")
                }
            }
        }
    }

    /// The writer refuses a segment that does not end with a checkpoint.
    @Test func segmentedWriterRefusesAnUnsignedSegment() throws {
        var writer = AuditExportWriter(segmented: true)
        _ = try writer.beginSegment(name: "2026", origin: "gw-a/2026")
        _ = try writer.append(entry: SegmentedLog.entry(seq: 0, index: 0))
        #expect(throws: AuditLogError.self) { _ = try writer.beginSegment(name: "2027", origin: "gw-a/2027") }
        var single = AuditExportWriter()
        #expect(throws: AuditLogError.self) { _ = try single.beginSegment(name: "2026", origin: "gw-a/2026") }
    }

    /// Flipping any single bit-0 of any byte of an entry is caught, at that entry's line or at
    /// the checkpoint that covers it.
    @Test func everyByteFlipOfAnEntryIsCaught() {
        let log = ExportScenario.log
        let entryLine = log.line(ofSeq: 5)
        let checkpointLine = log.line(ofCheckpointSize: 8)
        for offset in log.lines[5].indices {
            for mask: UInt8 in [0x01, 0x20, 0x80] {
                var lines = log.exportLines
                lines[entryLine - 1][offset] ^= mask
                let verdict = AuditVerifier.verify(export: TestLog.join(lines), publicKey: log.key.publicKey)
                guard case .failed(let failure) = verdict else {
                    Issue.record("flip of byte \(offset) with \(mask) passed")
                    continue
                }
                #expect(failure.line == entryLine || failure.line == checkpointLine, "\(failure.summaryLine)")
                if failure.line == checkpointLine { #expect(failure.code == "checkpoint-root-mismatch") }
            }
        }
    }

    @Test func streamingInAnyChunkSizeGivesTheSameVerdict() {
        for scenario in ExportScenario.all {
            let whole = AuditVerifier.verify(
                export: scenario.export, publicKey: ExportScenario.key.publicKey,
                savedCheckpoints: scenario.saved)
            for chunkSize in [1, 7, 64, 4096] {
                var verifier = AuditVerifier(publicKey: ExportScenario.key.publicKey, savedCheckpoints: scenario.saved)
                var offset = 0
                while offset < scenario.export.count {
                    verifier.consume(scenario.export[offset..<min(offset + chunkSize, scenario.export.count)])
                    offset += chunkSize
                }
                #expect(verifier.finish() == whole, "\(scenario.name) in chunks of \(chunkSize)")
            }
        }
    }

    @Test func progressIsReported() {
        let log = TestLog(count: 100, checkpointEvery: 30)
        var reported: [UInt64] = []
        var verifier = AuditVerifier(publicKey: log.key.publicKey, progressInterval: 25) { reported.append($0) }
        verifier.consume(log.export)
        #expect(verifier.finish().isOK)
        #expect(reported == [25, 50, 75, 100, 100])
    }

    @Test func emptyLogWithCheckpointVerifies() {
        let log = TestLog(count: 0, checkpointEvery: 1)
        let verdict = AuditVerifier.verify(export: log.export, publicKey: log.key.publicKey, savedCheckpoints: [log.savedNote(size: 0)])
        #expect(verdict.summary == "OK entries=0 checkpoints=1 saved-checkpoints=1 size=0 root=\(MerkleTree.emptyRoot.base64)")
    }

    @Test func savedCheckpointOfAnotherOriginFails() throws {
        let log = ExportScenario.log
        let other = try log.key.signCheckpoint(
            TreeCheckpoint(origin: "patterngate.test/other", size: 4, rootHash: try TreeCheckpoint(body: log.notes[4]!.text).rootHash))
        let verdict = AuditVerifier.verify(export: log.export, publicKey: log.key.publicKey, savedCheckpoints: [Array(other.serialized.utf8)])
        #expect(ExportScenario.prefix(verdict.summary) == "FAIL checkpoint-origin-mismatch line=6")
    }

    @Test func writerRefusesExportsTheVerifierWouldReject() throws {
        let log = ExportScenario.log
        var writer = AuditExportWriter()
        #expect(throws: AuditLogError.self) { _ = try writer.append(entryLine: log.lines[1]) }
        let header = try writer.append(entryLine: log.lines[0])
        #expect(header.starts(with: Array("patterngate-audit-export v1\n{".utf8)))
        #expect(throws: AuditLogError.self) { _ = try writer.append(checkpoint: log.notes[4]!) }
        #expect(throws: AuditLogError.self) { _ = try writer.finish() }
        for seq in 1..<4 { _ = try writer.append(entry: try AuditEntry(line: log.lines[seq])) }
        let wrongRoot = try log.key.signCheckpoint(TreeCheckpoint(origin: TestLog.origin, size: 4, rootHash: MerkleTree.emptyRoot))
        #expect(throws: AuditLogError.self) { _ = try writer.append(checkpoint: wrongRoot) }
        _ = try writer.append(checkpoint: log.notes[4]!)
        #expect(try writer.finish() == [])
        #expect(writer.entryCount == 4)
        var empty = AuditExportWriter()
        #expect(throws: AuditLogError.self) { _ = try empty.finish() }
    }
}
