import CompressNIO
import ErrorCodes
package import Foundation
import Gateway
import NIOCore

/// How sync messages travel: JSON, gzip-compressed (level 1: the JSON of a batch of events
/// repeats field names, origins and clocks, and shrinks about 5× at a few hundred MB/s).
/// A request's signature covers the bytes as sent (verified before inflating); a response's
/// covers its JSON. Identity bodies are still accepted. Either direction is at most 64 MiB on
/// the wire (`SyncIntake`) and inflates to at most 64 MiB.
package enum SyncWire {
    package static let gzip = "gzip"
    /// The most a sync body may inflate to; a larger one is refused, not buffered.
    package static let maximumInflatedBytes = 64 * 1024 * 1024
    /// The most a sync body may be as sent (a request larger is refused with 413).
    package static let maximumWireBytes = 64 * 1024 * 1024

    package static func compress(_ json: Data) throws -> Data {
        var buffer = ByteBuffer(bytes: json)
        let compressed = try buffer.compress(with: .gzip(configuration: .init(compressionLevel: .fastestCompression)))
        return Data(compressed.readableBytesView)
    }

    /// The JSON inside a body sent with `contentEncoding` (nil or "identity": as is).
    package static func unpack(_ body: Data, contentEncoding: String?) throws -> Data {
        switch contentEncoding?.lowercased() {
        case nil, "identity": return body
        case gzip:
            var buffer = ByteBuffer(bytes: body)
            do {
                // CompressNIO may hand back output cut at `maxSize` instead of throwing, so one
                // byte more is allowed for and a body that fills it is refused.
                let inflated = try buffer.decompress(with: .gzip(), maxSize: maximumInflatedBytes + 1)
                guard inflated.readableBytes <= maximumInflatedBytes else { throw CompressNIOError.bufferOverflow }
                return Data(inflated.readableBytesView)
            } catch let error as CompressNIOError where error == .bufferOverflow {
                throw GatewayError.payloadTooLarge("a sync body may inflate to at most \(maximumInflatedBytes) bytes")
            } catch {
                throw GatewayError(.invalidInput, code: .invalidEncoding, message: "the sync body is not valid gzip")
            }
        default:
            throw GatewayError(.unsupportedMediaType, code: .unsupportedEncoding, message: "sync bodies must be gzip or identity encoded")
        }
    }

    /// gzip's magic bytes; a JSON body never starts with them.
    package static func isGzip(_ body: Data) -> Bool {
        body.count >= 2 && body[body.startIndex] == 0x1f && body[body.startIndex + 1] == 0x8b
    }

    package static func acceptsGzip(_ acceptEncoding: String?) -> Bool {
        acceptEncoding?.lowercased().split(separator: ",").contains { $0.trimmingCharacters(in: .whitespaces).hasPrefix(gzip) } ?? false
    }
}
