import Foundation
import Gateway
import GatewayTestSupport
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import Prometheus
import TestSupport
import Testing

@testable import GatewayHTTP

/// The HTTP edge authenticates in one place: each route group's `AuthenticationMiddleware`
/// (docs/design.md, "One authentication seam").
@Suite("Authentication seam")
struct AuthenticationSeamTests {
    /// The token roles each authenticated route admits; every other role gets 403. Sync
    /// admits peers only, so every bearer token gets 401 there. A new route must be added.
    static let admitted: [String: Set<Role>] = [
        "POST /api/v1/patterns/contribute": [.deployment],
        "POST /api/v1/patterns/contribute/batch": [.deployment],
        "GET /api/v1/patterns/search": [.deployment, .officer],
        "GET /api/v1/patterns/watch": [.deployment, .officer],
        "GET /api/v1/patterns/{id}": [.deployment, .officer],
        "PUT /api/v1/consent": [.deployment],
        "GET /api/v1/consent": [.deployment],
        "POST /api/v1/admin/consent": [.officer],
        "POST /api/v1/admin/rescan": [.officer],
        "POST /api/v1/erasure": [.deployment, .officer],
        "GET /api/v1/erasure": [.officer],
        "GET /api/v1/erasure/{id}": [.deployment, .officer],
        "POST /api/v1/erasure/{id}/attestations": [.officer],
        "GET /api/v1/erasure/{id}/certificate": [.officer],
        "PUT /api/v1/contributions/{id}": [.deployment],
        "POST /api/v1/export": [.deployment, .officer],
        "POST /api/v1/admin/purge": [.officer],
        "POST /api/v1/admin/gateways/retire": [.officer],
        "POST /api/v1/admin/ranker/train": [.officer],
        "GET /api/v1/admin/ranker": [.officer],
        "GET /api/v1/network/stats": [.deployment, .officer, .auditor],
        "GET /api/v1/audit/checkpoint": [.auditor, .officer],
        "GET /api/v1/audit/public-key": [.auditor, .officer],
        "GET /api/v1/audit/segments": [.auditor, .officer],
        "POST /api/v1/admin/audit/rotate": [.officer],
        "GET /api/v1/audit/entries": [.auditor, .officer],
        "GET /api/v1/audit/proof/inclusion": [.auditor, .officer],
        "GET /api/v1/audit/proof/consistency": [.auditor, .officer],
        "GET /api/v1/sync/status": [.officer],
        "POST /api/v1/sync": [],
        // Private networks (issue 18): one pair of routes for every name, hosted or not.
        "POST /api/v1/networks/{network}/sync": [],
        "GET /api/v1/networks/{network}/sync/status": [.officer],
    ]
    static let publicRoutes: Set<String> = ["GET /healthz", "GET /metrics"]
    static let peerRoutes: Set<String> = ["POST /api/v1/sync", "POST /api/v1/networks/{network}/sync"]

    @Test("every route: no token or a bad token is 401, a role it does not admit 403, with a body over every limit left unread")
    func everyRouteRefusesBeforeTheBody() async throws {
        let harness = try await TestGateway.make()
        defer { harness.remove() }
        let routes = PatternGateRoutes.router(gateway: harness.gateway, registry: PrometheusCollectorRegistry()).routes
            .map { (method: $0.method, template: "\($0.path)") }
        let keys = Set(routes.map { "\($0.method.rawValue) \($0.template)" })
        // The console's routes (`/console/...`) take its session cookie, never a bearer token
        // (ConsoleTests.bearerIsNoSession); every other route is in the table.
        let console = Set(routes.filter { $0.template.hasPrefix("/console") }.map { "\($0.method.rawValue) \($0.template)" })
        #expect(console.count >= 20)
        #expect(keys.subtracting(console) == Set(Self.admitted.keys).union(Self.publicRoutes), "the table above lists every authenticated route")
        // Larger than any body limit of a bearer route (the batch limit is the largest).
        let oversized = ByteBuffer(repeating: UInt8(ascii: " "), count: harness.gateway.policy.limits.maxBatchBytes + 1)
        let roles: [(Role, String)] = [(.deployment, harness.alpha), (.officer, harness.officer), (.auditor, harness.auditor)]
        let badToken = "pgt_0000000000000000_" + String(repeating: "a", count: 43)
        try await harness.test { client in
            var mismatches: [String] = []
            func check(_ method: HTTPRequest.Method, _ path: String, _ token: String?, expect status: Int, code: String, label: String) async throws {
                var fields: HTTPFields = [.contentType: "application/json"]
                if let token { fields[.authorization] = "Bearer \(token)" }
                let response = try await client.execute(uri: path, method: method, headers: fields, body: oversized)
                if Int(response.status.code) != status || response.errorCode != code {
                    mismatches.append(
                        "\(method) \(path) as \(label): \(response.status.code) \(response.errorCode ?? "-"), expected \(status) \(code)")
                }
            }
            for route in routes {
                let key = "\(route.method.rawValue) \(route.template)"
                guard let admitted = Self.admitted[key] else { continue }
                let path = route.template.replacingOccurrences(of: "{id}", with: "x").replacingOccurrences(of: "{network}", with: "x")
                let peer = Self.peerRoutes.contains(key)
                let refusedCode = peer ? "peer_unauthenticated" : "unauthenticated"
                try await check(route.method, path, nil, expect: 401, code: refusedCode, label: "none")
                try await check(route.method, path, badToken, expect: 401, code: refusedCode, label: "bad token")
                for (role, token) in roles where !admitted.contains(role) {
                    try await check(route.method, path, token, expect: peer ? 401 : 403, code: peer ? refusedCode : "forbidden", label: role.rawValue)
                }
                // An admitted role does reach the body (so the refusals above did not just fail to).
                if route.method == .post || route.method == .put, let role = admitted.first, let token = roles.first(where: { $0.0 == role })?.1 {
                    try await check(route.method, path, token, expect: 413, code: "payload_too_large", label: "\(role.rawValue), admitted")
                }
            }
            #expect(mismatches.isEmpty, "\(mismatches.joined(separator: "\n"))")
        }
    }

    @Test("a role refused at the seam gets the gateway's own 403 message, and 401 says WWW-Authenticate: Bearer")
    func refusalBodies() async throws {
        let harness = try await TestGateway.make()
        defer { harness.remove() }
        try await harness.test { client in
            let search = try await client.search(harness.auditor, "sourceCloud=aws&targetCloud=azure&resourceTypes=EC2")
            #expect(search.status == .forbidden)
            #expect(search.errorCode == "forbidden")
            #expect(search.errorMessage == GatewayError.forbidden("search patterns").message)
            let audit = try await client.execute(uri: "/api/v1/audit/entries", method: .get, headers: headers(harness.alpha, json: false))
            #expect(audit.errorMessage == GatewayError.forbidden("read the audit log").message)
            let anonymous = try await client.execute(uri: "/api/v1/consent", method: .get)
            #expect(anonymous.status == .unauthorized)
            #expect(anonymous.errorMessage == GatewayError.unauthenticated.message)
            #expect(anonymous.headers[.wwwAuthenticate] == "Bearer")
        }
    }

    @Test("the middleware puts the admitted principal in the context; a handler outside any group has none")
    func principalInContext() async throws {
        let harness = try await TestGateway.make()
        defer { harness.remove() }
        let router = Router(context: GatewayRequestContext.self)
        router.add(middleware: ErrorMiddleware())
        PatternGateRoutes.group(router, gateway: harness.gateway, admitting: .tokens(.auditor, .officer, to: "test"))
            .get("/who") { _, context in try context.principal().role.rawValue }
        router.get("/unguarded") { _, context in try context.principal().role.rawValue }
        try await Application(router: router).test(.router) { client in
            #expect(try await client.execute(uri: "/who", method: .get, headers: headers(harness.officer, json: false)).text == "officer")
            #expect(try await client.execute(uri: "/who", method: .get, headers: headers(harness.auditor, json: false)).text == "auditor")
            let refused = try await client.execute(uri: "/who", method: .get, headers: headers(harness.alpha, json: false))
            #expect(refused.status == .forbidden)
            #expect(refused.errorMessage == GatewayError.forbidden("test").message)
            // Wired without the seam, a handler answers 401 rather than running unauthenticated.
            let unguarded = try await client.execute(uri: "/unguarded", method: .get, headers: headers(harness.officer, json: false))
            #expect(unguarded.status == .unauthorized)
        }
    }

    /// The HTTP sources, by path relative to Sources/GatewayHTTP.
    static func sources() throws -> [String: String] {
        let root = repositoryRoot.appendingPathComponent("Sources/GatewayHTTP")
        let files = FileManager.default.enumerator(atPath: root.path)?.compactMap { $0 as? String }.filter { $0.hasSuffix(".swift") } ?? []
        return try Dictionary(uniqueKeysWithValues: files.map { ($0, try String(contentsOf: root.appendingPathComponent($0), encoding: .utf8)) })
    }

    @Test("no handler checks a token: only the seam calls authenticate(authorization:), and only one file configures a JSONEncoder")
    func oneSeamInTheSources() throws {
        let sources = try Self.sources()
        #expect(sources.count >= 10)
        let authenticating = sources.filter { $0.value.contains("authenticate(authorization:") }.keys.sorted()
        #expect(authenticating == ["Auth/AuthenticationMiddleware.swift"])
        let routeFiles = sources.filter { $0.key.hasPrefix("Routes/") }
        #expect(routeFiles.count >= 4)
        for (path, text) in routeFiles {
            #expect(!text.contains(".authorization]"), "\(path) reads the Authorization header")
            #expect(!text.contains(".require("), "\(path) checks a role itself")
            #expect(!text.contains("BasicRequestContext"), "\(path) uses a context without the caller")
        }
        let encoding = sources.filter { $0.value.contains(#/\bJSONEncoder\(\)/#) }.keys.sorted()
        #expect(encoding == ["Encoding/GatewayJSONEncoder.swift"])
    }
}
