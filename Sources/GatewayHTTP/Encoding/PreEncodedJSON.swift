import Foundation
import Hummingbird
import NIOCore

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
