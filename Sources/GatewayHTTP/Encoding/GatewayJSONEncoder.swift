import Foundation
import Hummingbird
import NIOCore

/// The one JSON configuration of the HTTP edge: sorted keys, slashes unescaped,
/// `application/json; charset=utf-8`. `GatewayRequestContext.responseEncoder` is this
/// encoder, so every `ResponseEncodable` a handler returns goes through it; error bodies
/// (`ErrorMiddleware`) and pre-encoded bytes (`PreEncodedJSON`) carry the same content type.
public struct GatewayJSONEncoder: ResponseEncoder {
    static let contentType = "application/json; charset=utf-8"

    public init() {}

    public func encode(_ value: some Encodable, from request: Request, context: some RequestContext) throws -> Response {
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

/// JSON bytes encoded before the handler answers: cached search results, contribution
/// responses whose bytes are built once, signed sync answers.
struct PreEncodedJSON: ResponseGenerator {
    var buffer: ByteBuffer
    var status: HTTPResponse.Status

    init(bytes: [UInt8], status: HTTPResponse.Status = .ok) {
        self.buffer = ByteBuffer(bytes: bytes)
        self.status = status
    }

    init(data: Data, status: HTTPResponse.Status = .ok) {
        self.buffer = ByteBuffer(bytes: data)
        self.status = status
    }

    var response: Response {
        // No Content-Length: the server sets it from the body, which sync may yet compress.
        Response(status: status, headers: [.contentType: GatewayJSONEncoder.contentType], body: .init(byteBuffer: buffer))
    }

    func response(from request: Request, context: some RequestContext) -> Response { response }
}
