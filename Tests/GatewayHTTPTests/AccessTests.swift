import Foundation
import Gateway
import GatewayTestSupport
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Storage
import TestSupport
import Testing

@Suite("Tokens, roles and consent")
struct AccessTests {
    @Test("no token, a malformed or unknown token, and a revoked token are 401")
    func unauthenticated() async throws {
        let harness = try await TestGateway.make()
        defer { harness.remove() }
        let revoked = try await harness.gateway.tokens.issue(role: .officer, pseudonym: nil, actor: .cli)
        #expect(try await harness.gateway.database.revokeToken(id: revoked.record.id, actor: .cli))
        let forged = String(harness.alpha.dropLast()) + (harness.alpha.hasSuffix("A") ? "B" : "A")
        try await harness.test { client in
            for token in [nil, "nonsense", "pgt_0000000000000000_" + String(repeating: "a", count: 43), forged, revoked.bearer] {
                let response = try await client.search(token ?? "", "sourceCloud=aws&targetCloud=azure&resourceTypes=EC2")
                #expect(response.status == .unauthorized)
                #expect(response.errorCode == "unauthenticated")
                #expect(response.headers[.wwwAuthenticate] == "Bearer")
            }
        }
    }

    @Test("the token cache: a cached token still needs its secret; a token revoked by another process stops working within the cache lifetime")
    func tokenCache() async throws {
        let harness = try await TestGateway.make()
        defer { harness.remove() }
        let longLived = TokenAuthority(database: harness.gateway.database, cacheLifetime: .seconds(60))
        let issued = try await longLived.issue(role: .officer, pseudonym: nil, actor: .cli)
        #expect(try await longLived.authenticate(authorization: "Bearer \(issued.bearer)").role == .officer)
        let forged = String(issued.bearer.dropLast()) + (issued.bearer.hasSuffix("A") ? "B" : "A")
        await #expect(throws: GatewayError.self) { try await longLived.authenticate(authorization: "Bearer \(forged)") }

        // Another process revokes: a second connection pool on the same file. The cache's
        // clock is moved by hand: the revoked token works until its entry is a lifetime old.
        let other = try AppDatabase.open(path: harness.directory.appendingPathComponent("patterngate.sqlite").path)
        let clock = ManualClock()
        let shortLived = TokenAuthority(database: harness.gateway.database, cacheLifetime: .milliseconds(300), clock: clock)
        let uncached = TokenAuthority(database: harness.gateway.database, cacheLifetime: .zero, clock: clock)
        for authority in [shortLived, uncached] {
            let token = try await authority.issue(role: .auditor, pseudonym: nil, actor: .cli)
            #expect(try await authority.authenticate(authorization: "Bearer \(token.bearer)").role == .auditor)
            #expect(try await other.revokeToken(id: token.record.id, actor: .cli))
            if authority.cacheLifetime > .zero {
                clock.advance(by: authority.cacheLifetime - .milliseconds(1))
                #expect(try await authority.authenticate(authorization: "Bearer \(token.bearer)").role == .auditor)
                clock.advance(by: .milliseconds(1))
            }
            await #expect(throws: GatewayError.self) { try await authority.authenticate(authorization: "Bearer \(token.bearer)") }
        }
    }

    @Test("roles: each endpoint refuses the roles it is not for with 403")
    func roles() async throws {
        let harness = try await TestGateway.make()
        defer { harness.remove() }
        try await harness.test { client in
            let search = "sourceCloud=aws&targetCloud=azure&resourceTypes=EC2"
            #expect(try await client.search(harness.auditor, search).status == .forbidden)
            #expect(try await client.search(harness.officer, search).status == .ok)
            #expect(try await client.contribute(harness.officer, wordpress()).status == .forbidden)
            #expect(try await client.contribute(harness.auditor, wordpress()).status == .forbidden)
            let adminByDeployment = try await client.execute(
                uri: "/api/v1/admin/consent", method: .post, headers: headers(harness.alpha), body: json(["deploymentId": "x"]))
            #expect(adminByDeployment.status == .forbidden)
            let consentByOfficer = try await client.execute(uri: "/api/v1/consent", method: .get, headers: headers(harness.officer, json: false))
            #expect(consentByOfficer.status == .forbidden)
            let consentByAuditor = try await client.execute(
                uri: "/api/v1/consent", method: .put, headers: headers(harness.auditor), body: json(["action": "grant"]))
            #expect(consentByAuditor.status == .forbidden)
        }
    }

    @Test("consent is off by default; without it nothing is stored; grant and revoke return receipts")
    func consentLedger() async throws {
        let harness = try await TestGateway.make()
        defer { harness.remove() }
        try await harness.test { client in
            let initial = try await client.execute(uri: "/api/v1/consent", method: .get, headers: headers(harness.alpha, json: false))
            #expect(initial.object["contribute"] as? Bool == false)
            #expect((initial.object["history"] as? [Any])?.isEmpty == true)
            let refused = try await client.contribute(harness.alpha, wordpress())
            #expect(refused.status == .forbidden)
            #expect(refused.errorCode == "consent_required")

            let granted = try await client.execute(
                uri: "/api/v1/consent", method: .put, headers: headers(harness.alpha), body: json(["action": "grant", "policyVersion": "2026-11-25"]))
            #expect(granted.status == .ok)
            let receipt = try #require(granted.object["receipt"] as? [String: Any])
            #expect(receipt["action"] as? String == "grant")
            // `origin:seq` (the gateway may have published its tokens as events first).
            #expect((receipt["eventId"] as? String)?.split(separator: ":").last.flatMap { UInt64($0) } != nil)
            #expect((receipt["hash"] as? String)?.count == 64)
            #expect(receipt["policyVersion"] as? String == "2026-11-25")
            #expect(granted.object["contribute"] as? Bool == true)
            #expect(try await client.contribute(harness.alpha, wordpress()).status == .created)

            let revoked = try await client.execute(
                uri: "/api/v1/consent", method: .put, headers: headers(harness.alpha), body: json(["action": "revoke"]))
            #expect(revoked.object["contribute"] as? Bool == false)
            #expect((revoked.object["history"] as? [Any])?.count == 2)
            #expect(try await client.contribute(harness.alpha, wordpress("after-revoke")).errorCode == "consent_required")

            let wrongVersion = try await client.execute(
                uri: "/api/v1/consent", method: .put, headers: headers(harness.alpha), body: json(["action": "grant", "policyVersion": "1999-01-01"]))
            #expect(wrongVersion.status == .conflict)
            let badPurpose = try await client.execute(
                uri: "/api/v1/consent", method: .put, headers: headers(harness.alpha), body: json(["action": "grant", "purposes": ["marketing"]]))
            #expect(badPurpose.status == .badRequest)
            #expect(badPurpose.errorMessage?.contains("purposes[0]") == true)
            let noAction = try await client.execute(uri: "/api/v1/consent", method: .put, headers: headers(harness.alpha), body: json([:]))
            #expect(noAction.status == .badRequest)
        }
        // The revoke erased the one contribution (policy eraseOnRevoke).
        #expect(try await harness.gateway.database.contributionCount() == 0)
        let actions = try await harness.gateway.database.auditEntries(limit: 1000).map(\.action)
        #expect(actions.contains("erasure.requested"))
        #expect(actions.filter { $0 == "consent.granted" }.count == 1)
        #expect(actions.filter { $0 == "consent.revoked" }.count == 1)
    }

    @Test("an officer reads and revokes a deployment's consent by raw id in the body")
    func officerConsent() async throws {
        let harness = try await TestGateway.make()
        defer { harness.remove() }
        try await harness.test { client in
            try await client.grant(harness.alpha)
            let read = try await client.execute(
                uri: "/api/v1/admin/consent", method: .post, headers: headers(harness.officer), body: json(["deploymentId": TestGateway.alphaId]))
            #expect(read.status == .ok)
            #expect(read.object["contribute"] as? Bool == true)
            #expect(read.object["subject"] as? String == harness.gateway.keyRing.pseudonym(deploymentId: TestGateway.alphaId))
            let revoke = try await client.execute(
                uri: "/api/v1/admin/consent", method: .post, headers: headers(harness.officer),
                body: json(["deploymentId": TestGateway.alphaId, "revoke": true]))
            #expect(revoke.object["contribute"] as? Bool == false)
            #expect((revoke.object["receipt"] as? [String: Any])?["actor"] as? String == "officer")
            #expect(try await client.contribute(harness.alpha, wordpress()).errorCode == "consent_required")
            let missing = try await client.execute(uri: "/api/v1/admin/consent", method: .post, headers: headers(harness.officer), body: json([:]))
            #expect(missing.status == .badRequest)
        }
    }
}
