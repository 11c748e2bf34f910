package import Foundation
import GRDB
package import Replication

/// A learned-ranking model as stored: its card (JSON), its bytes, and whether search uses it.
/// Models are local to a gateway (each trains on its own replica); they never replicate.
package struct StoredRankerModel: Sendable, Hashable {
    package var modelId: String
    package var card: Data
    package var model: Data
    package var active: Bool
    /// Every contribution whose data entered the model (docs/ranking.md#forgetting).
    package var trainingSet: [String]
    /// The events (origin, seq) of the versions training read, to check at store time that
    /// none was erased meanwhile (a contribution id can be live again through a later event).
    package var trainingEvents: [EventID]
    /// The private network the model trained in and serves (issue 18); nil: the global one.
    package var network: String?

    package init(
        modelId: String, card: Data, model: Data, active: Bool, trainingSet: [String], trainingEvents: [EventID] = [], network: String? = nil
    ) {
        self.network = network
        self.modelId = modelId
        self.card = card
        self.model = model
        self.active = active
        self.trainingSet = trainingSet
        self.trainingEvents = trainingEvents
    }
}

/// Why a model could not be stored.
package enum RankerStoreOutcome: Sendable, Hashable {
    case stored
    /// A contribution of the training set was erased while the model trained: storing it
    /// would keep data an erasure has already removed.
    case trainingDataErased
}

extension AppDatabase {
    /// Learned ranking (issue 16): models, the contributions each trained on (so a tombstone
    /// finds them), and which erasure request deleted which model (for `erasure.purged`).
    static func registerRankerMigrations(_ migrator: inout DatabaseMigrator) {
        migrator.registerMigration("v5-ranker") { db in
            try db.execute(
                sql: """
                    CREATE TABLE ranker_model (
                        model_id TEXT PRIMARY KEY,
                        card BLOB NOT NULL,
                        model BLOB NOT NULL,
                        active INTEGER NOT NULL,
                        trained_at TEXT NOT NULL
                    ) WITHOUT ROWID;
                    CREATE TABLE ranker_training (
                        contribution_id TEXT NOT NULL,
                        model_id TEXT NOT NULL REFERENCES ranker_model(model_id) ON DELETE CASCADE,
                        PRIMARY KEY (contribution_id, model_id)
                    ) WITHOUT ROWID;
                    CREATE INDEX ranker_training_model ON ranker_training(model_id);
                    -- Models deleted because an erasure request covered their training data.
                    CREATE TABLE ranker_deletion (
                        request_id TEXT NOT NULL,
                        model_id TEXT NOT NULL,
                        deleted_at TEXT NOT NULL,
                        PRIMARY KEY (request_id, model_id)
                    ) WITHOUT ROWID;
                    -- The models a gateway's erasure.purged names (a JSON list of model ids).
                    ALTER TABLE erasure_purge ADD COLUMN models_deleted TEXT;
                    """)
        }
    }

    /// A model's network (issue 18): each network has its own active model (NULL: the global one).
    static func registerRankerNetworkMigration(_ migrator: inout DatabaseMigrator) {
        migrator.registerMigration("v8-ranker-networks") { db in
            try db.execute(sql: "ALTER TABLE ranker_model ADD COLUMN network TEXT")
        }
    }

    /// Stores a trained model with its audit entry, in one transaction. When `active`, it
    /// replaces the active one. Refused when any event training read was erased meanwhile, or
    /// any contribution of its training set is no longer live. Keeps at most
    /// `keptInactiveModels` inactive models besides the active one (older ones are deleted,
    /// audited as retired), so an erasure's certificate can always list what it deleted.
    /// `onCommit` runs after the commit in the writer's order, before any later tombstone's.
    package func storeRankerModel(
        _ model: StoredRankerModel, trainedAt: String, audit: AuditRecord, onCommit: @escaping @Sendable () -> Void = {}
    ) async throws -> RankerStoreOutcome {
        try await write { db in
            let read = try db.cachedStatement(sql: "SELECT erased_by IS NULL FROM contribution_event WHERE origin = ? AND seq = ?")
            for event in model.trainingEvents {
                guard try Bool.fetchOne(read, arguments: [event.origin, Int64(event.seq)]) == true else { return .trainingDataErased }
            }
            for (chunk, placeholders) in model.trainingSet.sqlInLists {
                let live =
                    try Int.fetchOne(
                        db,
                        sql: """
                            SELECT COUNT(*) FROM contribution c JOIN contribution_event ce ON ce.origin = c.origin AND ce.seq = c.seq
                            WHERE c.contribution_id IN (\(placeholders)) AND ce.erased_by IS NULL
                            """, arguments: StatementArguments(chunk)) ?? 0
                if live != chunk.count { return .trainingDataErased }
            }
            if model.active {
                try db.execute(sql: "UPDATE ranker_model SET active = 0 WHERE active = 1 AND network IS ?", arguments: [model.network])
            }
            try db.execute(
                sql: "INSERT OR REPLACE INTO ranker_model(model_id, card, model, active, trained_at, network) VALUES (?, ?, ?, ?, ?, ?)",
                arguments: [model.modelId, model.card, model.model, model.active ? 1 : 0, trainedAt, model.network])
            let insert = try db.cachedStatement(sql: "INSERT OR IGNORE INTO ranker_training(contribution_id, model_id) VALUES (?, ?)")
            for contributionId in model.trainingSet { try insert.execute(arguments: [contributionId, model.modelId]) }
            try AuditWriter.append(db, audit)
            let retired = try String.fetchAll(
                db,
                sql:
                    "SELECT model_id FROM ranker_model WHERE active = 0 AND network IS ? ORDER BY trained_at DESC, model_id DESC LIMIT -1 OFFSET ?",
                arguments: [model.network, Self.keptInactiveModels])
            for modelId in retired {
                try RankerForgetting.deleteModel(db, modelId)
                try AuditWriter.append(db, AuditRecord(actor: .system, action: "ranker.model_retired", details: ["model": .text(modelId)]))
            }
            db.afterNextTransaction(onCommit: { _ in onCommit() })
            return .stored
        }
    }

    /// Inactive models kept besides the active one: the officer's recent runs, for their cards.
    package static let keptInactiveModels = 4

    /// The model search uses in `network` (nil: the global one), if any.
    package func activeRankerModel(network: String? = nil) async throws -> StoredRankerModel? {
        try await read { db in
            guard
                let row = try Row.fetchOne(
                    db, sql: "SELECT model_id, card, model FROM ranker_model WHERE active = 1 AND network IS ?", arguments: [network])
            else { return nil }
            let id: String = row[0]
            let trainingSet = try String.fetchAll(
                db, sql: "SELECT contribution_id FROM ranker_training WHERE model_id = ? ORDER BY contribution_id", arguments: [id])
            return StoredRankerModel(modelId: id, card: row[1], model: row[2], active: true, trainingSet: trainingSet, network: network)
        }
    }

    /// Stops a model from serving (kept, inactive), with its audit entry.
    package func deactivateRankerModel(_ modelId: String, audit: AuditRecord) async throws {
        try await write { db in
            try db.execute(sql: "UPDATE ranker_model SET active = 0 WHERE model_id = ?", arguments: [modelId])
            try AuditWriter.append(db, audit)
        }
    }

    /// The active model's id in `network` (nil: the global one), if any.
    package func activeRankerModelId(network: String? = nil) async throws -> String? {
        try await read {
            try String.fetchOne($0, sql: "SELECT model_id FROM ranker_model WHERE active = 1 AND network IS ?", arguments: [network])
        }
    }

    /// How many models erasures have deleted here so far.
    package func rankerDeletionCount() async throws -> Int {
        try await read { try Int.fetchOne($0, sql: "SELECT COUNT(*) FROM ranker_deletion") ?? 0 }
    }

    /// Every stored model's id and card, newest first.
    package func rankerCards() async throws -> [(modelId: String, card: Data, active: Bool)] {
        try await read { db in
            try Row.fetchAll(db, sql: "SELECT model_id, card, active FROM ranker_model ORDER BY trained_at DESC, model_id").map {
                (modelId: $0[0], card: $0[1], active: ($0[2] as Int64) == 1)
            }
        }
    }

    /// Whether any of `contributionIds` trained the active model, and its id.
    package func activeModelTrained(onAnyOf contributionIds: [String]) async throws -> (inActiveModel: Bool, modelId: String?) {
        try await read { db in
            guard let active = try String.fetchOne(db, sql: "SELECT model_id FROM ranker_model WHERE active = 1 AND network IS NULL") else {
                return (false, nil)
            }
            for (chunk, placeholders) in contributionIds.sqlInLists {
                if try Bool.fetchOne(
                    db, sql: "SELECT 1 FROM ranker_training WHERE model_id = ? AND contribution_id IN (\(placeholders)) LIMIT 1",
                    arguments: StatementArguments([active] + chunk)) == true
                {
                    return (true, active)
                }
            }
            return (false, active)
        }
    }

    /// The models an erasure request deleted on this gateway, sorted.
    static func modelsDeleted(_ db: Database, requestId: String) throws -> [String] {
        try String.fetchAll(
            db.cachedStatement(sql: "SELECT model_id FROM ranker_deletion WHERE request_id = ? ORDER BY model_id"), arguments: [requestId])
    }
}

/// Forgetting, inside the transaction that applies a tombstone (local or received): every
/// stored model whose training set holds a covered contribution is deleted there and then
/// (rows overwritten by `secure_delete`; the WAL is truncated after the commit), recorded
/// against the request, and audited with ids only.
enum RankerForgetting {
    /// Returns the ids of the models deleted.
    @discardableResult
    static func forget(_ db: Database, contributionIds: [String], requestId: String) throws -> [String] {
        guard !contributionIds.isEmpty,
            try Bool.fetchOne(db.cachedStatement(sql: "SELECT 1 FROM ranker_model LIMIT 1")) == true
        else { return [] }
        var models = Set<String>()
        for (chunk, placeholders) in contributionIds.sqlInLists {
            models.formUnion(
                try String.fetchAll(
                    db, sql: "SELECT DISTINCT model_id FROM ranker_training WHERE contribution_id IN (\(placeholders))",
                    arguments: StatementArguments(chunk)))
        }
        let now = Timestamps.iso8601(Date())
        for modelId in models.sorted() {
            let wasActive =
                try Bool.fetchOne(
                    db.cachedStatement(sql: "SELECT active = 1 FROM ranker_model WHERE model_id = ?"), arguments: [modelId]) ?? false
            try deleteModel(db, modelId)
            try db.execute(
                sql: "INSERT OR IGNORE INTO ranker_deletion(request_id, model_id, deleted_at) VALUES (?, ?, ?)",
                arguments: [requestId, modelId, now])
            try AuditWriter.append(
                db,
                AuditRecord(
                    actor: .system, action: "ranker.model_deleted",
                    details: ["model": .text(modelId), "request": .text(requestId), "wasActive": .text(wasActive ? "true" : "false")]))
        }
        return models.sorted()
    }

    /// A model's rows, gone (`secure_delete` overwrites their pages): the one deletion both
    /// forgetting and retirement use.
    static func deleteModel(_ db: Database, _ modelId: String) throws {
        try db.execute(sql: "DELETE FROM ranker_training WHERE model_id = ?", arguments: [modelId])
        try db.execute(sql: "DELETE FROM ranker_model WHERE model_id = ?", arguments: [modelId])
    }
}

extension Array where Element == String {
    /// Slices of at most 500 ids, each with its `?,?,…` list for an `IN (…)`: SQLite's
    /// bound-parameter limit.
    var sqlInLists: [(ids: [String], placeholders: String)] {
        stride(from: 0, to: count, by: 500).map { start in
            let ids = Array(self[start..<Swift.min(start + 500, count)])
            return (ids, Array(repeating: "?", count: ids.count).joined(separator: ","))
        }
    }
}
