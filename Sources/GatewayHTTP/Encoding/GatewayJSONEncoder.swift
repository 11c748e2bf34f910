import Foundation
package import Hummingbird
import NIOCore

/// The one JSON configuration of the HTTP edge: sorted keys, slashes unescaped,
/// `application/json; charset=utf-8`. `GatewayRequestContext.responseEncoder` is this
/// encoder, so every `ResponseEncodable` a handler returns goes through it; error bodies
/// (`ErrorMiddleware`) and pre-encoded bytes (`PreEncodedJSON`) carry the same content type.
package struct GatewayJSONEncoder: ResponseEncoder {
    static let contentType = "application/json; charset=utf-8"

    package init() {}

    package func encode(_ value: some Encodable, from request: Request, context: some RequestContext) throws -> Response {
        PreEncodedJSON(data: try Self.data(value)).response
    }

    /// `value` as JSON, outside a request (error bodies, signed sync answers).
    static func data(_ value: some Encodable) throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return try encoder.encode(value)
    }

    /// A response for `value`; a fixed `internal_error` body if it cannot be encoded.
    static func response(_ value: some Encodable, status: HTTPResponse.Status) -> Response {
        let data = (try? Self.data(value)) ?? Data(#"{"error":{"code":"internal_error","message":"encoding failed"}}"#.utf8)
        return PreEncodedJSON(data: data, status: status).response
    }
}
