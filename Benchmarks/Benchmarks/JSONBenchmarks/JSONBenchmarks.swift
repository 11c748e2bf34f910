import AuditLog
import Benchmark
import BenchmarkSupport
import Foundation
import Gateway
import JSONCoding
import PatternCore
import Replication

/// Each hand-written JSON coder beside Foundation's on the same realistic value (issue 15,
/// item 5; docs/benchmarks.md, "JSON coders: hand-written against Foundation"). The pairs
/// are named `<value>, hand-written` and `<value>, Foundation`; small values run 1,000
/// times per iteration, so their figures are µs per 1,000 (ns per value).
let benchmarks: @Sendable () -> Void = {
    let values = JSONValues()
    let quick = Benchmark.Configuration(metrics: [.wallClock], warmupIterations: 3, maxDuration: .seconds(3), maxIterations: 1_000)

    func pair(_ name: String, hand: @escaping @Sendable () throws -> Void, foundation: @escaping @Sendable () throws -> Void) {
        Benchmark("\(name), hand-written", configuration: quick) { _ in try hand() }
        Benchmark("\(name), Foundation", configuration: quick) { _ in try foundation() }
    }
    /// Small values: 1,000 of them per iteration.
    func thousand(_ body: @escaping @Sendable () throws -> Void) -> @Sendable () throws -> Void {
        { for _ in 0..<1_000 { try body() } }
    }

    // Sync messages: 500 events (a batch holds up to 2,000), signed bytes.
    pair(
        "Sync request of 500 events, encode", hand: { blackHole(try SyncCoding.encode(values.syncRequest)) },
        foundation: { blackHole(try values.encoder.encode(values.syncRequest)) })
    pair(
        "Sync request of 500 events, decode", hand: { blackHole(try SyncCoding.decodeRequest(values.syncBytes)) },
        foundation: { blackHole(try JSONDecoder().decode(SyncRequest.self, from: values.syncBytes)) })

    // Event payloads: a contribution's canonical bytes (hashed) and reading payloads back.
    pair(
        "Contribution payload ×1,000, encode (canonical)", hand: thousand { blackHole(CanonicalContribution.bytes(values.contribution)) },
        foundation: thousand { blackHole(try EventPayloadCoding.encode(values.contribution)) })
    pair(
        "Contribution payload ×1,000, decode", hand: thousand { blackHole(try ContributionPayloadDecoder.decode(values.contributionBytes)) },
        foundation: thousand { blackHole(try EventPayloadCoding.decode(ContributionAdded.self, from: values.contributionBytes)) })
    pair(
        "Consent payload ×1,000, decode", hand: thousand { blackHole(ConsentChanged(storedPayload: values.consentBytes)) },
        foundation: thousand { blackHole(try EventPayloadCoding.decode(ConsentChanged.self, from: values.consentBytes)) })
    pair(
        "Version vector of 8 ×1,000, decode", hand: thousand { blackHole(try VersionVector.decode(storedJSON: values.vectorText)) },
        foundation: thousand { blackHole(try JSONDecoder().decode(VersionVector.self, from: Data(values.vectorText.utf8))) })

    // Audit lines: canonical bytes (hashed into the Merkle tree) and reading them back.
    pair(
        "Audit line ×1,000, write (canonical)", hand: thousand { blackHole(values.auditEntry.canonicalLine()) },
        foundation: thousand { blackHole(try values.encoder.encode(values.auditMirror)) })
    pair(
        "Audit line ×1,000, read (canonical)", hand: thousand { blackHole(try AuditEntry(line: values.auditLine)) },
        foundation: thousand { blackHole(try JSONDecoder().decode(AuditLineMirror.self, from: Data(values.auditLine))) })

    // Answers: a search answer of 20 patterns, a contribution's answer.
    pair(
        "Search answer of 20 patterns, encode", hand: { blackHole(values.search.json()) },
        foundation: { blackHole(try values.encoder.encode(values.search)) })
    pair(
        "Contribution answer ×1,000, encode", hand: thousand { blackHole(values.contributeAnswer.json()) },
        foundation: thousand { blackHole(try values.encoder.encode(values.contributeAnswer)) })

    // A batch body of 100 contributions split into its items.
    pair(
        "Batch of 100 items, split", hand: { blackHole(try JSONArraySplitter.elements(of: values.batch)) },
        foundation: {
            let items = try JSONSerialization.jsonObject(with: values.batch) as! [Any]
            blackHole(try items.map { try JSONSerialization.data(withJSONObject: $0) })
        })

    // JSON lines (`anonymize`, `scan`): one input record read, one output record written.
    pair(
        "JSON-lines record ×1,000, read",
        hand: thousand {
            var parser = JSONLineParser()
            try values.lineBytes.withUnsafeBufferPointer { blackHole(try parser.parse($0).text) }
        },
        foundation: thousand {
            let object = try JSONSerialization.jsonObject(with: values.lineData) as! [String: Any]
            blackHole(object["text"] as! String)
        })
    pair(
        "JSON-lines record ×1,000, write",
        hand: thousand {
            var writer = JSONWriter(capacity: 256)
            writer.appendRaw("{\"id\":")
            writer.appendInteger(values.lineId)
            writer.appendRaw(",\"text\":")
            writer.appendString(values.lineText)
            writer.appendRaw("}\n")
            blackHole(writer.bytes)
        },
        foundation: thousand {
            let object: [String: Any] = ["id": values.lineId, "text": values.lineText]
            blackHole(try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes]))
        })
}

/// The values, built once.
final class JSONValues: Sendable {
    let encoder: JSONEncoder
    let syncRequest: SyncRequest
    let syncBytes: Data
    let contribution: ContributionAdded
    let contributionBytes: Data
    let consentBytes: Data
    let vectorText: String
    let auditEntry: AuditEntry
    let auditMirror: AuditLineMirror
    let auditLine: [UInt8]
    let search: SearchPatternsResponse
    let contributeAnswer: ContributePatternResponse
    let batch: Data
    let lineId = 1_234
    let lineText: String
    let lineBytes: [UInt8]
    let lineData: Data

    init() {
        do {
            encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
            let pseudonym = String(repeating: "3f9a", count: 16)
            contribution = Self.contribution(0, pseudonym: pseudonym)
            contributionBytes = try EventPayloadCoding.encode(contribution)
            consentBytes = try EventPayloadCoding.encode(
                ConsentChanged(
                    pseudonym: pseudonym, granted: true, purposes: ["contribute", "research"], policyVersion: "2026-11-25", actor: "self",
                    at: "2026-12-07T03:00:00.000Z"))
            let gateways = (0..<8).map { "gw-\($0)" }
            let vector = VersionVector(Dictionary(uniqueKeysWithValues: gateways.enumerated().map { ($1, UInt64(10_000 + $0 * 7)) }))
            vectorText = vector.canonicalJSON
            // 500 events: mostly contributions, as a resync carries them, each signed.
            let events = try (0..<500).map { index in
                let payload = try EventPayloadCoding.encode(Self.contribution(index, pseudonym: pseudonym))
                let event = Event(
                    id: EventID(origin: gateways[index % 8], seq: UInt64(index + 1)),
                    hlc: HLCTimestamp(wallMillis: 1_765_076_400_000 + UInt64(index), logical: 0),
                    causalContext: VersionVector([gateways[index % 8]: UInt64(index)]), kind: .contributionAdded, payload: payload)
                return SyncEvent(event, signature: String(repeating: "9", count: 128))
            }
            syncRequest = SyncRequest(from: "gw-0", vector: vector, events: events, policyHash: String(repeating: "7", count: 64))
            syncBytes = try SyncCoding.encode(syncRequest)
            auditEntry = try AuditEntry(
                seq: 41, time: "2026-12-07T03:00:00.000Z", actorRole: "deployment", actorId: pseudonym, action: "pattern.contributed",
                subject: pseudonym,
                details: ["contribution": .text(String(repeating: "a", count: 64)), "findings": .count(0), "purposes": .list(["contribute"])])
            auditLine = auditEntry.canonicalLine()
            auditMirror = try JSONDecoder().decode(AuditLineMirror.self, from: Data(auditLine))
            let pattern = #"""
                {"avgDuration":6.5,"contributors":12,"costSavings":-12.25,"patternId":"92ee302265941bdbd1c0181cb77d96f6",
                "recommendations":["Replicate the database before the cutover","Lower DNS TTLs a day ahead"],"resourceTypes":["EC2","RDS","S3"],
                "similarity":0.8125,"sourceCloud":"aws","steps":[
                {"action":"replicate_db","commonErrors":["quota exceeded"],"count":12,"durationSeconds":7200.5,"success":true,"successRate":0.91},
                {"action":"cutover_dns","commonErrors":[],"count":12,"durationSeconds":600,"success":true,"successRate":1},
                {"action":"validate","commonErrors":["timeout"],"count":11,"durationSeconds":1800.25,"success":true,"successRate":0.82}],
                "strategy":"replatform","successRate":0.95,"targetCloud":"azure"}
                """#
            let search =
                "{\"patterns\":[" + Array(repeating: pattern, count: 20).joined(separator: ",")
                + #"],"queryTime":0.412,"ranking":"formula","totalMatches":137}"#
            self.search = try JSONDecoder().decode(SearchPatternsResponse.self, from: Data(search.utf8))
            contributeAnswer = try JSONDecoder().decode(
                ContributePatternResponse.self,
                from: Data(
                    #"{"contributed":true,"contributionId":"\#(String(repeating: "a", count: 64))","duplicate":false,"globalContributions":5012,"message":"Contribution recorded","patternId":"92ee302265941bdbd1c0181cb77d96f6"}"#
                        .utf8))
            let item = #"""
                {"sourceCloud":"aws","targetCloud":"azure","sourceRegion":"eu-west-1","resourceTypes":["EC2","RDS"],"strategy":"replatform",
                "steps":[{"action":"replicate_db","durationSeconds":7200.5,"success":false,"errorMessage":"quota \"exceeded\""},
                {"action":"cutover_dns","durationSeconds":600,"success":true}],"successRate":0.95,"durationHours":6,"costSavingsPercent":12.5}
                """#
            batch = Data(("[" + Array(repeating: item, count: 100).joined(separator: ",") + "]").utf8)
            lineText =
                "Migrated the billing database from eu-west-1 to Azure; contact ops at ops@example.com, \"cutover\" at 02:00 UTC, café ✓"
            lineBytes = Array(#"{"id": 1234, "text": "\#(lineText.replacingOccurrences(of: "\"", with: "\\\""))"}"#.utf8)
            lineData = Data(lineBytes)
        } catch {
            fatalError("JSON benchmark values: \(error)")
        }
    }

    static func contribution(_ index: Int, pseudonym: String) -> ContributionAdded {
        let record = ContributionRecord(
            sourceCloud: .aws, targetCloud: .azure, sourceRegion: "eu-west-1", resourceTypes: ["EC2", "RDS", "S3"], strategy: .replatform,
            steps: [
                MigrationStep(action: "replicate_db", durationSeconds: 7200.5, success: index % 3 != 0, errorMessage: "quota exceeded"),
                MigrationStep(action: "cutover_dns", durationSeconds: 600, success: true),
                MigrationStep(action: "validate", durationSeconds: 1800.25, success: true),
            ],
            successRate: 0.95, durationHours: 6 + Double(index % 5), costSavingsPercent: -12.25)
        let hex = String(index, radix: 16)
        return ContributionAdded(
            contributionId: String(repeating: "0", count: 64 - hex.count) + hex, pseudonym: pseudonym,
            patternId: record.patternKey.patternId, requestDigest: String(repeating: "c", count: 64), record: record)
    }
}

/// An audit line's shape for Foundation's coders (the audit log itself has no Codable form).
struct AuditLineMirror: Codable, Sendable {
    struct Actor: Codable, Sendable {
        var id: String
        var role: String
    }
    enum Detail: Codable, Sendable {
        case text(String)
        case count(Int)
        case list([String])

        init(from decoder: any Decoder) throws {
            let container = try decoder.singleValueContainer()
            if let count = try? container.decode(Int.self) {
                self = .count(count)
            } else if let text = try? container.decode(String.self) {
                self = .text(text)
            } else {
                self = .list(try container.decode([String].self))
            }
        }

        func encode(to encoder: any Encoder) throws {
            var container = encoder.singleValueContainer()
            switch self {
            case .text(let text): try container.encode(text)
            case .count(let count): try container.encode(count)
            case .list(let items): try container.encode(items)
            }
        }
    }
    var action: String
    var actor: Actor
    var details: [String: Detail]
    var seq: UInt64
    var subject: String?
    var time: String
}
