import Foundation
import GRDB
import PatternCore
import Privacy
import Replication
import Storage
import Synchronization
import TestSupport
import Testing

func temporaryDatabase() throws -> (AppDatabase, URL) {
    let directory = try makeTemporaryDirectory("pg-storage")
    return (try AppDatabase.open(path: directory.appendingPathComponent("test.sqlite").path), directory)
}

let sampleRecord = ContributionRecord(
    sourceCloud: .aws, targetCloud: .gcp, resourceTypes: ["EC2", "S3"], strategy: .rehost,
    steps: [MigrationStep(action: "create_vm", durationSeconds: 30, success: true)], successRate: 1, durationHours: 2,
    costSavingsPercent: 10)

/// A clock for tests: a fixed wall time, a logical counter that only grows.
final class TestClock: Sendable {
    private let state = Mutex(HybridLogicalClock())
    func stamp() -> HLCTimestamp { state.withLock { $0.tick(physicalMillis: 1_700_000_000_000) } }
}

func grant(_ database: AppDatabase, _ pseudonym: String, origin: String = "gw-a", clock: TestClock) async throws {
    _ = try await database.recordConsent(
        ConsentChanged(pseudonym: pseudonym, granted: true, purposes: ["contribute"], policyVersion: "v", actor: "self", at: "t"),
        origin: origin, actor: AuditActor(role: "deployment", id: pseudonym), stamp: { clock.stamp() })
}

@Suite("Storage")
struct AppDatabaseTests {
    @Test("WAL, auto_vacuum=INCREMENTAL from creation, secure_delete on writer and readers")
    func pragmas() async throws {
        let (database, directory) = try temporaryDatabase()
        defer { try? FileManager.default.removeItem(at: directory) }
        let (journal, vacuum, secureWrite) = try await database.write { db in
            (
                try String.fetchOne(db, sql: "PRAGMA journal_mode"), try Int.fetchOne(db, sql: "PRAGMA auto_vacuum"),
                try Int.fetchOne(db, sql: "PRAGMA secure_delete")
            )
        }
        #expect(journal == "wal")
        #expect(vacuum == 2)
        #expect(secureWrite == 1)
        let secureRead = try await database.read { try Int.fetchOne($0, sql: "PRAGMA secure_delete") }
        #expect(secureRead == 1)
    }

    @Test("contributions become events with contiguous seqs, increasing clocks, hashes and audit rows")
    func events() async throws {
        let (database, directory) = try temporaryDatabase()
        defer { try? FileManager.default.removeItem(at: directory) }
        let clock = TestClock()
        try await grant(database, "p1", clock: clock)
        let items = (1...3).map { PendingContribution(contributionId: "c\($0)", pseudonym: "p1", requestDigest: "d\($0)", record: sampleRecord) }
        let committed = Mutex<[IndexChange]>([])
        let outcomes = try await database.storeContributions(
            items, origin: "gw-a", requiredPurpose: "contribute", actor: AuditActor(role: "deployment", id: "p1"),
            stamp: { clock.stamp() }, onCommit: { live in committed.withLock { $0 += live } })
        #expect(
            outcomes == [
                .accepted(EventID(origin: "gw-a", seq: 2)), .accepted(EventID(origin: "gw-a", seq: 3)), .accepted(EventID(origin: "gw-a", seq: 4)),
            ])
        // Each carries the clock of its event (the learned ranking's pattern age).
        #expect(
            committed.withLock { $0 }
                == items.map {
                    .upsert(
                        LiveContribution(contributionId: $0.contributionId, pseudonym: "p1", record: sampleRecord, hlcWallMillis: 1_700_000_000_000))
                })
        #expect(try await database.versionVector() == VersionVector(["gw-a": 4]))
        let rows: [[String]] = try await database.read { db in
            try Row.fetchAll(db, sql: "SELECT seq, hlc_logical, content_hash, causal_context FROM event ORDER BY seq").map { row in
                [String(row["seq"] as Int), String(row["hlc_logical"] as Int), row["content_hash"], row["causal_context"]]
            }
        }
        #expect(rows.map { $0[0] } == ["1", "2", "3", "4"])
        #expect(rows.map { $0[1] } == ["0", "1", "2", "3"])
        #expect(rows.allSatisfy { $0[2].count == 64 })
        #expect(rows[3][3] == #"{"gw-a":3}"#)
        let audit = try await database.auditEntries().map(\.action)
        #expect(audit == ["consent.granted", "contribution.accepted", "contribution.accepted", "contribution.accepted"])
        #expect(try await database.liveContributions().count == 3)
    }

    @Test("retries, conflicts and missing consent are decided inside the transaction")
    func outcomes() async throws {
        let (database, directory) = try temporaryDatabase()
        defer { try? FileManager.default.removeItem(at: directory) }
        let clock = TestClock()
        try await grant(database, "p1", clock: clock)
        func store(_ items: [PendingContribution]) async throws -> [ContributionOutcome] {
            try await database.storeContributions(
                items, origin: "gw-a", requiredPurpose: "contribute", actor: .cli, stamp: { clock.stamp() }, onCommit: { _ in })
        }
        let first = PendingContribution(contributionId: "c1", pseudonym: "p1", requestDigest: "d1", record: sampleRecord)
        var changed = first
        changed.requestDigest = "d2"
        let stranger = PendingContribution(contributionId: "c9", pseudonym: "p9", requestDigest: "d9", record: sampleRecord)
        let outcomes = try await store([first, first, changed, stranger])
        #expect(outcomes == [.accepted(EventID(origin: "gw-a", seq: 2)), .duplicate, .conflict, .consentRequired])
        #expect(try await store([first]) == [.duplicate])
        #expect(try await database.contributionCount() == 1)
        #expect(try await database.eventCount() == 2)
    }

    @Test("a rolled-back transaction leaves neither the event nor its audit row, and onCommit does not run")
    func atomicity() async throws {
        let (database, directory) = try temporaryDatabase()
        defer { try? FileManager.default.removeItem(at: directory) }
        let clock = TestClock()
        try await grant(database, "p1", clock: clock)
        // A trigger makes the audit insert fail after the event and projection rows were written.
        try await database.write { db in
            try db.execute(
                sql: """
                    CREATE TEMP TRIGGER refuse_audit BEFORE INSERT ON audit_entry
                    WHEN NEW.action = 'contribution.accepted' BEGIN SELECT RAISE(ABORT, 'refused'); END
                    """)
        }
        let called = Mutex(false)
        await #expect(throws: (any Error).self) {
            _ = try await database.storeContributions(
                [PendingContribution(contributionId: "c1", pseudonym: "p1", requestDigest: "d", record: sampleRecord)],
                origin: "gw-a", requiredPurpose: "contribute", actor: .cli, stamp: { clock.stamp() },
                onCommit: { _ in called.withLock { $0 = true } })
        }
        #expect(called.withLock { $0 } == false)
        #expect(try await database.contributionCount() == 0)
        #expect(try await database.eventCount() == 1)
        #expect(try await database.versionVector() == VersionVector(["gw-a": 1]))
    }

    @Test("the data dir keeps its gateway id and refuses another network key or id")
    func identity() async throws {
        let (database, directory) = try temporaryDatabase()
        defer { try? FileManager.default.removeItem(at: directory) }
        let created = try await database.establishIdentity(requestedGatewayId: nil, keyFingerprint: "f1", networkKeyPath: "/k")
        #expect(created.gatewayId.hasPrefix("gw-"))
        #expect(try await database.establishIdentity(requestedGatewayId: nil, keyFingerprint: "f1", networkKeyPath: "/k") == created)
        await #expect(throws: StorageError.networkKeyMismatch) {
            _ = try await database.establishIdentity(requestedGatewayId: nil, keyFingerprint: "f2", networkKeyPath: "/k")
        }
        // Before the gateway made any event its id can still be chosen; afterwards it is fixed.
        let named = try await database.establishIdentity(requestedGatewayId: "gw-named", keyFingerprint: "f1", networkKeyPath: "/k")
        #expect(named.gatewayId == "gw-named")
        try await grant(database, "p1", origin: "gw-named", clock: TestClock())
        await #expect(throws: StorageError.gatewayIdMismatch) {
            _ = try await database.establishIdentity(requestedGatewayId: "other", keyFingerprint: "f1", networkKeyPath: "/k")
        }
        #expect(try await database.storedNetworkKeyPath() == "/k")
    }

    @Test("tokens: only hashes are stored; revoke once")
    func tokens() async throws {
        let (database, directory) = try temporaryDatabase()
        defer { try? FileManager.default.removeItem(at: directory) }
        let record = try await database.createToken(id: "t1", secretHash: Data([1, 2, 3]), role: "officer", pseudonym: nil, actor: .cli)
        #expect(try await database.activeToken(id: "t1")?.secretHash == Data([1, 2, 3]))
        #expect(try await database.tokens() == [record])
        #expect(try await database.revokeToken(id: "t1", actor: .cli))
        #expect(try await database.revokeToken(id: "t1", actor: .cli) == false)
        #expect(try await database.activeToken(id: "t1") == nil)
        #expect(try await database.auditEntries().map(\.action) == ["token.created", "token.revoked"])
    }
}
