import AuditLog
import Foundation
import PatternCore
import Replication
import Storage
import Testing

@testable import Gateway

/// Bytes that are hashed or signed, pinned (issue 15, item 5): audit lines, every event
/// payload kind, content hashes, and a sync message. Any change to a hand-written coder, or a
/// move back to Foundation's, must leave these exactly as they are, or every gateway's
/// hashes, signatures and digests would change under its peers.
@Suite("Golden bytes")
struct GoldenBytesTests {
    static let at = "2026-12-07T03:00:00.000Z"
    static let record = ContributionRecord(
        sourceCloud: .aws, targetCloud: .azure, sourceRegion: "eu-west-1", resourceTypes: ["EC2", "RDS"], strategy: .replatform,
        steps: [
            MigrationStep(action: "replicate_db", durationSeconds: 7200.5, success: false, errorMessage: "quota \"exceeded\" / ünï\n"),
            MigrationStep(action: "cutover_dns", durationSeconds: 600, success: true),
        ],
        successRate: 0.95, durationHours: 6, costSavingsPercent: -12.25)

    static func text(_ data: Data) -> String { String(decoding: data, as: UTF8.self) }

    /// Every payload kind, as `EventPayloadCoding` writes it.
    static func payloads() throws -> [(EventKind, Data)] {
        var followed = record
        followed.followedPatternId = String(repeating: "f", count: 32)
        let added = ContributionAdded(
            contributionId: String(repeating: "a", count: 64), pseudonym: String(repeating: "b", count: 64),
            patternId: record.patternKey.patternId, requestDigest: String(repeating: "c", count: 64), record: record)
        var addedFollowing = added
        addedFollowing.record = followed
        return [
            (.contributionAdded, try EventPayloadCoding.encode(added)),
            (.contributionRevised, try EventPayloadCoding.encode(addedFollowing)),
            (
                .consentChanged,
                try EventPayloadCoding.encode(
                    ConsentChanged(
                        pseudonym: String(repeating: "b", count: 64), granted: true, purposes: ["contribute"], policyVersion: "2026-11-25",
                        actor: "self", at: at))
            ),
            (
                .erasureRequested,
                try EventPayloadCoding.encode(
                    ErasureTombstone(
                        requestId: "er_" + String(repeating: "1", count: 32), pseudonym: String(repeating: "b", count: 64), contributionId: nil,
                        requestedAt: at, purgeDueAt: "2027-01-06T03:00:00.000Z", legalDeadline: "2027-01-06T03:00:00.000Z", reason: "request"))
            ),
            (
                .erasurePurged,
                try EventPayloadCoding.encode(
                    ErasurePurged(
                        requestId: "er_" + String(repeating: "1", count: 32), gateway: "gw-a", purgedAt: at, events: 2))
            ),
            (
                .erasurePurged,
                try EventPayloadCoding.encode(
                    ErasurePurged(
                        requestId: "er_" + String(repeating: "1", count: 32), gateway: "gw-a", purgedAt: at, events: 2,
                        modelsDeleted: [String(repeating: "d", count: 32)]))
            ),
            (.gatewayRetired, try EventPayloadCoding.encode(GatewayRetired(gateway: "gw-old", retiredAt: at))),
            (
                .erasureAttested,
                try EventPayloadCoding.encode(
                    ErasureAttested(
                        requestId: "er_" + String(repeating: "1", count: 32), gateway: "gw-old", attestedAt: at, reason: "disks shredded"))
            ),
            (
                .tokenIssued,
                try EventPayloadCoding.encode(
                    TokenIssued(
                        tokenId: "0123456789abcdef", role: "deployment", secretHash: String(repeating: "e", count: 64),
                        pseudonym: String(repeating: "b", count: 64), createdAt: at))
            ),
            (.tokenRevoked, try EventPayloadCoding.encode(TokenRevoked(tokenId: "0123456789abcdef", revokedAt: at))),
            (
                .tokenIssued,
                try EventPayloadCoding.encode(
                    TokenIssued(
                        tokenId: "0123456789abcdef", role: "deployment", secretHash: String(repeating: "e", count: 64),
                        pseudonym: String(repeating: "b", count: 64), createdAt: at, plan: "pro"))
            ),
            (.tokenPlanChanged, try EventPayloadCoding.encode(TokenPlanChanged(tokenId: "0123456789abcdef", plan: "enterprise", changedAt: at))),
        ]
    }

    /// (kind, content hash at a fixed clock and context, payload), pinned on 2026-12-07.
    static let pinned: [(String, String, String)] = [
        (
            "contribution.added", "64b89d966a0c5dac8efd32c38942fa90ff5e23ad791c7ada05cb26e2173940da",
            #"{"contributionId":"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa","patternId":"92ee302265941bdbd1c0181cb77d96f6","pseudonym":"bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb","record":{"costSavingsPercent":-12.25,"durationHours":6,"resourceTypes":["EC2","RDS"],"sourceCloud":"aws","sourceRegion":"eu-west-1","steps":[{"action":"replicate_db","durationSeconds":7200.5,"errorMessage":"quota \"exceeded\" / ünï\n","success":false},{"action":"cutover_dns","durationSeconds":600,"success":true}],"strategy":"replatform","successRate":0.95,"targetCloud":"azure"},"requestDigest":"cccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccc"}"#
        ),
        (
            "contribution.revised", "c60dea0b194052f8c9e89ac50089f516b765ec9d86a9cbc413c4024f5dd1f987",
            #"{"contributionId":"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa","patternId":"92ee302265941bdbd1c0181cb77d96f6","pseudonym":"bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb","record":{"costSavingsPercent":-12.25,"durationHours":6,"followedPatternId":"ffffffffffffffffffffffffffffffff","resourceTypes":["EC2","RDS"],"sourceCloud":"aws","sourceRegion":"eu-west-1","steps":[{"action":"replicate_db","durationSeconds":7200.5,"errorMessage":"quota \"exceeded\" / ünï\n","success":false},{"action":"cutover_dns","durationSeconds":600,"success":true}],"strategy":"replatform","successRate":0.95,"targetCloud":"azure"},"requestDigest":"cccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccc"}"#
        ),
        (
            "consent.changed", "719760810df8ed9a324a0c3c3fea26846aeb9ff292394643308c40ba484e58c9",
            #"{"actor":"self","at":"2026-12-07T03:00:00.000Z","granted":true,"policyVersion":"2026-11-25","pseudonym":"bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb","purposes":["contribute"]}"#
        ),
        (
            "erasure.requested", "49bd5e754a83d43e56d99fbff0fd8a81ed7482973de383c6f8d09907553696ac",
            #"{"legalDeadline":"2027-01-06T03:00:00.000Z","pseudonym":"bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb","purgeDueAt":"2027-01-06T03:00:00.000Z","reason":"request","requestId":"er_11111111111111111111111111111111","requestedAt":"2026-12-07T03:00:00.000Z"}"#
        ),
        (
            "erasure.purged", "dd34286f2d4343e31ffb22fd71df138549bb1214b649737cf9bfe72696accc30",
            #"{"events":2,"gateway":"gw-a","purgedAt":"2026-12-07T03:00:00.000Z","requestId":"er_11111111111111111111111111111111"}"#
        ),
        (
            "erasure.purged", "40410aff1d5ea5ba67ac531246ea628118ece94dca58347add91636279e5b851",
            #"{"events":2,"gateway":"gw-a","modelsDeleted":["dddddddddddddddddddddddddddddddd"],"purgedAt":"2026-12-07T03:00:00.000Z","requestId":"er_11111111111111111111111111111111"}"#
        ),
        (
            "gateway.retired", "273eef1cc63e9da2095f999cdfbfb91547849dca9a1d51c98b1593cf593d3231",
            #"{"gateway":"gw-old","retiredAt":"2026-12-07T03:00:00.000Z"}"#
        ),
        (
            "erasure.attested", "68cbaf9be7a1e436f6abf86fc8d435811b7f9ee99a197df845151c2752a13962",
            #"{"attestedAt":"2026-12-07T03:00:00.000Z","gateway":"gw-old","reason":"disks shredded","requestId":"er_11111111111111111111111111111111"}"#
        ),
        (
            "token.issued", "3f61b848f3a2e815c1a78ef875ca28205b79643df3c99ac8f35967e2851c3b79",
            #"{"createdAt":"2026-12-07T03:00:00.000Z","pseudonym":"bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb","role":"deployment","secretHash":"eeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeee","tokenId":"0123456789abcdef"}"#
        ),
        (
            "token.revoked", "32afc4e6bae6bbba3a47ff0b7bcf74a4bb9e1e4ef4884ac3e2e44fc82c79a0cd",
            #"{"revokedAt":"2026-12-07T03:00:00.000Z","tokenId":"0123456789abcdef"}"#
        ),
        // Issue 17: plans (a token issued with a plan; a plan change), pinned on 2026-12-07.
        (
            "token.issued", "7b278c21957e40d49aa0fe9010fa8935397b1e45cb4afb623ec5ee38145688ed",
            #"{"createdAt":"2026-12-07T03:00:00.000Z","plan":"pro","pseudonym":"bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb","role":"deployment","secretHash":"eeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeee","tokenId":"0123456789abcdef"}"#
        ),
        (
            "token.plan_changed", "bd435ab8e34de31a21dfa85b618039885da9576ff699a1931ac8ee4649a826f1",
            #"{"changedAt":"2026-12-07T03:00:00.000Z","plan":"enterprise","tokenId":"0123456789abcdef"}"#
        ),
    ]

    @Test("every event payload kind and its content hash are the pinned bytes")
    func eventPayloads() throws {
        let payloads = try Self.payloads()
        #expect(payloads.count == Self.pinned.count)
        for ((kind, payload), (pinnedKind, pinnedHash, pinnedPayload)) in zip(payloads, Self.pinned) {
            #expect(kind.rawValue == pinnedKind)
            #expect(Self.text(payload) == pinnedPayload, "\(kind.rawValue)")
            let hash = Event.contentHash(
                hlc: HLCTimestamp(wallMillis: 1_765_076_400_000, logical: 3), causalContext: VersionVector(["gw-a": 7]), kind: kind,
                payload: payload)
            #expect(hash == pinnedHash, "\(kind.rawValue)")
            // The hand-written contribution writer gives the same bytes.
            if kind == .contributionAdded || kind == .contributionRevised {
                let added = try EventPayloadCoding.decode(ContributionAdded.self, from: payload)
                #expect(CanonicalContribution.bytes(added).map { Data($0) } == payload)
            }
        }
    }

    @Test("an audit entry's canonical line is the pinned bytes")
    func auditLine() throws {
        let entry = try AuditEntry(
            seq: 41, time: Self.at, actorRole: "officer", actorId: "tok_0123", action: "erasure.purged",
            subject: String(repeating: "b", count: 64),
            details: ["request": .text("er_" + String(repeating: "1", count: 32)), "events": .count(2), "modelsDeleted": .list(["dd", "ee"])])
        #expect(String(decoding: entry.canonicalLine(), as: UTF8.self) == Self.pinnedAuditLine)
        #expect(try AuditEntry(line: entry.canonicalLine()) == entry)
    }

    static let pinnedAuditLine =
        #"{"action":"erasure.purged","actor":{"id":"tok_0123","role":"officer"},"details":{"events":2,"modelsDeleted":["dd","ee"],"request":"er_11111111111111111111111111111111"},"seq":41,"subject":"bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb","time":"2026-12-07T03:00:00.000Z"}"#

    @Test("a sync request's bytes are the pinned bytes")
    func syncMessage() throws {
        let (kind, payload) = try Self.payloads()[2]
        let event = Event(
            id: EventID(origin: "gw-a", seq: 7), hlc: HLCTimestamp(wallMillis: 1_765_076_400_000, logical: 3),
            causalContext: VersionVector(["gw-a": 6]), kind: kind, payload: payload)
        let request = SyncRequest(
            from: "gw-a", vector: VersionVector(["gw-a": 7, "gw-b": 2]), events: [SyncEvent(event, signature: String(repeating: "9", count: 128))],
            policyHash: String(repeating: "7", count: 64))
        #expect(Self.text(try SyncCoding.encode(request)) == Self.pinnedSyncRequest)
    }

    static let pinnedSyncRequest =
        #"{"events":[{"origin":"gw-a","seq":7,"hlc":{"wallMillis":1765076400000,"logical":3},"kind":"consent.changed","causalContext":{"gw-a":6},"contentHash":"5ed8ea4c9d7e6d8efa20e54c49e138d336604c7e5bf645152321f0ecd6ffd27c","payload":"{\"actor\":\"self\",\"at\":\"2026-12-07T03:00:00.000Z\",\"granted\":true,\"policyVersion\":\"2026-11-25\",\"pseudonym\":\"bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb\",\"purposes\":[\"contribute\"]}","signature":"99999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999"}],"from":"gw-a","policyHash":"7777777777777777777777777777777777777777777777777777777777777777","vector":{"gw-a":7,"gw-b":2}}"#
}
