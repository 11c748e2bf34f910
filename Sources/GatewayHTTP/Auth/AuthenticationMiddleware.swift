import Gateway
import Hummingbird

/// The one authentication seam of the HTTP edge. Each route group adds one, with the
/// callers it admits; it runs before the handler, so before any body byte is read:
///
/// 1. a peer check, where the group admits peers: a signed request is admitted as
///    `.peer`, a refused one is answered at once (`peer_unauthenticated`, ...);
/// 2. otherwise the bearer token (`PatternGateway.authenticate(authorization:)`): 401
///    `unauthenticated`, 410 `gateway_retired`, or 403 `forbidden` for a role the group
///    does not admit;
/// 3. the caller goes into `GatewayRequestContext.caller` for the handler.
///
/// `PatternGateway`'s methods check roles again (defense in depth).
struct AuthenticationMiddleware: RouterMiddleware {
    typealias Context = GatewayRequestContext

    let gateway: PatternGateway
    let admission: Admission

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var context = context
        if let peers = admission.peers {
            switch try await peers.authenticate(request, gateway: gateway) {
            case .admitted(let request, let credentials):
                context.caller = .peer(credentials)
                return try await next(request, context)
            case .refused(let response):
                return response
            case .unsigned:
                break
            }
        }
        guard !admission.roles.isEmpty else { throw GatewayError.unauthenticated }
        let principal = try await gateway.authenticate(authorization: request.headers[.authorization])
        guard admission.roles.contains(principal.role) else { throw GatewayError.forbidden(admission.action) }
        context.caller = .token(principal)
        return try await next(request, context)
    }
}
