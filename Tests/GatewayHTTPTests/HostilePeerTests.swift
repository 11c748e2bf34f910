import Foundation
import GRDB
import Gateway
import GatewayTestSupport
import PatternCore
import Replication
import Storage
import Testing

/// A peer that holds the network key and its own identity key, and sends whatever it likes.
struct RoguePeer {
    let id: String
    let key = GatewaySigningKey()

    init(id: String = "gw-rogue") { self.id = id }

    /// Pins this peer's key at `gateway`, as a first contact would.
    func introduce(to gateway: PatternGateway) async throws {
        try await gateway.learnKeys([id: key.publicKeyHex], via: id)
    }

    /// `event` as sync carries it, signed with this peer's key (whatever origin it names).
    func signed(_ event: Event) -> SyncEvent {
        SyncEvent(event, signature: key.sign(event.id, contentHash: event.contentHash))
    }

    func event(
        seq: UInt64, kind: EventKind, payload: Data, hlc: HLCTimestamp? = nil, context: VersionVector = VersionVector(), origin: String? = nil
    ) -> Event {
        Event(
            id: EventID(origin: origin ?? id, seq: seq),
            hlc: hlc ?? HLCTimestamp(wallMillis: UInt64(Date().timeIntervalSince1970 * 1000), logical: 0),
            causalContext: context, kind: kind, payload: payload)
    }
}

/// Issue 13: each promise held against a peer with the network key (and its own identity key).
@Suite("Hostile peers", .serialized)
struct HostilePeerTests {
    static func pair() async throws -> (TestGateway, TestGateway, String) {
        let key = FileManager.default.temporaryDirectory.appendingPathComponent("pg-hostile-\(UUID().uuidString).key").path
        return (
            try await TestGateway.make(networkKeyFile: key, gatewayId: "gw-honest"),
            try await TestGateway.make(networkKeyFile: key, gatewayId: "gw-receiver"), key
        )
    }

    static func contribute(_ harness: TestGateway, migration: String = "m-1") async throws -> ContributePatternResponse {
        let principal = try await harness.gateway.authenticate(authorization: "Bearer \(harness.alpha)")
        _ = try await harness.gateway.changeConsent(principal, request: ConsentChangeRequest(action: "grant"))
        let request = try RequestDecoding.decode(ContributePatternRequest.self, from: JSONSerialization.data(withJSONObject: wordpress(migration)))
        return try await harness.gateway.contribute(principal, request: request)
    }

    /// Every event `from` holds, as its sync answer carries them (with its key directory).
    static func everything(_ from: PatternGateway) async throws -> SyncResponse {
        try await from.syncResponse(for: VersionVector())
    }

    /// `receiver` holds `honest`'s live contribution; then `honest` erases the deployment.
    /// Returns everything `honest` would send afterwards and its tombstone.
    static func erasedAfterSync(_ honest: TestGateway, _ receiver: TestGateway) async throws -> (SyncResponse, SyncEvent) {
        _ = try await contribute(honest)
        try await receiver.gateway.receive(try await receiver.gateway.accept(try await everything(honest.gateway)), from: "gw-honest")
        #expect(receiver.gateway.liveContributionCount == 1)
        let officer = try await honest.gateway.authenticate(authorization: "Bearer \(honest.officer)")
        _ = try await honest.gateway.requestErasure(officer, body: ErasureRequestBody(deploymentId: TestGateway.alphaId))
        let all = try await everything(honest.gateway)
        return (all, try #require(all.events.first { $0.kind == .erasureRequested }))
    }

    static func fileContains(_ harness: TestGateway, _ marker: String) throws -> Bool {
        let names = try FileManager.default.contentsOfDirectory(atPath: harness.directory.path)
        return try names.contains { name in
            let data = try Data(contentsOf: harness.directory.appendingPathComponent(name))
            return data.range(of: Data(marker.utf8)) != nil
        }
    }

    @Test("a tombstone relayed as a stub is refused, not counted, and the real copy still erases (finding 2)")
    func tombstoneStubCannotSuppressErasure() async throws {
        let (honest, receiver, key) = try await Self.pair()
        defer { honest.remove(); receiver.remove(); try? FileManager.default.removeItem(atPath: key) }
        let (all, tombstone) = try await Self.erasedAfterSync(honest, receiver)
        // The hostile relayer sends the tombstone (and the consent it ends) as stubs.
        let stubs = all.events.filter { $0.seq >= tombstone.seq - 1 }.map { event -> SyncEvent in
            var stub = event
            stub.payload = nil
            return stub
        }
        try await receiver.gateway.receive(stubs, from: "gw-rogue")
        #expect(receiver.gateway.liveContributionCount == 1)
        #expect(try await receiver.gateway.database.versionVector()["gw-honest"] == tombstone.seq - 2)
        let status = try await receiver.gateway.syncStatus()
        #expect(status.refusedEvents.contains { $0.reason == "stub_not_allowed" && $0.peer == "gw-rogue" })
        #expect(status.peers.first { $0.peer == "gw-rogue" }?.refused["stub_not_allowed"] == 2)
        // The honest copy arrives later: accepted and applied.
        try await receiver.gateway.receive(try await receiver.gateway.accept(all), from: "gw-honest")
        #expect(receiver.gateway.liveContributionCount == 0)
        #expect(try await receiver.gateway.database.stateDigest() == honest.gateway.database.stateDigest())
    }

    @Test("a contribution stub shows in the digest, and a full copy with its hash replaces it and goes live (finding 2)")
    func contributionStubIsFilled() async throws {
        let (honest, receiver, key) = try await Self.pair()
        defer { honest.remove(); receiver.remove(); try? FileManager.default.removeItem(atPath: key) }
        _ = try await Self.contribute(honest)
        let all = try await Self.everything(honest.gateway)
        let stubbed = all.events.map { event -> SyncEvent in
            var copy = event
            if copy.kind == .contributionAdded { copy.payload = nil }
            return copy
        }
        try await receiver.gateway.learnKeys(all.identities, via: "gw-rogue")
        try await receiver.gateway.receive(stubbed, from: "gw-rogue")
        #expect(receiver.gateway.liveContributionCount == 0)
        #expect(try await receiver.gateway.database.stateDigest() != honest.gateway.database.stateDigest())
        try await receiver.gateway.receive(try await receiver.gateway.accept(all), from: "gw-honest")
        #expect(receiver.gateway.liveContributionCount == 1)
        #expect(try await receiver.gateway.database.stateDigest() == honest.gateway.database.stateDigest())
    }

    @Test("free text in any field or unknown key of any event kind is refused or quarantined, and stored nowhere (finding 3)")
    func noInjection() async throws {
        let (_, receiver, key) = try await Self.pair()
        defer { receiver.remove(); try? FileManager.default.removeItem(atPath: key) }
        let rogue = RoguePeer()
        try await rogue.introduce(to: receiver.gateway)
        let marker = "Zebulon Quartermaine"
        let pseudonym = String(repeating: "ab", count: 32)
        let now = Timestamps.iso8601(Date())
        func json(_ object: [String: Any]) throws -> Data {
            try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes])
        }
        let consent: [String: Any] = [
            "pseudonym": pseudonym, "granted": true, "purposes": ["contribute"], "policyVersion": "2026-11-25", "actor": "self", "at": now,
        ]
        var payloads: [(EventKind, Data)] = []
        payloads.append((.consentChanged, try json(consent.merging(["note": marker]) { a, _ in a })))
        payloads.append((.consentChanged, try json(consent.merging(["actor": marker]) { _, b in b })))
        payloads.append((.consentChanged, try json(consent.merging(["policyVersion": marker]) { _, b in b })))
        payloads.append((.consentChanged, try json(consent.merging(["at": marker]) { _, b in b })))
        let tombstone: [String: Any] = [
            "requestId": "er_" + String(repeating: "0", count: 32), "pseudonym": pseudonym, "requestedAt": now, "purgeDueAt": now,
            "legalDeadline": now, "reason": "request",
        ]
        payloads.append((.erasureRequested, try json(tombstone.merging(["requestedAt": "2026-12-01 \(marker)"]) { _, b in b })))
        payloads.append((.erasureRequested, try json(tombstone.merging(["extra": marker]) { a, _ in a })))
        payloads.append(
            (
                .erasurePurged,
                try json(["requestId": "er_" + String(repeating: "1", count: 32), "gateway": "gw-rogue", "purgedAt": marker, "events": 1])
            ))
        payloads.append(
            (
                .erasurePurged,
                try json([
                    "requestId": "er_" + String(repeating: "2", count: 32), "gateway": "gw-rogue", "purgedAt": now, "events": 1,
                    "modelsDeleted": [marker],
                ])
            ))
        payloads.append((.gatewayRetired, try json(["gateway": "gw-old", "retiredAt": marker])))
        // The same valid value spelt differently (whitespace) is not canonical.
        payloads.append((.consentChanged, Data((String(decoding: try json(consent), as: UTF8.self) + " ").utf8)))
        var record = try #require(
            try JSONSerialization.jsonObject(
                with: EventPayloadCoding.encode(
                    ContributionRecord(
                        sourceCloud: .aws, targetCloud: .azure, resourceTypes: ["EC2"], strategy: .rehost,
                        steps: [MigrationStep(action: "create_vm", durationSeconds: 1, success: true)], successRate: 1, durationHours: 1,
                        costSavingsPercent: 0))) as? [String: Any])
        let patternId = PatternKey(sourceCloud: .aws, targetCloud: .azure, strategy: .rehost, resourceTypes: ["EC2"]).patternId
        record["comment"] = marker
        payloads.append(
            (
                .contributionAdded,
                try json([
                    "contributionId": String(repeating: "c", count: 64), "pseudonym": pseudonym, "patternId": patternId,
                    "requestDigest": String(repeating: "d", count: 64), "record": record,
                ])
            ))
        // The learned ranking's field (issue 16) is an id: free text there is malformed too.
        record["comment"] = nil
        record["followedPatternId"] = marker
        payloads.append(
            (
                .contributionAdded,
                try json([
                    "contributionId": String(repeating: "e", count: 64), "pseudonym": pseudonym, "patternId": patternId,
                    "requestDigest": String(repeating: "d", count: 64), "record": record,
                ])
            ))
        let events = payloads.enumerated().map { index, item in rogue.signed(rogue.event(seq: UInt64(index + 1), kind: item.0, payload: item.1)) }
        try await receiver.gateway.receive(events, from: rogue.id)
        let status = try await receiver.gateway.syncStatus()
        #expect(status.refusedEvents.reduce(0) { $0 + $1.events } == payloads.count - 2)
        #expect(status.quarantinedEvents == 2)
        #expect(try await receiver.gateway.database.activePurposes(pseudonym: pseudonym).isEmpty)
        #expect(try await receiver.gateway.database.versionVector()["gw-rogue"] == 0)
        _ = try await receiver.gateway.database.writer.writeWithoutTransaction { try $0.checkpoint(.truncate) }
        #expect(try !Self.fileContains(receiver, marker))
        #expect(try !Self.fileContains(receiver, "Zebulon"))
    }

    @Test("seq 2^63, a vector entry of UInt64.max and a clock counter near UInt32.max are refused without a trap (finding 4)")
    func boundedNumbers() async throws {
        let (honest, receiver, key) = try await Self.pair()
        defer { honest.remove(); receiver.remove(); try? FileManager.default.removeItem(atPath: key) }
        let rogue = RoguePeer()
        try await rogue.introduce(to: receiver.gateway)
        let payload = try EventPayloadCoding.encode(GatewayRetired(gateway: "gw-old", retiredAt: Timestamps.iso8601(Date())))
        let now = UInt64(Date().timeIntervalSince1970 * 1000)
        let poisoned = [
            rogue.signed(rogue.event(seq: 1 << 63, kind: .gatewayRetired, payload: payload)),
            rogue.signed(rogue.event(seq: 1, kind: .gatewayRetired, payload: payload, context: VersionVector(["gw-rogue": .max]))),
            rogue.signed(
                rogue.event(seq: 2, kind: .gatewayRetired, payload: payload, hlc: HLCTimestamp(wallMillis: now + 120_000, logical: .max - 2))),
        ]
        try await receiver.gateway.receive(poisoned, from: rogue.id)
        let status = try await receiver.gateway.syncStatus()
        #expect(status.refusedEvents.first { $0.reason == "out_of_bounds" }?.events == 3)
        // The clock was not poisoned: local events still get stamps, and sync still works.
        _ = try await Self.contribute(receiver)
        await #expect(throws: GatewayError.self) {
            _ = try await receiver.gateway.handleSync(
                SyncRequest(from: rogue.id, vector: VersionVector(["gw-rogue": .max]), events: [], policyHash: ""))
        }
        // A clock that reaches the logical bound advances its wall part instead of overflowing.
        var clock = HybridLogicalClock(last: HLCTimestamp(wallMillis: now, logical: WireBounds.maximumLogical))
        #expect(clock.tick(physicalMillis: now) == HLCTimestamp(wallMillis: now + 1, logical: 0))
    }

    @Test("an event forged under another origin is refused without taking its slot or halting sync; a replaced key is refused and shown (finding 7)")
    func forgedOrigin() async throws {
        let (honest, receiver, key) = try await Self.pair()
        defer { honest.remove(); receiver.remove(); try? FileManager.default.removeItem(atPath: key) }
        let (all, tombstone) = try await Self.erasedAfterSync(honest, receiver)
        // The rogue takes the tombstone's slot with a harmless event of its own, signed with its own key.
        let rogue = RoguePeer()
        try await rogue.introduce(to: receiver.gateway)
        let squat = rogue.signed(
            rogue.event(
                seq: tombstone.seq, kind: .gatewayRetired,
                payload: try EventPayloadCoding.encode(GatewayRetired(gateway: "gw-old", retiredAt: Timestamps.iso8601(Date()))), origin: "gw-honest")
        )
        var unsigned = squat
        unsigned.signature = nil
        try await receiver.gateway.receive([squat, unsigned], from: rogue.id)
        let status = try await receiver.gateway.syncStatus()
        #expect(status.refusedEvents.contains { $0.reason == "signature_invalid" })
        #expect(status.refusedEvents.contains { $0.reason == "signature_missing" })
        // A key directory that names another key for a pinned gateway is refused and shown.
        try await receiver.gateway.learnKeys(["gw-honest": rogue.key.publicKeyHex], via: rogue.id)
        #expect(try await receiver.gateway.syncStatus().keyConflicts.contains { $0.gateway == "gw-honest" && $0.reportedBy == rogue.id })
        await #expect(throws: GatewayError.self) {
            _ = try await receiver.gateway.authenticatePeer(
                gateway: "gw-honest", keyHex: rogue.key.publicKeyHex, signatureHex: rogue.key.signatureHex(for: [1, 2, 3]), message: [1, 2, 3])
        }
        // A request signed by one gateway cannot speak for another.
        await #expect(throws: GatewayError.self) {
            _ = try await receiver.gateway.handleSync(
                SyncRequest(from: "gw-honest", vector: VersionVector(), events: [], policyHash: ""), sender: PeerSender(id: rogue.id, pinned: true))
        }
        // The real tombstone still arrives and erases; no halt.
        try await receiver.gateway.receive(try await receiver.gateway.accept(all), from: "gw-honest")
        #expect(receiver.gateway.liveContributionCount == 0)
        #expect(try await receiver.gateway.syncStatus().peers.allSatisfy { $0.halted == nil })
        #expect(try await receiver.gateway.database.stateDigest() == honest.gateway.database.stateDigest())
    }

    @Test("secrets and the database are 0600 from creation; an older data dir is tightened at start (finding 8)")
    func fileModes() async throws {
        let harness = try await TestGateway.make()
        defer { harness.remove() }
        func mode(_ name: String) throws -> Int {
            try (FileManager.default.attributesOfItem(atPath: harness.directory.appendingPathComponent(name).path)[.posixPermissions] as? Int) ?? -1
        }
        #expect(try mode("") == 0o700)
        for name in ["patterngate.sqlite", "network.key", "identity.key", "audit-signing.key"] { #expect(try mode(name) == 0o600, "\(name)") }
        // An older version left the dir 0755 and the database 0644.
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: harness.directory.path)
        try FileManager.default.setAttributes(
            [.posixPermissions: 0o644], ofItemAtPath: harness.directory.appendingPathComponent("patterngate.sqlite").path)
        _ = try await DataDirectory(path: harness.directory.path).open(networkKeyFile: nil, gatewayId: nil)
        #expect(try mode("") == 0o700)
        #expect(try mode("patterngate.sqlite") == 0o600)
    }
}
