import Foundation
import Gateway
import Hummingbird

extension PatternGateRoutes {
    /// A deployment's own consent, and officers' consent on a deployment's behalf; officers' rescan.
    static func addConsentRoutes(to router: Router<GatewayRequestContext>, gateway: PatternGateway) {
        group(router, gateway: gateway, admitting: .tokens(.deployment, to: "change consent"))
            .put("/api/v1/consent") { request, context in
                let principal = try context.principal()
                let body = try await jsonBody(request, limit: 16 * 1024)
                return try await gateway.changeConsent(principal, request: RequestDecoding.decode(ConsentChangeRequest.self, from: body))
            }
        group(router, gateway: gateway, admitting: .tokens(.deployment, to: "read consent"))
            .get("/api/v1/consent") { _, context in
                try await gateway.consentState(try context.principal())
            }
        group(router, gateway: gateway, admitting: .tokens(.officer, to: "manage another deployment's consent"))
            .post("/api/v1/admin/consent") { request, context in
                let principal = try context.principal()
                let body = try await jsonBody(request, limit: 16 * 1024)
                return try await gateway.officerConsent(principal, request: RequestDecoding.decode(OfficerConsentRequest.self, from: body))
            }
        group(router, gateway: gateway, admitting: .tokens(.officer, to: "rescan stored contributions"))
            .post("/api/v1/admin/rescan") { request, context in
                let principal = try context.principal()
                let body = try await jsonBody(request, limit: 16 * 1024)
                return try await gateway.rescan(principal, request: RequestDecoding.decode(RescanRequest.self, from: body))
            }
    }
}
