import Crypto
package import Foundation
import PatternCore
package import Privacy

/// HMAC with the network key's `peer-auth` subkey over method, path, timestamp and the body's
/// SHA-256: every gateway of the network can sign, nobody else can. Requests and responses
/// more than five minutes off are refused.
///
/// A sync request also carries the body's hex SHA-256 in `X-PatternGate-Content-SHA256`, so
/// the receiver checks the signature before it reads a byte of the body, then hashes the body
/// as it streams in and refuses it if the hash differs (`verify(…contentSHA256:…)` and
/// `BodyDigest`).
package struct PeerAuthenticator: Sendable {
    package static let maximumSkewSeconds: Int64 = 300
    package static let gatewayHeader = "X-PatternGate-Gateway"
    package static let timestampHeader = "X-PatternGate-Timestamp"
    package static let signatureHeader = "X-PatternGate-Signature"
    /// The hex SHA-256 of the body as sent, which the signature covers.
    package static let contentSHA256Header = "X-PatternGate-Content-SHA256"
    /// The sender's identity package key (hex) and its Ed25519 signature (hex) over the same
    /// message the HMAC covers: the network key authenticates the channel, the identity key
    /// the gateway named in `gatewayHeader` (see `PatternGateway.authenticatePeer`).
    package static let identityKeyHeader = "X-PatternGate-Identity-Key"
    package static let identitySignatureHeader = "X-PatternGate-Identity-Signature"

    let keyRing: KeyRing

    package init(keyRing: KeyRing) {
        self.keyRing = keyRing
    }

    package func sign(method: String, path: String, timestamp: Int64, body: Data) -> String {
        sign(method: method, path: path, timestamp: timestamp, contentSHA256: Self.contentSHA256(of: body))
    }

    /// What both signatures cover: `METHOD\nPATH\nTIMESTAMP\nCONTENT_SHA256`.
    package static func message(method: String, path: String, timestamp: Int64, contentSHA256: String) -> [UInt8] {
        Array("\(method)\n\(path)\n\(timestamp)\n\(contentSHA256)".utf8)
    }

    /// Signs a message whose body hashes to `contentSHA256` (64 lowercase hex digits).
    package func sign(method: String, path: String, timestamp: Int64, contentSHA256: String) -> String {
        let message = Self.message(method: method, path: path, timestamp: timestamp, contentSHA256: contentSHA256)
        return Hex.encode(HMAC<SHA256>.authenticationCode(for: message, using: keyRing.peerAuthKey))
    }

    /// Checks a signature in constant time and the timestamp against `now`.
    package func verify(method: String, path: String, timestamp: String?, signature: String?, body: Data, now: Date = Date()) -> Bool {
        verify(method: method, path: path, timestamp: timestamp, signature: signature, contentSHA256: Self.contentSHA256(of: body), now: now)
    }

    /// Checks a signature over a body known only by its claimed hash (64 lowercase hex
    /// digits), before the body is read. The caller must then check that the body it reads
    /// hashes to `contentSHA256`.
    package func verify(method: String, path: String, timestamp: String?, signature: String?, contentSHA256: String?, now: Date = Date()) -> Bool {
        guard let timestamp, let seconds = Int64(timestamp), let signature, let presented = Hex.decode(signature), presented.count == 32,
            abs(Int64(now.timeIntervalSince1970) - seconds) <= Self.maximumSkewSeconds,
            let contentSHA256, Hex.isLowercaseHex(contentSHA256, length: 64),
            let expected = Hex.decode(sign(method: method, path: path, timestamp: seconds, contentSHA256: contentSHA256))
        else { return false }
        var difference: UInt8 = 0
        for (a, b) in zip(presented, expected) { difference |= a ^ b }
        return difference == 0
    }

    /// The timestamp alone is within the allowed skew of `now` (checked before anything else).
    package static func isFresh(timestamp: String?, now: Date = Date()) -> Bool {
        guard let timestamp, let seconds = Int64(timestamp) else { return false }
        return abs(Int64(now.timeIntervalSince1970) - seconds) <= maximumSkewSeconds
    }

    /// The hex SHA-256 that signatures and the content hash header carry.
    package static func contentSHA256(of body: Data) -> String {
        Hex.encode(SHA256.hash(data: body))
    }

    /// SHA-256 of a body read in pieces, as `contentSHA256(of:)` would give for the whole.
    package struct BodyDigest: Sendable {
        private var hasher = SHA256()

        package init() {}

        package mutating func update(_ bytes: UnsafeRawBufferPointer) {
            hasher.update(bufferPointer: bytes)
        }

        package func finalize() -> String {
            Hex.encode(hasher.finalize())
        }
    }
}
