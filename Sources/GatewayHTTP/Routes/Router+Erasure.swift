import Foundation
import Gateway
import Hummingbird

extension PatternGateRoutes {
    /// Data-subject rights: erasure and its status, rectification, export; officers' purge
    /// and gateway retirement.
    static func addErasureRoutes(to router: Router<GatewayRequestContext>, gateway: PatternGateway) {
        group(router, gateway: gateway, admitting: .tokens(.deployment, .officer, to: "request an erasure"))
            .post("/api/v1/erasure") { request, context in
                let principal = try context.principal()
                let body = try await jsonBody(request, limit: 1024 * 1024)
                let receipt = try await gateway.requestErasure(principal, body: RequestDecoding.decode(ErasureRequestBody.self, from: body))
                return EditedResponse(status: receipt.duplicate ? .ok : .created, response: receipt)
            }
        group(router, gateway: gateway, admitting: .tokens(.officer, to: "list erasure requests"))
            .get("/api/v1/erasure") { request, context in
                let query = request.uri.queryParameters
                return try await gateway.listErasures(
                    try context.principal(), state: query.get("state"), limit: query.get("limit"), cursor: query.get("cursor"))
            }
        group(router, gateway: gateway, admitting: .tokens(.deployment, .officer, to: "read an erasure's status"))
            .get("/api/v1/erasure/{id}") { _, context in
                try await gateway.erasureStatus(try context.principal(), requestId: context.parameters.get("id") ?? "")
            }
        group(router, gateway: gateway, admitting: .tokens(.officer, to: "attest that a gateway's data was destroyed"))
            .post("/api/v1/erasure/{id}/attestations") { request, context in
                let principal = try context.principal()
                let body = try await jsonBody(request, limit: 16 * 1024)
                let status = try await gateway.attestDestroyed(
                    principal, requestId: context.parameters.get("id") ?? "", body: RequestDecoding.decode(AttestationBody.self, from: body))
                return EditedResponse(status: .created, response: status)
            }
        group(router, gateway: gateway, admitting: .tokens(.deployment, to: "revise a contribution"))
            .put("/api/v1/contributions/{id}") { request, context in
                let principal = try context.principal()
                let body = try await jsonBody(request, limit: gateway.policy.limits.maxItemBytes)
                let revision = try RequestDecoding.decode(ContributePatternRequest.self, from: body)
                return try await gateway.reviseContribution(principal, contributionId: context.parameters.get("id") ?? "", request: revision)
            }
        group(router, gateway: gateway, admitting: .tokens(.deployment, .officer, to: "export a deployment's data"))
            .post("/api/v1/export") { request, context in
                let principal = try context.principal()
                let body = try await jsonBody(request, limit: 16 * 1024)
                return try await gateway.export(principal, body: RequestDecoding.decode(ExportRequestBody.self, from: body))
            }
        group(router, gateway: gateway, admitting: .tokens(.officer, to: "purge erased data"))
            .post("/api/v1/admin/purge") { request, context in
                let principal = try context.principal()
                let body = try await jsonBody(request, limit: 16 * 1024)
                return try await gateway.purge(principal, body: RequestDecoding.decode(PurgeRequestBody.self, from: body))
            }
        group(router, gateway: gateway, admitting: .tokens(.officer, to: "retire a gateway"))
            .post("/api/v1/admin/gateways/retire") { request, context in
                let principal = try context.principal()
                let body = try await jsonBody(request, limit: 16 * 1024)
                return try await gateway.retireGateway(principal, body: RequestDecoding.decode(RetireGatewayBody.self, from: body))
            }
    }
}
