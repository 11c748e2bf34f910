import Crypto
import Foundation
import PatternCore
import Privacy

/// HMAC with the network key's `peer-auth` subkey over method, path, timestamp and the body's
/// SHA-256: every gateway of the network can sign, nobody else can. Requests and responses
/// more than five minutes off are refused.
public struct PeerAuthenticator: Sendable {
    public static let maximumSkewSeconds: Int64 = 300
    public static let gatewayHeader = "X-PatternGate-Gateway"
    public static let timestampHeader = "X-PatternGate-Timestamp"
    public static let signatureHeader = "X-PatternGate-Signature"

    let keyRing: KeyRing

    public init(keyRing: KeyRing) {
        self.keyRing = keyRing
    }

    public func sign(method: String, path: String, timestamp: Int64, body: Data) -> String {
        var message = Array("\(method)\n\(path)\n\(timestamp)\n".utf8)
        message.append(contentsOf: Hex.encode(SHA256.hash(data: body)).utf8)
        return Hex.encode(HMAC<SHA256>.authenticationCode(for: message, using: keyRing.peerAuthKey))
    }

    /// Checks a signature in constant time and the timestamp against `now`.
    public func verify(method: String, path: String, timestamp: String?, signature: String?, body: Data, now: Date = Date()) -> Bool {
        guard let timestamp, let seconds = Int64(timestamp), let signature, let presented = Hex.decode(signature), presented.count == 32,
            abs(Int64(now.timeIntervalSince1970) - seconds) <= Self.maximumSkewSeconds,
            let expected = Hex.decode(sign(method: method, path: path, timestamp: seconds, body: body))
        else { return false }
        var difference: UInt8 = 0
        for (a, b) in zip(presented, expected) { difference |= a ^ b }
        return difference == 0
    }
}
