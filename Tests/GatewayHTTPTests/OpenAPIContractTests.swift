import Foundation
import Gateway
import GatewayHTTP
import GatewayTestSupport
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Prometheus
import TestSupport
import Testing
import Yams

/// `docs/openapi.yaml` is what outside clients are built against: these tests keep it in step
/// with the router and with what the server really answers.
@Suite("OpenAPI document")
struct OpenAPIContractTests {
    static func document() throws -> [String: Any] {
        let text = try String(contentsOf: repositoryRoot.appendingPathComponent("docs/openapi.yaml"), encoding: .utf8)
        return try #require(try Yams.load(yaml: text) as? [String: Any])
    }

    static func operations(_ document: [String: Any]) -> Set<String> {
        var operations = Set<String>()
        for (path, item) in document["paths"] as? [String: Any] ?? [:] {
            for method in (item as? [String: Any] ?? [:]).keys where ["get", "put", "post", "delete", "patch"].contains(method) {
                operations.insert("\(method.uppercased()) \(path)")
            }
        }
        return operations
    }

    @Test("every route is documented and every documented operation is routed")
    func routesMatch() async throws {
        let harness = try await TestGateway.make()
        defer { harness.remove() }
        let router = PatternGateRoutes.router(gateway: harness.gateway, registry: PrometheusCollectorRegistry())
        // The console's HTML pages are documented in docs/console.md (ConsoleTests.documented).
        let routed = Set(router.routes.filter { !"\($0.path)".hasPrefix("/console") }.map { "\($0.method.rawValue) \($0.path)" })
        let documented = Self.operations(try Self.document())
        #expect(routed == documented)
        #expect(routed.count >= 9)
    }

    @Test("real responses carry every property the document marks required")
    func responsesMatchSchemas() async throws {
        let document = try Self.document()
        let schemas = try #require((document["components"] as? [String: Any])?["schemas"] as? [String: Any])
        let requiredByName = schemas.mapValues { (($0 as? [String: Any])?["required"] as? [String]) ?? [] }
        #expect(requiredByName["ContributePatternResponse"]?.isEmpty == false)
        @Sendable func required(_ name: String) -> [String] { requiredByName[name] ?? [] }
        let harness = try await TestGateway.make()
        defer { harness.remove() }
        try await harness.test { client in
            let consent = try await client.execute(
                uri: "/api/v1/consent", method: .put, headers: headers(harness.alpha), body: json(["action": "grant"]))
            for key in required("ConsentStateResponse") { #expect(consent.object[key] != nil, "ConsentStateResponse.\(key)") }
            let receipt = consent.object["receipt"] as? [String: Any] ?? [:]
            for key in required("ConsentReceipt") { #expect(receipt[key] != nil, "ConsentReceipt.\(key)") }
            let created = try await client.contribute(harness.alpha, wordpress())
            for key in required("ContributePatternResponse") { #expect(created.object[key] != nil, "ContributePatternResponse.\(key)") }
            let batch = try await client.execute(
                uri: "/api/v1/patterns/contribute/batch", method: .post, headers: headers(harness.alpha), body: json([wordpress("b")]))
            for key in required("BatchContributeResponse") { #expect(batch.object[key] != nil, "BatchContributeResponse.\(key)") }
            let found = try await client.search(harness.beta, "sourceCloud=aws&targetCloud=azure&resourceTypes=EC2")
            for key in required("SearchPatternsResponse") { #expect(found.object[key] != nil, "SearchPatternsResponse.\(key)") }
            let pattern = (found.object["patterns"] as? [[String: Any]])?.first ?? [:]
            for key in required("Pattern") { #expect(pattern[key] != nil, "Pattern.\(key)") }
            let step = (pattern["steps"] as? [[String: Any]])?.first ?? [:]
            for key in required("PatternStep") { #expect(step[key] != nil, "PatternStep.\(key)") }
            let health = try await client.execute(uri: "/healthz", method: .get)
            for key in required("Health") { #expect(health.object[key] != nil, "Health.\(key)") }
            let stats = try await client.execute(uri: "/api/v1/network/stats", method: .get, headers: headers(harness.auditor, json: false))
            for key in required("NetworkStats") { #expect(stats.object[key] != nil, "NetworkStats.\(key)") }
            let scope = stats.object["network"] as? [String: Any] ?? [:]
            #expect(Set(scope.keys) == Set(required("NetworkScopeFigures")))
            let figure = scope["contributions"] as? [String: Any] ?? [:]
            #expect(Set(figure.keys) == Set(required("NetworkFigure")))
            let error = try await client.contribute(harness.alpha, [:])
            for key in required("ErrorBody") { #expect(error.object[key] != nil, "ErrorBody.\(key)") }
        }
    }
}
