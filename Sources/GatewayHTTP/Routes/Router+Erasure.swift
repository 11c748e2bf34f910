import Foundation
import Gateway
import Hummingbird

extension PatternGateRoutes {
    /// Data-subject rights: erasure and its status, rectification, export; officers' purge
    /// and gateway retirement.
    static func addErasureRoutes(to router: Router<BasicRequestContext>, gateway: PatternGateway) {
        router.post("/api/v1/erasure") { request, context in
            let principal = try await gateway.authenticate(authorization: request.headers[.authorization])
            let body = try await jsonBody(request, limit: 1024 * 1024)
            let receipt = try await gateway.requestErasure(principal, body: RequestDecoding.decode(ErasureRequestBody.self, from: body))
            return JSONResponse.make(receipt, status: receipt.duplicate ? .ok : .created)
        }
        router.get("/api/v1/erasure") { request, context in
            let principal = try await gateway.authenticate(authorization: request.headers[.authorization])
            let query = request.uri.queryParameters
            return JSONResponse.make(
                try await gateway.listErasures(
                    principal, state: query.get("state"), limit: query.get("limit"), cursor: query.get("cursor")))
        }
        router.get("/api/v1/erasure/{id}") { request, context in
            let principal = try await gateway.authenticate(authorization: request.headers[.authorization])
            return JSONResponse.make(try await gateway.erasureStatus(principal, requestId: context.parameters.get("id") ?? ""))
        }
        router.post("/api/v1/erasure/{id}/attestations") { request, context in
            let principal = try await gateway.authenticate(authorization: request.headers[.authorization])
            let body = try await jsonBody(request, limit: 16 * 1024)
            return JSONResponse.make(
                try await gateway.attestDestroyed(
                    principal, requestId: context.parameters.get("id") ?? "", body: RequestDecoding.decode(AttestationBody.self, from: body)),
                status: .created)
        }
        router.put("/api/v1/contributions/{id}") { request, context in
            let principal = try await gateway.authenticate(authorization: request.headers[.authorization])
            let body = try await jsonBody(request, limit: gateway.policy.limits.maxItemBytes)
            let revision = try RequestDecoding.decode(ContributePatternRequest.self, from: body)
            return JSONResponse.make(try await gateway.reviseContribution(principal, contributionId: context.parameters.get("id") ?? "", request: revision))
        }
        router.post("/api/v1/export") { request, context in
            let principal = try await gateway.authenticate(authorization: request.headers[.authorization])
            let body = try await jsonBody(request, limit: 16 * 1024)
            return JSONResponse.make(try await gateway.export(principal, body: RequestDecoding.decode(ExportRequestBody.self, from: body)))
        }
        router.post("/api/v1/admin/purge") { request, context in
            let principal = try await gateway.authenticate(authorization: request.headers[.authorization])
            let body = try await jsonBody(request, limit: 16 * 1024)
            return JSONResponse.make(try await gateway.purge(principal, body: RequestDecoding.decode(PurgeRequestBody.self, from: body)))
        }
        router.post("/api/v1/admin/gateways/retire") { request, context in
            let principal = try await gateway.authenticate(authorization: request.headers[.authorization])
            let body = try await jsonBody(request, limit: 16 * 1024)
            let retired = try await gateway.retireGateway(principal, body: RequestDecoding.decode(RetireGatewayBody.self, from: body))
            return JSONResponse.make(retired, status: .ok)
        }
    }
}
