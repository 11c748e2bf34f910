import Foundation
import GRDB
import PatternCore
import Replication
import Storage
import TestSupport
import Testing

/// Model storage (issue 16): a model is refused when a version it read was erased while it
/// trained (even if its contribution id is live again), and only a few inactive models are
/// kept, so an erasure's certificate can list every model it deletes.
@Suite("Ranker store")
struct RankerStoreTests {
    static func model(_ id: String, active: Bool, trainingSet: [String], events: [EventID] = []) -> StoredRankerModel {
        StoredRankerModel(
            modelId: id, card: Data("{}".utf8), model: Data("model \(id)".utf8), active: active, trainingSet: trainingSet, trainingEvents: events)
    }

    @Test("a version read by training and erased since refuses the store; untouched ones store")
    func erasedVersionRefused() async throws {
        let (database, directory) = try temporaryDatabase()
        defer { try? FileManager.default.removeItem(at: directory) }
        let clock = TestClock()
        try await grant(database, "p1", clock: clock)
        let items = ["c1", "c2"].map { PendingContribution(contributionId: $0, pseudonym: "p1", requestDigest: "d-\($0)", record: sampleRecord) }
        _ = try await database.storeContributions(
            items, origin: "gw-a", requiredPurpose: "contribute", actor: AuditActor(role: "deployment", id: "p1"), stamp: { clock.stamp() },
            onCommit: { _ in })
        let events = [EventID(origin: "gw-a", seq: 2), EventID(origin: "gw-a", seq: 3)]
        let audit = AuditRecord(actor: .system, action: "ranker.trained")
        // The version c1 was read at is marked erased (as a tombstone that arrived mid-training
        // would), while c1 itself stays in the live table (a later event could revive it).
        try await database.writer.write { db in
            try db.execute(sql: "UPDATE contribution_event SET erased_by = 'er_x' WHERE origin = 'gw-a' AND seq = 2")
        }
        let refused = try await database.storeRankerModel(
            Self.model(String(repeating: "a", count: 32), active: true, trainingSet: ["c1", "c2"], events: events), trainedAt: "t1", audit: audit)
        #expect(refused == .trainingDataErased)
        #expect(try await database.activeRankerModelId() == nil)
        let stored = try await database.storeRankerModel(
            Self.model(String(repeating: "b", count: 32), active: true, trainingSet: ["c2"], events: [events[1]]), trainedAt: "t2", audit: audit)
        #expect(stored == .stored)
        #expect(try await database.activeRankerModelId() == String(repeating: "b", count: 32))
    }

    @Test("at most keptInactiveModels inactive models are kept besides the active one; the rest retire, audited")
    func inactiveModelsRetire() async throws {
        let (database, directory) = try temporaryDatabase()
        defer { try? FileManager.default.removeItem(at: directory) }
        let audit = AuditRecord(actor: .system, action: "ranker.trained")
        _ = try await database.storeRankerModel(
            Self.model(String(repeating: "0", count: 32), active: true, trainingSet: []), trainedAt: "t00", audit: audit)
        for index in 1...8 {
            let id = String(format: "%032x", index)
            _ = try await database.storeRankerModel(
                Self.model(id, active: false, trainingSet: []), trainedAt: String(format: "t%02d", index), audit: audit)
        }
        let cards = try await database.rankerCards()
        #expect(cards.count == AppDatabase.keptInactiveModels + 1)
        #expect(cards.filter(\.active).map(\.modelId) == [String(repeating: "0", count: 32)])
        #expect(Set(cards.filter { !$0.active }.map(\.modelId)) == Set((5...8).map { String(format: "%032x", $0) }))
        let retired = try await database.auditEntries().filter { $0.action == "ranker.model_retired" }.count
        #expect(retired == 4)
    }
}
