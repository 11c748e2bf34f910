import Foundation
import GRDB
import Testing

@testable import Storage

@Suite("Network figures in storage")
struct NetworkFiguresMigrationTests {
    @Test("v6-network-figures marks the contribution events whose stored payload names a followedPatternId")
    func backfill() async throws {
        let queue = try DatabaseQueue()
        try AppDatabase.migrator.migrate(queue, upTo: "v5-ranker")
        let following = #"{"record":{"followedPatternId":"0123456789abcdef0123456789abcdef","strategy":"rehost"}}"#
        let plain = #"{"record":{"strategy":"rehost"}}"#
        try await queue.write { db in
            for (seq, kind, payload) in [
                (1, "contribution.added", following as String?), (2, "contribution.added", plain), (3, "contribution.revised", following),
                (4, "contribution.added", nil),
            ] {
                try db.execute(
                    sql: """
                        INSERT INTO event(origin, seq, hlc_wall, hlc_logical, kind, causal_context, content_hash, payload)
                        VALUES ('gw-a', ?, 1, 0, ?, '{}', 'h', ?)
                        """, arguments: [seq, kind, payload.map { Data($0.utf8) }])
                try db.execute(
                    sql: """
                        INSERT INTO contribution_event(origin, seq, contribution_id, pseudonym, hlc_wall, hlc_logical)
                        VALUES ('gw-a', ?, 'c', 'p', 1, 0)
                        """, arguments: [seq])
            }
        }
        try AppDatabase.migrator.migrate(queue, upTo: "v6-network-figures")
        let followed = try await queue.read { db in
            try Int.fetchAll(db, sql: "SELECT seq FROM contribution_event WHERE followed = 1 ORDER BY seq")
        }
        // A stub (no payload) keeps 0: it is erased or quarantined and never counted.
        #expect(followed == [1, 3])
    }
}
