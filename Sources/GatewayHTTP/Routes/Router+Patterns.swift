import Foundation
import Gateway
import Hummingbird
import Privacy

extension PatternGateRoutes {
    /// Contributions (deployments) and pattern reads (deployments and officers).
    static func addPatternRoutes(to router: Router<GatewayRequestContext>, gateway: PatternGateway) {
        let contributors = group(router, gateway: gateway, admitting: .tokens(.deployment, to: "contribute"))
        contributors.post("/api/v1/patterns/contribute") { request, context in
            let contribution = try await decodedBody(ContributePatternRequest.self, request, limit: gateway.policy.limits.maxItemBytes)
            let response = try await gateway.contribute(try context.principal(), request: contribution)
            return PreEncodedJSON(bytes: response.json(), status: response.duplicate ? .ok : .created)
        }
        contributors.post("/api/v1/patterns/contribute/batch") { request, context in
            let principal = try context.principal()
            let body = try await jsonBody(request, limit: gateway.policy.limits.maxBatchBytes)
            return try await gateway.contributeBatch(principal, body: body)
        }
        group(router, gateway: gateway, admitting: .tokens(.deployment, .officer, to: "search patterns"))
            .get("/api/v1/patterns/search") { request, context -> Response in
                let principal = try context.principal()
                let query = request.uri.queryParameters
                let (source, target, types, limit) = (
                    query.get("sourceCloud"), query.get("targetCloud"), query.get("resourceTypes"), query.get("limit")
                )
                let ranking = query.get("ranking")
                // Cached results are JSON already; the rest goes through the context's encoder.
                if let body = try gateway.searchJSON(
                    principal, sourceCloud: source, targetCloud: target, resourceTypes: types, limit: limit, ranking: ranking)
                {
                    return PreEncodedJSON(bytes: body).response
                }
                return try gateway.search(principal, sourceCloud: source, targetCloud: target, resourceTypes: types, limit: limit, ranking: ranking)
                    .response(from: request, context: context)
            }
        group(router, gateway: gateway, admitting: .tokens(.deployment, .officer, to: "read patterns"))
            .get("/api/v1/patterns/{id}") { request, context in
                try gateway.pattern(try context.principal(), id: context.parameters.get("id") ?? "")
            }
    }
}
