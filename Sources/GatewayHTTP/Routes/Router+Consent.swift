import Foundation
import Gateway
import Hummingbird

extension PatternGateRoutes {
    /// A deployment's own consent, and officers' consent on a deployment's behalf; officers' rescan.
    static func addConsentRoutes(to router: Router<GatewayRequestContext>, gateway: PatternGateway) {
        group(router, gateway: gateway, admitting: .tokens(.deployment, to: "change consent"))
            .put("/api/v1/consent") { request, context in
                try await gateway.changeConsent(try context.principal(), request: decodedBody(ConsentChangeRequest.self, request))
            }
        group(router, gateway: gateway, admitting: .tokens(.deployment, to: "read consent"))
            .get("/api/v1/consent") { request, context in
                try await gateway.consentState(try context.principal(), network: request.uri.queryParameters.get("network"))
            }
        group(router, gateway: gateway, admitting: .tokens(.officer, to: "manage another deployment's consent"))
            .post("/api/v1/admin/consent") { request, context in
                try await gateway.officerConsent(try context.principal(), request: decodedBody(OfficerConsentRequest.self, request))
            }
        group(router, gateway: gateway, admitting: .tokens(.officer, to: "rescan stored contributions"))
            .post("/api/v1/admin/rescan") { request, context in
                try await gateway.rescan(try context.principal(), request: decodedBody(RescanRequest.self, request))
            }
    }
}
