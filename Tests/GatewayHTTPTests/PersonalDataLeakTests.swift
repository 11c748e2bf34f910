import Foundation
import Gateway
import GatewayHTTP
import GatewayTestSupport
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import Privacy
import Prometheus
import Storage
import Synchronization
import TestSupport
import Testing

/// Collects every log line, at every level, with its metadata.
final class CapturedLogs: Sendable {
    let lines = Mutex<[String]>([])

    func handler(label: String) -> any LogHandler { Handler(label: label, sink: self) }

    struct Handler: LogHandler {
        let label: String
        let sink: CapturedLogs
        var metadata: Logger.Metadata = [:]
        var logLevel: Logger.Level = .trace

        subscript(metadataKey key: String) -> Logger.Metadata.Value? {
            get { metadata[key] }
            set { metadata[key] = newValue }
        }

        func log(event: LogEvent) {
            let all = metadata.merging(event.metadata ?? [:]) { $1 }
            sink.lines.withLock { $0.append("\(event.level) \(label) \(event.message) \(all)") }
        }
    }
}

@Suite("No personal data in storage, logs, metrics, errors or audit entries")
struct PersonalDataLeakTests {
    static let deploymentId = "DeployMarker7f3a-acme-prod"
    static let migrationId = "MigrationMarker91bc-acme"
    static let sensitive = "SensitiveMarker2d8e Acme Corp"
    static let freeText = "connection to db01.acme-corp.internal refused for user FreeTextMarker5c1"
    static let badType = "ResourceMarker66aa"
    static let markers = [deploymentId, migrationId, "SensitiveMarker2d8e", "FreeTextMarker5c1", "ResourceMarker66aa"]
    /// Realistic personal data and secrets, sent in free text that the gate anonymizes and stores.
    static let personalData = [
        "agnieszka.kowalczyk@blueharbor.example", "10.44.12.9", "4111 1111 1111 1111", "GB82 WEST 1234 5698 7654 32",
        "+48 601 234 567", "Agnieszka Kowalczyk", "AKIAIOSFODNN7EXAMPLE", "C:\\Users\\akowalczyk\\dump.bak",
    ]

    /// Markers found in `text`: the marker itself, or any 8-character fragment of it that has a
    /// digit (so common words like "acme" alone do not count), in any case.
    static func leaks(in text: String) -> [String] {
        let lowered = text.lowercased()
        return markers.filter { marker in
            let needle = marker.lowercased()
            let fragments = (0...(needle.count - 8)).map { String(needle.dropFirst($0).prefix(8)) }
                .filter { $0.rangeOfCharacter(from: .decimalDigits) != nil }
            return lowered.contains(needle) || fragments.contains { lowered.contains($0) }
        }
    }

    @Test("a full session with markers in every field leaves none of them anywhere")
    func scan() async throws {
        let logs = CapturedLogs()
        let logger = Logger(label: "patterngate", factory: { logs.handler(label: $0) })
        let harness = try await TestGateway.make(directory: temporaryPath("pg-leak"), logger: logger)
        defer { harness.remove() }
        let (gateway, directory, registry) = (harness.gateway, harness.directory, harness.registry)
        let deployment = try await gateway.tokens.issue(
            role: .deployment, pseudonym: gateway.keyRing.pseudonym(deploymentId: Self.deploymentId), actor: .cli)
        let officer = try await gateway.tokens.issue(role: .officer, pseudonym: nil, actor: .cli)
        let bodies = Mutex<[String]>([])
        try await harness.test(logger: logger) { client in
            func record(_ response: TestResponse) { bodies.withLock { $0.append(response.text) } }
            record(try await client.contribute(deployment.bearer, wordpress(Self.migrationId)))  // 403: no consent yet
            try await client.grant(deployment.bearer)
            var body = wordpress(Self.migrationId)
            body["sensitiveTerms"] = [Self.sensitive]
            body["customerName"] = Self.sensitive
            record(try await client.contribute(deployment.bearer, body))
            record(try await client.contribute(deployment.bearer, body))  // retry
            var changed = body
            changed["successRate"] = 0.1
            record(try await client.contribute(deployment.bearer, changed))  // 409
            var withText = wordpress(Self.migrationId + "-2")
            withText["steps"] = [["action": "replicate_db", "durationSeconds": 5, "success": false, "errorMessage": Self.freeText]]
            record(try await client.contribute(deployment.bearer, withText))  // 422
            var badType = wordpress(Self.migrationId + "-3")
            badType["resourceTypes"] = [Self.badType]
            badType["sourceRegion"] = Self.badType
            record(try await client.contribute(deployment.bearer, badType))  // 400
            record(
                try await client.execute(
                    uri: "/api/v1/patterns/contribute/batch", method: .post, headers: headers(deployment.bearer),
                    body: json([body, withText, badType])))
            var realistic = wordpress(Self.migrationId + "-4")
            realistic["steps"] = [
                [
                    "action": "replicate_db", "durationSeconds": 5, "success": false,
                    "errorMessage":
                        "Replication to 10.44.12.9 failed for Agnieszka Kowalczyk (agnieszka.kowalczyk@blueharbor.example, +48 601 234 567); card 4111 1111 1111 1111, IBAN GB82 WEST 1234 5698 7654 32, key AKIAIOSFODNN7EXAMPLE, dump C:\\Users\\akowalczyk\\dump.bak",
                ]
            ]
            realistic["customerEmail"] = "agnieszka.kowalczyk@blueharbor.example"
            let stored = try await client.contribute(deployment.bearer, realistic)
            #expect(stored.status == .created)
            record(stored)
            record(try await client.search(deployment.bearer, "sourceCloud=aws&targetCloud=azure&resourceTypes=EC2"))
            record(try await client.search(deployment.bearer, "sourceCloud=aws&targetCloud=azure&resourceTypes=EC2,\(Self.badType)"))
            record(
                try await client.execute(
                    uri: "/api/v1/admin/consent", method: .post, headers: headers(officer.bearer),
                    body: json(["deploymentId": Self.deploymentId, "revoke": true])))
            record(
                try await client.execute(uri: "/api/v1/patterns/\(Self.migrationId)", method: .get, headers: headers(deployment.bearer, json: false)))
            record(try await client.execute(uri: "/metrics", method: .get))
        }
        await gateway.stop()

        var haystacks: [(String, String)] = []
        haystacks += bodies.withLock { $0 }.map { ("response", $0) }
        haystacks += logs.lines.withLock { $0 }.map { ("log", $0) }
        haystacks.append(("metrics", registry.emitToString()))
        for entry in try await gateway.database.auditEntries(limit: 100_000) {
            haystacks.append(("audit", "\(entry.actorRole) \(entry.actor) \(entry.action) \(entry.subject ?? "") \(entry.details)"))
        }
        for file in try FileManager.default.contentsOfDirectory(atPath: directory.path) {
            let data = try Data(contentsOf: directory.appendingPathComponent(file))
            haystacks.append(("file \(file)", String(decoding: data, as: UTF8.self)))
        }
        #expect(haystacks.contains { $0.0.hasPrefix("file patterngate.sqlite") })
        #expect(haystacks.contains { $0.0 == "log" })
        // The scanner itself must catch a leak: a control string with a fragment of each marker.
        for marker in Self.markers {
            let window =
                (0...(marker.count - 8)).map { String(marker.dropFirst($0).prefix(8)) }
                .first { $0.rangeOfCharacter(from: .decimalDigits) != nil } ?? marker
            #expect(Self.leaks(in: "prefix " + window.uppercased() + " suffix") == [marker], "control for \(marker)")
        }
        let secrets = [deployment.bearer, officer.bearer].map { String($0.dropFirst("pgt_0123456789abcdef_".count)) }
        for (place, text) in haystacks {
            let lowered = text.lowercased()
            let digits = text.filter(\.isNumber)
            for value in Self.personalData {
                let valueDigits = value.filter(\.isNumber)
                let leaked =
                    lowered.contains(value.lowercased().replacingOccurrences(of: "\\\\", with: "\\"))
                    || (valueDigits.count >= 9 && digits.contains(valueDigits))
                #expect(!leaked, "\(place) holds personal data (\(value.prefix(3))…)")
            }
            let found = Self.leaks(in: text)
            #expect(found.isEmpty, "\(place) holds a fragment of \(found)")
            // Token secrets are stored only as SHA-256 and never logged.
            #expect(!secrets.contains { text.contains($0) }, "\(place) holds a token secret")
        }
    }
}
