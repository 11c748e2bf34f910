import Foundation
package import GRDB
package import Replication

/// The gateway's SQLite database: one `Sendable` value over a GRDB writer.
///
/// WAL, `auto_vacuum=INCREMENTAL` from creation (so purged pages can be returned in chunks)
/// and `secure_delete=ON` on every connection (so deleted payload bytes are overwritten).
/// GRDB keeps statement arguments out of error descriptions by default; we never enable them.
package struct AppDatabase: Sendable {
    package let writer: any DatabaseWriter
    /// This gateway's identity key: every event made here is signed with it. Set once the
    /// data dir's key is loaded (`DataDirectory.open`); nil only in storage tests.
    package var eventSigner: GatewaySigningKey?

    package init(_ writer: any DatabaseWriter) throws {
        self.writer = writer
        try Self.migrator.migrate(writer)
    }

    /// Opens (creating if needed) the database file at `path` in WAL mode.
    package static func open(path: String) throws -> AppDatabase {
        try AppDatabase(DatabasePool(path: path, configuration: configuration()))
    }

    /// An in-memory database for tests of the storage rules (no WAL in memory).
    package static func inMemory() throws -> AppDatabase {
        try AppDatabase(DatabaseQueue(configuration: configuration()))
    }

    static func configuration() -> Configuration {
        var config = Configuration()
        // Another process (`token create` while `serve` runs) waits instead of failing.
        config.busyMode = .timeout(10)
        config.prepareDatabase { db in
            if !db.configuration.readonly {
                // Takes effect only before the first table exists, which is what we want.
                try db.execute(sql: "PRAGMA auto_vacuum = INCREMENTAL")
            }
            try db.execute(sql: "PRAGMA secure_delete = ON")
        }
        return config
    }

    /// Runs `body` in one write transaction (BEGIN IMMEDIATE): its changes and audit rows commit together.
    /// The kind is explicit: the signed audit log's appends read the tree frontier inside this
    /// transaction, and an immediate one takes SQLite's write lock at BEGIN, so two processes on
    /// one data dir (`serve` and `token create`) append one after the other and cannot fork the log.
    package func write<T: Sendable>(_ body: @escaping @Sendable (Database) throws -> T) async throws -> T {
        try await writer.writeWithoutTransaction { db in
            var result: T?
            try db.inTransaction(.immediate) {
                result = try body(db)
                return .commit
            }
            return result!
        }
    }

    package func read<T: Sendable>(_ body: @escaping @Sendable (Database) throws -> T) async throws -> T {
        try await writer.read(body)
    }
}
