package import Gateway
package import Hummingbird

/// The request context of every PatternGate route: Hummingbird's core storage, the caller
/// that the route group's `AuthenticationMiddleware` admitted, and the one JSON encoder.
package struct GatewayRequestContext: RequestContext {
    package var coreContext: CoreRequestContextStorage
    /// Set by the group's `AuthenticationMiddleware` before the handler runs; nil on the
    /// package routes (`/healthz`, `/metrics`).
    package internal(set) var caller: Caller?

    package init(source: ApplicationRequestContextSource) {
        self.coreContext = .init(source: source)
        self.caller = nil
    }

    package var responseEncoder: GatewayJSONEncoder { GatewayJSONEncoder() }

    /// The bearer token's principal. A handler behind a token group always has one; a
    /// handler wired without the middleware answers 401 instead of running unauthenticated.
    package func principal() throws(GatewayError) -> Principal {
        guard case .token(let principal) = caller else { throw GatewayError.unauthenticated }
        return principal
    }

    /// The peer gateway's credentials, on peer routes.
    package func peer() throws(GatewayError) -> PeerCredentials {
        guard case .peer(let credentials) = caller else { throw SyncIntake.unauthenticated }
        return credentials
    }
}
