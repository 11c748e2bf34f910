import Foundation
import Gateway
import Hummingbird

extension PatternGateRoutes {
    /// The learned ranking's officer endpoints: train on demand, read the active card.
    static func addRankerRoutes(to router: Router<GatewayRequestContext>, gateway: PatternGateway) {
        group(router, gateway: gateway, admitting: .tokens(.officer, to: "train the ranker"))
            .post("/api/v1/admin/ranker/train") { request, context in
                // No body is needed; up to 1 KiB (`{}` say) is read and ignored, more is 413.
                do {
                    _ = try await request.body.collect(upTo: 1024)
                } catch {
                    throw GatewayError.payloadTooLarge("this endpoint takes no body (at most 1024 bytes are ignored)")
                }
                return EditedResponse(
                    status: .created,
                    response: try await gateway.trainRanker(try context.principal(), network: request.uri.queryParameters.get("network")))
            }
        group(router, gateway: gateway, admitting: .tokens(.officer, to: "read the ranker"))
            .get("/api/v1/admin/ranker") { request, context in
                try await gateway.rankerCard(try context.principal(), network: request.uri.queryParameters.get("network"))
            }
    }
}
