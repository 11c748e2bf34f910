import ErrorCodes
import Foundation
import Gateway
import Hummingbird
import Logging

/// Turns every error into `{"error": {"code", "message"}}` with the status its kind maps to.
/// Unknown errors become a 500 with a fixed message; only the error's type is logged, never
/// its description (which could carry a value from a request).
struct ErrorMiddleware<Context: RequestContext>: RouterMiddleware {
    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch {
            return Self.response(for: Self.mapped(error, logger: context.logger))
        }
    }

    /// Any error as the `GatewayError` it answers with. Every module's error goes through the
    /// one mapping (`ErrorReport`); an internal failure answers the generic `internal_error`
    /// and logs only its code or type.
    static func mapped(_ error: any Error, logger: Logger) -> GatewayError {
        if let error = error as? GatewayError { return error }
        if let error = error as? HTTPError { return translate(error) }
        let mapped = ErrorReport.gatewayError(for: error)
        guard let mapped, mapped.kind != .internalFailure else {
            logger.error("request failed", metadata: ["error": "\(mapped?.code.rawValue ?? "\(type(of: error))")"])
            return .internalFailure
        }
        return mapped
    }

    static func status(for kind: GatewayError.Kind) -> HTTPResponse.Status {
        switch kind {
        case .invalidInput: .badRequest
        case .unauthenticated: .unauthorized
        case .forbidden: .forbidden
        case .notFound: .notFound
        case .conflict: .conflict
        case .gone: .gone
        case .payloadTooLarge: .contentTooLarge
        case .unsupportedMediaType: .unsupportedMediaType
        case .rejected, .unprocessable: .unprocessableContent
        case .unavailable: .serviceUnavailable
        case .internalFailure: .internalServerError
        }
    }

    static func translate(_ error: HTTPError) -> GatewayError {
        switch error.status {
        case .notFound: GatewayError(.notFound, code: .notFound, message: "no such endpoint")
        case .contentTooLarge: .payloadTooLarge("the request body is larger than this endpoint accepts")
        case .methodNotAllowed: GatewayError(.invalidInput, code: .methodNotAllowed, message: "this endpoint does not take that method")
        case .badRequest: GatewayError(.invalidInput, code: .badRequest, message: "the request could not be read")
        default:
            error.status.code >= 500
                ? .internalFailure : GatewayError(.invalidInput, code: .badRequest, message: "the request could not be served")
        }
    }

    static func response(for error: GatewayError) -> Response {
        var response = GatewayJSONEncoder.response(ErrorBody(error), status: status(for: error.kind))
        if error.kind == .unauthenticated { response.headers[.wwwAuthenticate] = "Bearer" }
        return response
    }
}
