import ErrorCodes
import Gateway
import HTTPTypes
import Hummingbird
import NIOCore
import ServiceLifecycle

extension PatternGateRoutes {
    static let lastEventId = HTTPField.Name("Last-Event-ID")!

    /// Live updates (`GET /api/v1/patterns/watch`, docs/design.md "Live updates"): the
    /// patterns a search with the same query would show, as Server-Sent Events.
    static func addWatchRoutes(to router: Router<GatewayRequestContext>, gateway: PatternGateway) {
        group(router, gateway: gateway, admitting: .tokens(.deployment, .officer, to: "watch patterns"))
            .get("/api/v1/patterns/watch") { request, context -> Response in
                // Every check on the caller (role, plan: 403 plan_required outside pro and
                // enterprise) happens in `watch`, before a byte of the stream.
                let principal = try context.principal()
                let query = request.uri.queryParameters
                let watch: PatternWatch
                do {
                    watch = try gateway.watch(
                        principal, sourceCloud: query.get("sourceCloud"), targetCloud: query.get("targetCloud"),
                        resourceTypes: query.get("resourceTypes"), lastEventId: request.headers[lastEventId])
                } catch let error as GatewayError where error.code == .busy {
                    return SyncIntake.refusal(error, status: .tooManyRequests, close: false)
                }
                return Response(
                    status: .ok,
                    headers: [.contentType: "text/event-stream; charset=utf-8", .cacheControl: "no-cache", .init("X-Accel-Buffering")!: "no"],
                    body: ResponseBody { writer in
                        // A graceful shutdown of the server ends the stream (the watch service
                        // ends every watch too); the client resumes elsewhere with Last-Event-ID.
                        try await withGracefulShutdownHandler {
                            try await gateway.stream(watch) { bytes in try await writer.write(ByteBuffer(bytes: bytes)) }
                        } onGracefulShutdown: {
                            watch.close()
                        }
                        try await writer.finish(nil)
                    })
            }
    }
}
