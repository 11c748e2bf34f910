import Gateway
import Hummingbird

extension PatternGateRoutes {
    /// The network figures (docs/design.md, "Network figures"): any token reads the global
    /// ones; a private network's (`?network=NAME`) only its organization's tokens and officers.
    static func addNetworkRoutes(to router: Router<GatewayRequestContext>, gateway: PatternGateway) {
        group(router, gateway: gateway, admitting: .tokens(.deployment, .officer, .auditor, to: "read network figures"))
            .get("/api/v1/network/stats") { request, context in
                try await gateway.networkStats(try context.principal(), network: request.uri.queryParameters.get("network"))
            }
    }
}
