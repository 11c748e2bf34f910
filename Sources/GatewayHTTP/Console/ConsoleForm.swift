import ErrorCodes
import Foundation
import Gateway
import Hummingbird
import NIOCore

/// The fields of every console form (`application/x-www-form-urlencoded`): the CSRF token,
/// and the typed token or deployment id where a form has one. Unknown fields are ignored.
struct ConsoleForm: Decodable, Sendable {
    var csrf: String?
    var token: String?
    var deploymentId: String?

    /// Most bytes a console form may send.
    static let limit = 8 * 1024

    /// The form in `request`'s body; `invalid_field` for another media type or a body that
    /// does not parse, `payload_too_large` past `limit`.
    static func read(_ request: Request) async throws -> ConsoleForm {
        guard let type = request.headers[.contentType], type.lowercased().hasPrefix("application/x-www-form-urlencoded") else {
            throw GatewayError(
                .unsupportedMediaType, code: .unsupportedMediaType, message: "a console form must be application/x-www-form-urlencoded")
        }
        let buffer: ByteBuffer
        do {
            buffer = try await request.body.collect(upTo: limit)
        } catch {
            throw GatewayError.payloadTooLarge("a console form must be at most \(limit) bytes")
        }
        do {
            return try URLEncodedFormDecoder().decode(ConsoleForm.self, from: String(buffer: buffer))
        } catch {
            throw GatewayError.invalidField("form", "could not be read")
        }
    }
}
