import Foundation
import Gateway
import Hummingbird
import NIOCore
import Prometheus

/// The HTTP API of DESIGN.md. Handlers authenticate, read the body within the policy's
/// limits, and hand everything else to `PatternGateway`.
public enum PatternGateRoutes {
    public static func router(gateway: PatternGateway, registry: PrometheusCollectorRegistry) -> Router<BasicRequestContext> {
        let router = Router(context: BasicRequestContext.self)
        // Metrics outside errors, so error responses are counted with their real status.
        router.add(middleware: RequestMetricsMiddleware(registry: registry))
        router.add(middleware: ErrorMiddleware())

        router.get("/healthz") { _, _ in
            JSONResponse.make(Health(status: "ok", gateway: gateway.identity.gatewayId, liveContributions: gateway.liveContributionCount))
        }
        router.get("/metrics") { _, _ in
            Response(
                status: .ok, headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
                body: .init(byteBuffer: ByteBuffer(string: registry.emitToString())))
        }

        router.post("/api/v1/patterns/contribute") { request, context in
            let principal = try await gateway.authenticate(authorization: request.headers[.authorization])
            let body = try await jsonBody(request, limit: gateway.policy.limits.maxItemBytes)
            let contribution = try RequestDecoding.decode(ContributePatternRequest.self, from: body)
            let response = try await gateway.contribute(principal, request: contribution)
            return JSONResponse.make(bytes: response.json(), status: response.duplicate ? .ok : .created)
        }
        router.post("/api/v1/patterns/contribute/batch") { request, context in
            let principal = try await gateway.authenticate(authorization: request.headers[.authorization])
            let body = try await jsonBody(request, limit: gateway.policy.limits.maxBatchBytes)
            return JSONResponse.make(try await gateway.contributeBatch(principal, body: body))
        }
        router.get("/api/v1/patterns/search") { request, context in
            let principal = try await gateway.authenticate(authorization: request.headers[.authorization])
            let query = request.uri.queryParameters
            let (source, target, types, limit) = (query.get("sourceCloud"), query.get("targetCloud"), query.get("resourceTypes"), query.get("limit"))
            if let body = try gateway.searchJSON(principal, sourceCloud: source, targetCloud: target, resourceTypes: types, limit: limit) {
                return JSONResponse.make(bytes: body)
            }
            return JSONResponse.make(try gateway.search(principal, sourceCloud: source, targetCloud: target, resourceTypes: types, limit: limit))
        }
        router.get("/api/v1/patterns/{id}") { request, context in
            let principal = try await gateway.authenticate(authorization: request.headers[.authorization])
            return JSONResponse.make(try gateway.pattern(principal, id: context.parameters.get("id") ?? ""))
        }

        router.put("/api/v1/consent") { request, context in
            let principal = try await gateway.authenticate(authorization: request.headers[.authorization])
            let body = try await jsonBody(request, limit: 16 * 1024)
            return JSONResponse.make(
                try await gateway.changeConsent(principal, request: RequestDecoding.decode(ConsentChangeRequest.self, from: body)))
        }
        router.get("/api/v1/consent") { request, context in
            let principal = try await gateway.authenticate(authorization: request.headers[.authorization])
            return JSONResponse.make(try await gateway.consentState(principal))
        }
        router.post("/api/v1/admin/consent") { request, context in
            let principal = try await gateway.authenticate(authorization: request.headers[.authorization])
            let body = try await jsonBody(request, limit: 16 * 1024)
            return JSONResponse.make(
                try await gateway.officerConsent(principal, request: RequestDecoding.decode(OfficerConsentRequest.self, from: body)))
        }
        router.post("/api/v1/admin/rescan") { request, context in
            let principal = try await gateway.authenticate(authorization: request.headers[.authorization])
            let body = try await jsonBody(request, limit: 16 * 1024)
            return JSONResponse.make(try await gateway.rescan(principal, request: RequestDecoding.decode(RescanRequest.self, from: body)))
        }
        addErasureRoutes(to: router, gateway: gateway)
        addSyncRoutes(to: router, gateway: gateway)
        addAuditRoutes(to: router, gateway: gateway)
        return router
    }

    /// Reads a JSON body of at most `limit` bytes; refuses other media types.
    static func jsonBody(_ request: Request, limit: Int) async throws -> Data {
        guard let type = request.headers[.contentType], type.lowercased().hasPrefix("application/json") else {
            throw GatewayError(.unsupportedMediaType, code: "unsupported_media_type", message: "the body must be application/json")
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

    struct Health: Encodable {
        var status: String
        var gateway: String
        var liveContributions: Int
    }
}
