import ErrorCodes
import Foundation
package import Gateway
package import Hummingbird
import NIOCore
import NIOFoundationEssentialsCompat
package import Prometheus
import Storage

/// The HTTP API of DESIGN.md. Each route sits in a group whose `AuthenticationMiddleware`
/// admits its callers (see docs/design.md, "One authentication seam"); handlers take the
/// principal from the context, read the body within the policy's limits, hand everything
/// else to `PatternGateway` and return `ResponseEncodable` values, which the context's one
/// `GatewayJSONEncoder` encodes.
package enum PatternGateRoutes {
    package static func router(
        gateway: PatternGateway, registry: PrometheusCollectorRegistry, console: ConsoleConfiguration = ConsoleConfiguration()
    ) -> Router<GatewayRequestContext> {
        let router = Router(context: GatewayRequestContext.self)
        // Metrics outside errors, so error responses are counted with their real status.
        router.add(middleware: RequestMetricsMiddleware(registry: registry))
        router.add(middleware: ErrorMiddleware())

        router.get("/healthz") { _, _ in
            Health(status: "ok", gateway: gateway.identity.gatewayId, liveContributions: gateway.liveContributionCount)
        }
        router.get("/metrics") { _, _ in
            // The network figures' gauges follow the published figures (recomputed when due).
            _ = try? await gateway.networkFigures()
            return Response(
                status: .ok, headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
                body: .init(byteBuffer: ByteBuffer(string: registry.emitToString())))
        }
        addPatternRoutes(to: router, gateway: gateway)
        addWatchRoutes(to: router, gateway: gateway)
        addConsentRoutes(to: router, gateway: gateway)
        addErasureRoutes(to: router, gateway: gateway)
        addSyncRoutes(to: router, gateway: gateway)
        addAuditRoutes(to: router, gateway: gateway)
        addAuditAdminRoutes(to: router, gateway: gateway)
        addRankerRoutes(to: router, gateway: gateway)
        addNetworkRoutes(to: router, gateway: gateway)
        addConsoleRoutes(to: router, gateway: gateway, configuration: console)
        return router
    }

    /// A group of routes behind one `AuthenticationMiddleware` admitting `admission`.
    static func group(
        _ router: Router<GatewayRequestContext>, gateway: PatternGateway, admitting admission: Admission
    )
        -> RouterGroup<GatewayRequestContext>
    {
        router.group().add(middleware: AuthenticationMiddleware(gateway: gateway, admission: admission))
    }

    /// Reads a JSON body of at most `limit` bytes (16 KiB unless said) and decodes it as `type`.
    static func decodedBody<T: Decodable>(_ type: T.Type, _ request: Request, limit: Int = 16 * 1024) async throws -> T {
        try RequestDecoding.decode(type, from: try await jsonBody(request, limit: limit))
    }

    /// Reads a JSON body of at most `limit` bytes; refuses other media types.
    static func jsonBody(_ request: Request, limit: Int) async throws -> Data {
        guard let type = request.headers[.contentType], type.lowercased().hasPrefix("application/json") else {
            throw GatewayError(.unsupportedMediaType, code: .unsupportedMediaType, message: "the body must be application/json")
        }
        var buffer: ByteBuffer
        do {
            buffer = try await request.body.collect(upTo: limit)
        } catch let error as HTTPError where error.status == .contentTooLarge {
            throw GatewayError.payloadTooLarge("the body must be at most \(limit) bytes")
        } catch is NIOTooManyBytesError {
            throw GatewayError.payloadTooLarge("the body must be at most \(limit) bytes")
        }
        return buffer.readData(length: buffer.readableBytes) ?? Data()
    }

    struct Health: ResponseEncodable {
        var status: String
        var gateway: String
        var liveContributions: Int
    }
}
