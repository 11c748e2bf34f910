import Foundation
import Replication
import Testing

/// `erasure.purged`'s `modelsDeleted` (issue 16) as a peer might send it: only sorted, unique
/// 32-hex model ids are stored; anything else is `malformed`, and a certificate without the
/// field keeps the bytes it had before models existed.
@Suite("Purge certificate rules")
struct PurgeCertificateRulesTests {
    static let request = "er_" + String(repeating: "a", count: 32)
    static let model = String(repeating: "b", count: 32)

    func finding(_ models: [String]?) throws -> String? {
        let purged = ErasurePurged(requestId: Self.request, gateway: "gw-a", purgedAt: "2026-12-07T03:00:00Z", events: 3, modelsDeleted: models)
        return EventPayloadRules.finding(kind: .erasurePurged, payload: try EventPayloadCoding.encode(purged), origin: "gw-a", purposes: [])
    }

    @Test("valid lists pass; a malformed, unsorted, repeated, empty or oversized one is refused")
    func modelsDeleted() throws {
        #expect(try finding(nil) == nil)
        #expect(try finding([Self.model]) == nil)
        #expect(try finding([String(repeating: "a", count: 32), Self.model]) == nil)
        for bad in [
            [String](), ["not a model id"], [String(repeating: "B", count: 32)], [Self.model, Self.model],
            [Self.model, String(repeating: "a", count: 32)], [String(repeating: "b", count: 31)],
            (0...ErasurePurged.maximumModelsDeleted).map { String(format: "%032x", $0) },
        ] {
            #expect(try finding(bad) == "malformed", "\(bad.prefix(2))")
        }
    }

    @Test("a certificate without models has the bytes certificates had before the field existed")
    func bytesUnchanged() throws {
        let purged = ErasurePurged(requestId: Self.request, gateway: "gw-a", purgedAt: "2026-12-07T03:00:00Z", events: 3)
        let text = String(decoding: try EventPayloadCoding.encode(purged), as: UTF8.self)
        #expect(text == #"{"events":3,"gateway":"gw-a","purgedAt":"2026-12-07T03:00:00Z","requestId":"er_aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"}"#)
    }
}
