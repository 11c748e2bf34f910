import Foundation
import Gateway
import Hummingbird
import Privacy

extension PatternGateRoutes {
    /// Data-subject rights: erasure, its status and purge certificate, rectification, export;
    /// officers' purge and gateway retirement.
    static func addErasureRoutes(to router: Router<GatewayRequestContext>, gateway: PatternGateway) {
        group(router, gateway: gateway, admitting: .tokens(.deployment, .officer, to: "request an erasure"))
            .post("/api/v1/erasure") { request, context in
                let body = try await decodedBody(ErasureRequestBody.self, request, limit: 1024 * 1024)
                let receipt = try await gateway.requestErasure(try context.principal(), body: body)
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
        group(router, gateway: gateway, admitting: .tokens(.officer, to: "download a purge certificate"))
            .get("/api/v1/erasure/{id}/certificate") { _, context in
                try await gateway.purgeCertificate(try context.principal(), requestId: context.parameters.get("id") ?? "")
            }
        group(router, gateway: gateway, admitting: .tokens(.officer, to: "attest that a gateway's data was destroyed"))
            .post("/api/v1/erasure/{id}/attestations") { request, context in
                let body = try await decodedBody(AttestationBody.self, request)
                let status = try await gateway.attestDestroyed(try context.principal(), requestId: context.parameters.get("id") ?? "", body: body)
                return EditedResponse(status: .created, response: status)
            }
        group(router, gateway: gateway, admitting: .tokens(.deployment, to: "revise a contribution"))
            .put("/api/v1/contributions/{id}") { request, context in
                let revision = try await decodedBody(ContributePatternRequest.self, request, limit: gateway.policy.limits.maxItemBytes)
                return try await gateway.reviseContribution(
                    try context.principal(), contributionId: context.parameters.get("id") ?? "", request: revision)
            }
        group(router, gateway: gateway, admitting: .tokens(.deployment, .officer, to: "export a deployment's data"))
            .post("/api/v1/export") { request, context in
                try await gateway.export(try context.principal(), body: decodedBody(ExportRequestBody.self, request))
            }
        group(router, gateway: gateway, admitting: .tokens(.officer, to: "purge erased data"))
            .post("/api/v1/admin/purge") { request, context in
                try await gateway.purge(try context.principal(), body: decodedBody(PurgeRequestBody.self, request))
            }
        group(router, gateway: gateway, admitting: .tokens(.officer, to: "retire a gateway"))
            .post("/api/v1/admin/gateways/retire") { request, context in
                try await gateway.retireGateway(try context.principal(), body: decodedBody(RetireGatewayBody.self, request))
            }
    }
}
