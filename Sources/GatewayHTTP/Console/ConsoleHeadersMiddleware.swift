import HTTPTypes
import Hummingbird

/// The console's response headers, on every page, download, redirect and error under
/// `/console`: a Content-Security-Policy without inline script or style, no framing, no
/// referrer, no MIME sniffing, and `Cache-Control: no-store` (pages and downloads show data).
struct ConsoleHeadersMiddleware: RouterMiddleware {
    typealias Context = GatewayRequestContext

    static let contentSecurityPolicy =
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'"

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var response: Response
        do {
            response = try await next(request, context)
        } catch {
            // A console page answers in HTML, never the API's JSON error body.
            response = ConsolePage.failure(error)
        }
        Self.secure(&response.headers)
        return response
    }

    static func secure(_ headers: inout HTTPFields) {
        headers[.contentSecurityPolicy] = contentSecurityPolicy
        headers[.xFrameOptions] = "DENY"
        headers[.cacheControl] = "no-store"
        headers[.referrerPolicy] = "no-referrer"
        headers[.xContentTypeOptions] = "nosniff"
        headers[.crossOriginOpenerPolicy] = "same-origin"
    }
}
