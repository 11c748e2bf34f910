import AuditLog
import Foundation
import Gateway
import GatewayHTTP
import GatewayTestSupport
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import Replication
import Storage
import Synchronization
import TestSupport
import Testing

/// The officer's console (issue 20): sign-in and sessions, CSRF and cross-site refusal, the
/// headers on every page, and the officer's tasks through the same gateway methods as the API.
@Suite("The officer's console")
struct ConsoleTests {
    /// A settable now, for idle expiry.
    final class Now: Sendable {
        let date = Mutex(Date())
        func advance(by seconds: TimeInterval) { date.withLock { $0 += seconds } }
    }

    static func test(
        _ harness: TestGateway, now: Now = Now(), logs: CapturedLogs? = nil, secureCookies: Bool = false,
        _ body: @escaping @Sendable (any TestClientProtocol) async throws -> Void
    ) async throws {
        let logger = logs.map { logs in Logger(label: "patterngate.http") { logs.handler(label: $0) } } ?? Logger(label: "patterngate.http")
        let router = PatternGateRoutes.router(
            gateway: harness.gateway, registry: harness.registry,
            console: ConsoleConfiguration(secureCookies: secureCookies, now: { now.date.withLock { $0 } }))
        try await Application(router: router, logger: logger).test(.router) { client in try await body(client) }
    }

    static func auditActions(_ harness: TestGateway) async throws -> [(action: String, line: String)] {
        let lines = try await harness.gateway.database.auditLines(start: 0, end: try await harness.gateway.database.auditTreeHead().size)
        return lines.map { line in
            let object = (try? JSONSerialization.jsonObject(with: Data(line.utf8))) as? [String: Any]
            return (object?["action"] as? String ?? "", line)
        }
    }

    static func tokenId(_ bearer: String) -> String { String(bearer.split(separator: "_")[1]) }
    static func secret(_ bearer: String) -> String { String(bearer.split(separator: "_", maxSplits: 2)[2]) }

    @Test("an officer signs in and out; the session cookie is HttpOnly, SameSite=Strict, Path=/console; both audited without the token")
    func signInAndOut() async throws {
        let harness = try await TestGateway.make()
        defer { harness.remove() }
        try await Self.test(harness) { client in
            var browser = ConsoleBrowser(client)
            let anonymous = try await browser.get("/console")
            #expect(anonymous.status == .seeOther && anonymous.headers[.location] == "/console/sign-in")
            let signedIn = try await browser.signIn(harness.officer)
            #expect(signedIn.status == .seeOther && signedIn.headers[.location] == "/console")
            let session = try #require(browser.setCookies.first { $0.hasPrefix("pg_console=") })
            for attribute in ["HttpOnly", "SameSite=Strict", "Path=/console"] { #expect(session.contains(attribute)) }
            #expect(!session.contains("Secure") && !session.contains("Max-Age") && !session.contains("Expires"))
            let overview = try await browser.get("/console")
            #expect(overview.status == .ok && overview.text.contains("<h1>Overview</h1>"))
            #expect(overview.text.contains(Self.tokenId(harness.officer)) && !overview.text.contains(Self.secret(harness.officer)))
            let out = try await browser.post("/console/sign-out")
            #expect(out.status == .seeOther && out.headers[.location] == "/console/sign-in")
            #expect(browser.cookies["pg_console"] == nil)
            // The old cookie no longer opens anything.
            var replay = ConsoleBrowser(client)
            replay.cookies["pg_console"] = String(session.split(separator: ";")[0].dropFirst("pg_console=".count))
            #expect(try await replay.get("/console").headers[.location] == "/console/sign-in")
        }
        let audit = try await Self.auditActions(harness)
        let signIn = try #require(audit.first { $0.action == "console.signed_in" })
        #expect(signIn.line.contains(Self.tokenId(harness.officer)))
        #expect(audit.contains { $0.action == "console.signed_out" })
        #expect(!audit.contains { $0.line.contains(Self.secret(harness.officer)) })
    }

    @Test("a deployment token, an unknown token and a forged CSRF token are refused, and the refusals audited without the token")
    func refusals() async throws {
        let harness = try await TestGateway.make()
        defer { harness.remove() }
        try await Self.test(harness) { client in
            var browser = ConsoleBrowser(client)
            let deployment = try await browser.signIn(harness.alpha)
            #expect(deployment.status == .forbidden && deployment.text.contains("only officer and auditor tokens"))
            let unknown = try await browser.signIn("pgt_0000000000000000_" + String(repeating: "a", count: 43))
            #expect(unknown.status == .unauthorized)
            #expect(browser.cookies["pg_console"] == nil)
            _ = try await browser.get("/console/sign-in")
            let forged = try await browser.post("/console/sign-in", ["token": harness.officer], csrf: "forged")
            #expect(forged.status == .forbidden && browser.cookies["pg_console"] == nil)
            #expect(try await browser.get("/console").headers[.location] == "/console/sign-in")
        }
        let refused = try await Self.auditActions(harness).filter { $0.action == "console.sign_in_refused" }
        #expect(refused.count == 2)
        #expect(refused.contains { $0.line.contains(Self.tokenId(harness.alpha)) && $0.line.contains("forbidden") })
        #expect(!refused.contains { $0.line.contains(Self.secret(harness.alpha)) })
    }

    @Test("an auditor sees the audit pages only")
    func auditor() async throws {
        let harness = try await TestGateway.make()
        defer { harness.remove() }
        try await Self.test(harness) { client in
            var browser = ConsoleBrowser(client)
            #expect(try await browser.signIn(harness.auditor).headers[.location] == "/console/audit")
            let audit = try await browser.get("/console/audit")
            #expect(audit.status == .ok && audit.text.contains("SHA256:"))
            #expect(!audit.text.contains("/console/erasure"))
            for page in ["/console/erasure", "/console/consent", "/console/purge", "/console/export", "/console/network"] {
                #expect(try await browser.get(page).status == .forbidden)
            }
            #expect(try await browser.post("/console/purge/dry-run").status == .forbidden)
            #expect(try await browser.get("/console/audit/checkpoint").status == .ok)
        }
    }

    @Test("a form post without the session's CSRF token, or from another site, is refused and changes nothing")
    func crossSite() async throws {
        let harness = try await TestGateway.make()
        defer { harness.remove() }
        try await Self.test(harness) { client in
            var browser = ConsoleBrowser(client)
            _ = try await browser.signIn(harness.officer)
            _ = try await browser.get("/console/erasure/new")
            let fields = ["deploymentId": TestGateway.alphaId]
            #expect(try await browser.post("/console/erasure/new", fields, csrf: "").status == .forbidden)
            #expect(try await browser.post("/console/erasure/new", fields, csrf: "not-the-token").status == .forbidden)
            for extra: HTTPFields in [
                [.secFetchSiteTest: "cross-site"], [.secFetchSiteTest: "same-site"],
                [.origin: "https://evil.example"], [.origin: "null", .secFetchSiteTest: "cross-site"],
            ] {
                let refused = try await browser.post("/console/erasure/new", fields, extra: extra)
                #expect(refused.status == .forbidden && refused.text.contains("only from the console itself"))
            }
            #expect(try await browser.get("/console/erasure/confirm").headers[.location] == "/console/erasure/new")
            // What a browser sends for a same-origin post under `Referrer-Policy: no-referrer`.
            let sameOrigin = try await browser.post("/console/erasure/cancel", extra: [.origin: "null", .secFetchSiteTest: "same-origin"])
            #expect(sameOrigin.status == .seeOther && sameOrigin.headers[.location] == "/console/erasure")
            #expect(
                try await harness.gateway.database.tombstones(pseudonym: harness.gateway.keyRing.pseudonym(deploymentId: TestGateway.alphaId)).isEmpty
            )
        }
    }

    @Test("every page and download carries the CSP, no framing, no-store and no referrer; no page has inline script or style")
    func headers() async throws {
        let harness = try await TestGateway.make()
        defer { harness.remove() }
        try await Self.test(harness) { client in
            var browser = ConsoleBrowser(client)
            var responses = [try await browser.get("/console/sign-in"), try await browser.get("/console/static/console.css")]
            _ = try await browser.signIn(harness.officer)
            for page in [
                "/console", "/console/erasure", "/console/erasure?state=overdue", "/console/erasure/new", "/console/consent", "/console/export",
                "/console/purge", "/console/network", "/console/audit", "/console/audit/checkpoint", "/console/audit/public-key",
                "/console/audit/export", "/console/erasure/requests/er_00000000000000000000000000000000", "/console/erasure?state=lost",
            ] {
                responses.append(try await browser.get(page))
            }
            #expect(responses.dropLast(2).allSatisfy { $0.status == .ok })
            #expect(responses[responses.count - 2].status == .notFound && responses.last?.status == .badRequest)
            for response in responses {
                #expect(
                    response.headers[.contentSecurityPolicy]
                        == "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'"
                )
                #expect(response.headers[.init("X-Frame-Options")!] == "DENY")
                #expect(response.headers[.cacheControl] == "no-store")
                #expect(response.headers[.init("Referrer-Policy")!] == "no-referrer")
                let html = response.text.lowercased()
                #expect(!html.contains("<script") && !html.contains("style=") && !html.contains("<style") && !html.contains("javascript:"))
                if response.headers[.contentType]?.hasPrefix("text/html") == true {
                    #expect(html.contains(#"<link rel="stylesheet" href="/console/static/console.css">"#))
                    #expect(!html.contains("<form") || html.contains(#"name="csrf""#))
                }
            }
        }
    }

    @Test("the session cookie is never accepted by /api/*")
    func notOnTheAPI() async throws {
        let harness = try await TestGateway.make()
        defer { harness.remove() }
        try await Self.test(harness) { client in
            var browser = ConsoleBrowser(client)
            _ = try await browser.signIn(harness.officer)
            #expect(try await browser.get("/console/erasure").status == .ok)
            for uri in ["/api/v1/erasure", "/api/v1/audit/checkpoint", "/api/v1/network/stats"] {
                let response = try await browser.get(uri)
                #expect(response.status == .unauthorized && response.errorCode == "unauthenticated")
            }
        }
    }

    @Test("a session dies after 30 minutes idle, and at once when its token is revoked")
    func sessionEnds() async throws {
        let harness = try await TestGateway.make()
        defer { harness.remove() }
        let now = Now()
        let revocable = try await harness.gateway.tokens.issue(role: .officer, pseudonym: nil, actor: .cli)
        try await Self.test(harness, now: now) { client in
            var idle = ConsoleBrowser(client)
            _ = try await idle.signIn(harness.officer)
            now.advance(by: 29 * 60)
            #expect(try await idle.get("/console/erasure").status == .ok)
            now.advance(by: 29 * 60)
            #expect(try await idle.get("/console/erasure").status == .ok)
            now.advance(by: 30 * 60)
            #expect(try await idle.get("/console/erasure").headers[.location] == "/console/sign-in")

            var revoked = ConsoleBrowser(client)
            _ = try await revoked.signIn(revocable.bearer)
            #expect(try await revoked.get("/console/erasure").status == .ok)
            #expect(try await harness.gateway.database.revokeToken(id: revocable.record.id, actor: .cli))
            // The token cache's lifetime (1 s in tests), as for the API.
            try await Task.sleep(for: .milliseconds(1_100))
            #expect(try await revoked.get("/console/erasure").headers[.location] == "/console/sign-in")
            #expect(try await revoked.get("/console/audit").headers[.location] == "/console/sign-in")
        }
    }

    @Test("an officer erases a deployment in two steps and follows it with its days left; the typed id is in no URL and no log line")
    func erase() async throws {
        let logs = CapturedLogs()
        let harness = try await TestGateway.make(logger: Logger(label: "patterngate") { logs.handler(label: $0) })
        defer { harness.remove() }
        try await Self.test(harness, logs: logs) { client in
            var browser = ConsoleBrowser(client)
            _ = try await browser.signIn(harness.officer)
            _ = try await browser.get("/console/erasure/new")
            let typed = try await browser.post("/console/erasure/new", ["deploymentId": TestGateway.alphaId])
            #expect(typed.status == .seeOther && typed.headers[.location] == "/console/erasure/confirm")
            let confirm = try await browser.get("/console/erasure/confirm")
            #expect(confirm.text.contains(TestGateway.alphaId) && confirm.text.contains(#"id="erase-confirm""#))
            let done = try await browser.post("/console/erasure/confirm")
            let location = try #require(done.headers[.location])
            #expect(location.hasPrefix("/console/erasure/requests/er_"))
            let detail = try await browser.get(location)
            #expect(detail.status == .ok && detail.text.contains(#"<dd class="days green" id="days-left">"#))
            #expect(detail.text.range(of: #"id="days-left">[0-9]+ days</dd>"#, options: .regularExpression) != nil)
            #expect(detail.text.contains("received, purge pending") && !detail.text.contains(TestGateway.alphaId))
            let list = try await browser.get("/console/erasure?state=open")
            #expect(list.text.contains(String(location.dropFirst("/console/erasure/requests/".count))) && list.text.contains(" days</td>"))
            // The same gateway method as the API: the API lists it too.
            let api = try await client.execute(uri: "/api/v1/erasure", method: .get, headers: [.authorization: "Bearer \(harness.officer)"])
            #expect((api.object["requests"] as? [[String: Any]])?.count == 1)
            #expect(!browser.urls.contains { $0.contains("alpha") })
        }
        #expect(!logs.lines.withLock { $0 }.contains { $0.contains(TestGateway.alphaId) })
        let audit = try await Self.auditActions(harness)
        #expect(audit.contains { $0.action == "erasure.requested" && $0.line.contains(Self.tokenId(harness.officer)) })
        #expect(!audit.contains { $0.line.contains(TestGateway.alphaId) })
    }

    @Test("an overdue request leads the first page of the list even when it would fall on a later page, and later pages leave it out")
    func overdueFirstAcrossPages() async throws {
        let harness = try await TestGateway.make()
        defer { harness.remove() }
        let officer = try await harness.gateway.authenticate(authorization: "Bearer \(harness.officer)")
        // 101 requests due in 30 days, then one requested after them but already past due.
        for index in 0..<101 {
            _ = try await harness.gateway.requestErasure(officer, body: ErasureRequestBody(deploymentId: "page-deployment-\(index)"))
        }
        let later = Date().addingTimeInterval(60)
        let late = ErasureTombstone(
            requestId: "er_" + String(repeating: "d", count: 32), pseudonym: String(repeating: "e", count: 64), contributionId: nil,
            requestedAt: Timestamps.iso8601(later), purgeDueAt: Timestamps.iso8601(Date().addingTimeInterval(-86_400)),
            legalDeadline: Timestamps.iso8601(Date().addingTimeInterval(86_400)), reason: "request")
        _ = try await harness.gateway.database.recordErasure(
            [late], origin: harness.gateway.identity.gatewayId, actor: .system,
            stamp: { HLCTimestamp(wallMillis: UInt64(later.timeIntervalSince1970 * 1000), logical: 0) },
            onCommit: { _ in })
        try await Self.test(harness) { client in
            var browser = ConsoleBrowser(client)
            _ = try await browser.signIn(harness.officer)
            let first = try await browser.get("/console/erasure").text
            let rows = first.components(separatedBy: "<tr").dropFirst(2)
            #expect(rows.first?.contains(late.requestId) == true, "the overdue request is not first")
            #expect(first.contains("cursor="))
            // The next page: the overdue request, shown first already, is not repeated.
            let cursorStart = try #require(first.range(of: "cursor="))
            let cursor = first[cursorStart.upperBound...].prefix { $0 != "\"" && $0 != "&" }
            let second = try await browser.get("/console/erasure?cursor=\(cursor)").text
            #expect(!second.contains(late.requestId))
        }
    }

    @Test("days left are red when overdue or at most 3 days, amber at most 10, green otherwise; overdue first, complete last")
    func daysLeft() throws {
        let now = Date(timeIntervalSince1970: 1_800_000_000)
        func status(dueInDays days: Double, overdue: Bool = false, complete: Bool = false) throws -> ErasureStatus {
            let due = Timestamps.iso8601(now.addingTimeInterval(days * 86_400))
            let object: [String: Any] = [
                "requestId": "er_\(Int(days + 100))", "requestedAt": Timestamps.iso8601(now), "purgeDueAt": due, "legalDeadline": due,
                "reason": "request", "tombstones": 1, "complete": complete,
                "gateways": [["gateway": "gw-a", "received": true, "purged": complete, "overdue": overdue, "retiredUnpurged": false]],
            ]
            return try JSONDecoder().decode(ErasureStatus.self, from: JSONSerialization.data(withJSONObject: object))
        }
        let cases = [
            (try status(dueInDays: 20), "green", "20 days"), (try status(dueInDays: 10), "amber", "10 days"),
            (try status(dueInDays: 3), "red", "3 days"), (try status(dueInDays: 0.5), "red", "1 day"),
            (try status(dueInDays: -1, overdue: true), "red", "overdue"), (try status(dueInDays: 5, complete: true), "green", "complete"),
        ]
        for (status, colour, days) in cases {
            let view = ErasureRequestView(status, now: now)
            #expect(view.daysClass == colour && view.daysLeft == days)
        }
        let sorted = cases.map { ErasureRequestView($0.0, now: now) }.sorted(by: ErasureRequestView.urgentFirst).map(\.daysLeft)
        #expect(sorted == ["overdue", "1 day", "3 days", "10 days", "20 days", "complete"])
    }

    @Test("consent look-up and revoke on behalf, export download, purge dry run then confirm, audit export")
    func officerTasks() async throws {
        let harness = try await TestGateway.make()
        defer { harness.remove() }
        try await Self.test(harness) { client in
            try await client.grant(harness.alpha)
            #expect(try await client.contribute(harness.alpha, wordpress()).status == .created)
            var browser = ConsoleBrowser(client)
            _ = try await browser.signIn(harness.officer)
            _ = try await browser.get("/console/consent")
            #expect(try await browser.post("/console/consent", ["deploymentId": TestGateway.alphaId]).headers[.location] == "/console/consent")
            let granted = try await browser.get("/console/consent")
            #expect(granted.text.contains(TestGateway.alphaId) && granted.text.contains(#"<dd id="consent-state">granted</dd>"#))
            let pseudonym = harness.gateway.keyRing.pseudonym(deploymentId: TestGateway.alphaId)
            #expect(granted.text.contains(String(pseudonym.prefix(12)) + "…") && !granted.text.contains(pseudonym))
            #expect(try await browser.post("/console/consent/revoke").status == .seeOther)
            let revoked = try await browser.get("/console/consent")
            #expect(revoked.text.contains("not granted") && revoked.text.contains("Consent revoked"))

            _ = try await browser.get("/console/export")
            let export = try await browser.post("/console/export", ["deploymentId": TestGateway.alphaId])
            #expect(export.status == .ok)
            #expect(export.headers[.contentDisposition] == "attachment; filename=\"export-\(pseudonym.prefix(8)).json\"")
            #expect(export.object["subject"] as? String == pseudonym)
            #expect((export.object["contributions"] as? [Any])?.count == 1)

            _ = try await browser.get("/console/purge")
            #expect(try await browser.post("/console/purge/confirm").headers[.location] == "/console/purge")
            #expect(try await browser.get("/console/purge").text.contains("Run a dry run first."))
            #expect(try await browser.post("/console/purge/dry-run").status == .seeOther)
            let dryRun = try await browser.get("/console/purge")
            #expect(dryRun.text.contains("Dry run: would purge 0 payloads") && dryRun.text.contains(#"id="purge-confirm""#))
            #expect(!dryRun.text.contains("name=\"asOf\""))
            #expect(try await browser.post("/console/purge/confirm").status == .seeOther)
            let purged = try await browser.get("/console/purge")
            #expect(purged.text.contains("Purged 0 payloads") && purged.text.contains("WAL checkpoint:"))

            let auditExport = try await browser.get("/console/audit/export")
            #expect(auditExport.status == .ok && auditExport.headers[.contentDisposition] == "attachment; filename=\"audit-export.jsonl\"")
            #expect(auditExport.text.split(separator: "\n").count > 5)
        }
        // The same audit entries as the API's calls, with the officer's token id as actor.
        let officer = Self.tokenId(harness.officer)
        let audit = try await Self.auditActions(harness)
        for action in ["consent.revoked", "erasure.requested", "export.performed"] {
            #expect(audit.contains { $0.action == action && $0.line.contains(officer) })
        }
    }
}

extension ConsoleTests {
    @Test("a bearer token opens no console page: the console takes its session cookie only")
    func bearerIsNoSession() async throws {
        let harness = try await TestGateway.make()
        defer { harness.remove() }
        try await Self.test(harness) { client in
            for uri in ["/console", "/console/erasure", "/console/audit", "/console/audit/export"] {
                let response = try await client.execute(uri: uri, method: .get, headers: [.authorization: "Bearer \(harness.officer)"])
                #expect(response.status == .seeOther && response.headers[.location] == "/console/sign-in")
            }
            let post = try await client.execute(
                uri: "/console/purge/dry-run", method: .post,
                headers: [.authorization: "Bearer \(harness.officer)", .contentType: "application/x-www-form-urlencoded"])
            #expect(post.status == .seeOther && post.headers[.location] == "/console/sign-in")
        }
    }

    @Test("every console route is in docs/console.md")
    func documented() async throws {
        let harness = try await TestGateway.make()
        defer { harness.remove() }
        let text = try String(contentsOf: repositoryRoot.appendingPathComponent("docs/console.md"), encoding: .utf8)
        let routes = PatternGateRoutes.router(gateway: harness.gateway, registry: harness.registry).routes.map { "\($0.method.rawValue) \($0.path)" }
            .filter { $0.contains(" /console") }
        #expect(routes.count >= 20)
        for route in routes { #expect(text.contains("`\(route)`"), "\(route)") }
    }
}

extension ConsoleTests {
    @Test("two gateways: the purge certificate holds each gateway's signed erasure.purged event and an audit inclusion proof that verifies")
    func purgeCertificate() async throws {
        let network = try await TestNetwork.make(2)
        defer { network.remove() }
        let (here, there) = (network.gateways[0], network.gateways[1])
        let officer = try await here.gateway.authenticate(authorization: "Bearer \(here.officer)")
        // gw-europe has an event of its own, so gw-americas counts it among the network's gateways.
        let beta = try await there.gateway.authenticate(authorization: "Bearer \(there.beta)")
        _ = try await there.gateway.changeConsent(beta, request: ConsentChangeRequest(action: "grant"))
        let receipt = try await here.gateway.requestErasure(officer, body: ErasureRequestBody(deploymentId: TestGateway.alphaId))
        let certificateURI = "/console/erasure/requests/\(receipt.requestId)/certificate"
        try await ErasureTests.sync(from: here.gateway, to: there.gateway, peer: "gw-americas")
        try await ErasureTests.sync(from: there.gateway, to: here.gateway, peer: "gw-europe")
        _ = try await here.gateway.purge(asOf: Date().addingTimeInterval(40 * 86_400))
        try await Self.test(here) { client in
            var browser = ConsoleBrowser(client)
            _ = try await browser.signIn(here.officer)
            // Not complete while gw-europe has not purged: nothing to certify yet.
            #expect(try await browser.get(certificateURI).status == .badRequest)
            #expect(!(try await browser.get("/console/erasure/requests/\(receipt.requestId)").text.contains(#"id="certificate""#)))
        }
        _ = try await there.gateway.purge(asOf: Date().addingTimeInterval(40 * 86_400))
        try await ErasureTests.sync(from: there.gateway, to: here.gateway, peer: "gw-europe")
        try await Self.test(here) { client in
            var browser = ConsoleBrowser(client)
            _ = try await browser.signIn(here.officer)
            #expect(try await browser.get("/console/erasure/requests/\(receipt.requestId)").text.contains(#"id="certificate""#))
            let download = try await browser.get(certificateURI)
            #expect(download.status == .ok)
            #expect(download.headers[.contentDisposition] == "attachment; filename=\"purge-certificate-\(receipt.requestId).json\"")
            let certificate = download.object
            let events = try #require(certificate["purgedEvents"] as? [[String: Any]])
            #expect(Set(events.compactMap { $0["origin"] as? String }) == ["gw-americas", "gw-europe"])
            #expect(events.allSatisfy { ($0["kind"] as? String) == "erasure.purged" && ($0["signature"] as? String)?.isEmpty == false })
            // The audit entry's inclusion proof verifies against the signed checkpoint's root.
            let entry = try #require(certificate["auditEntry"] as? [String: Any])
            let line = try #require(entry["line"] as? String)
            #expect(line.contains("erasure.purged") && line.contains(receipt.requestId))
            let proof = try #require(entry["proof"] as? [String: Any])
            let note = try SignedNote(parsing: try #require(certificate["checkpoint"] as? String))
            let checkpoint = try TreeCheckpoint(body: note.text)
            let inclusion = InclusionProof(
                leafIndex: try #require(proof["leafIndex"] as? UInt64), treeSize: checkpoint.size,
                hashes: try #require(proof["hashes"] as? [String]).compactMap(MerkleHash.init(base64:)))
            #expect(inclusion.verify(leafHash: MerkleTree.leafHash(Array(line.utf8)), root: checkpoint.rootHash))
            let key = try AuditPublicKey(pem: try #require(certificate["auditPublicKey"] as? String))
            #expect(key.verify(note: note) == .verified)
            #expect(certificate["auditPublicKeyFingerprint"] as? String == key.fingerprint)
            #expect(!download.text.contains(TestGateway.alphaId))
            // The API answers the same certificate, from the same gateway method.
            let api = try await client.execute(
                uri: "/api/v1/erasure/\(receipt.requestId)/certificate", method: .get, headers: [.authorization: "Bearer \(here.officer)"])
            #expect(api.status == .ok)
            #expect(api.object["purgedEvents"] as? [[String: Any]] != nil && (api.object["purgedEvents"] as? [Any])?.count == events.count)
            #expect((api.object["auditEntry"] as? [String: Any])?["line"] as? String == line)
            let firstSegment = try #require(certificate["auditSegment"] as? String)

            // After a rotation with a new key, the entry is proven in its sealed segment: against
            // that segment's final checkpoint, signed by its key (issue 19).
            _ = try await here.gateway.auditLog.rotate(newKey: true, actor: .cli)
            let after = try await client.execute(
                uri: "/api/v1/erasure/\(receipt.requestId)/certificate", method: .get, headers: [.authorization: "Bearer \(here.officer)"])
            #expect(after.object["auditSegment"] as? String == firstSegment)
            let sealedEntry = try #require(after.object["auditEntry"] as? [String: Any])
            #expect(sealedEntry["line"] as? String == line)
            let sealedNote = try SignedNote(parsing: try #require(after.object["checkpoint"] as? String))
            let sealed = try TreeCheckpoint(body: sealedNote.text)
            let sealedProof = try #require(sealedEntry["proof"] as? [String: Any])
            let sealedInclusion = InclusionProof(
                leafIndex: try #require(sealedProof["leafIndex"] as? UInt64), treeSize: sealed.size,
                hashes: try #require(sealedProof["hashes"] as? [String]).compactMap(MerkleHash.init(base64:)))
            #expect(sealedInclusion.verify(leafHash: MerkleTree.leafHash(Array(line.utf8)), root: sealed.rootHash))
            #expect(after.object["auditPublicKey"] as? String == key.pem && key.verify(note: sealedNote) == .verified)
            #expect(here.gateway.auditLog.publicKey != key)
        }
    }
}

extension ConsoleTests {
    @Test("the network page draws contributions per week as inline SVG; a week below the minimum count is suppressed and left empty")
    func weeklyChart() async throws {
        let harness = try await TestGateway.make()
        defer { harness.remove() }
        let now = Now()
        try await Self.test(harness, now: now) { client in
            try await client.grant(harness.alpha)
            for n in 0..<9 { #expect(try await client.contribute(harness.alpha, wordpress("wp-week-\(n)")).status == .created) }
            var browser = ConsoleBrowser(client)
            _ = try await browser.signIn(harness.officer)
            let below = try await browser.get("/console/network")
            #expect(below.status == .ok && below.text.contains(#"<svg class="chart" id="weekly-chart""#))
            #expect(!below.text.contains(#"<rect class="bar""#) && below.text.components(separatedBy: #"<text class="week""#).count == 13)
            #expect(try await client.contribute(harness.alpha, wordpress("wp-week-9")).status == .created)
            now.advance(by: 60)  // the console's clock, set before the contributions were made
            let drawn = try await browser.get("/console/network")
            #expect(drawn.text.components(separatedBy: #"<rect class="bar""#).count == 2)
            #expect(drawn.text.contains(#"<text class="value""#) && drawn.text.contains(": 10</title>"))
            // Three weeks on, the contributions sit in an older week's bar.
            now.advance(by: 21 * 86_400)
            _ = try await browser.signIn(harness.officer)  // the session went idle meanwhile
            let later = try await browser.get("/console/network")
            #expect(later.text.components(separatedBy: #"<rect class="bar""#).count == 2)
            let officer = try await harness.gateway.authenticate(authorization: "Bearer \(harness.officer)")
            let weeks = try await harness.gateway.contributionsPerWeek(officer, now: now.date.withLock { $0 })
            #expect(weeks.count == 12 && weeks[8].contributions.value == 10 && weeks[11].contributions.suppressed)
            await #expect(throws: GatewayError.self) {
                try await harness.gateway.contributionsPerWeek(try await harness.gateway.authenticate(authorization: "Bearer \(harness.auditor)"))
            }
        }
    }
}

extension ConsoleTests {
    @Test("under TLS the console's cookies are Secure too")
    func secureCookies() async throws {
        let harness = try await TestGateway.make()
        defer { harness.remove() }
        try await Self.test(harness, secureCookies: true) { client in
            var browser = ConsoleBrowser(client)
            let signedIn = try await browser.signIn(harness.officer)
            #expect(signedIn.headers[.location] == "/console")
            let cookies = browser.setCookies.filter { $0.hasPrefix("pg_console") }
            #expect(cookies.count >= 2)
            let attributes = ["Secure", "HttpOnly", "SameSite=Strict", "Path=/console"]
            #expect(cookies.allSatisfy { cookie in attributes.allSatisfy { cookie.contains($0) } })
        }
    }
}
