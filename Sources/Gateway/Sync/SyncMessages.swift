import Crypto
import Foundation
import PatternCore
import Privacy
import Replication
import Storage

/// `POST /api/v1/sync` body: who is asking, what it has seen, and events the receiver lacks.
public struct SyncRequest: Codable, Sendable {
    public var from: String
    public var vector: VersionVector
    public var events: [SyncEvent]
    public var policyHash: String
    /// The sender's latest signed audit checkpoint (C2SP signed note) and audit public key (PEM),
    /// so peers cross-check each other's logs; absent from older gateways.
    public var auditCheckpoint: String? = nil
    public var auditPublicKey: String? = nil
    /// The sender's key directory: every identity key it has pinned (gateway → hex), so a
    /// receiver can check the signatures of events it relays; absent from older gateways.
    public var identities: [String: String]? = nil

    public init(from: String, vector: VersionVector, events: [SyncEvent], policyHash: String) {
        self.from = from
        self.vector = vector
        self.events = events
        self.policyHash = policyHash
    }
}

/// The answer: the responder's vector and the events the requester lacks (the state digest
/// is in the sync status; computing it on every exchange would cost a full table read).
public struct SyncResponse: Codable, Sendable {
    public var from: String
    public var vector: VersionVector
    public var events: [SyncEvent]
    public var policyHash: String
    /// True when more events are waiting than one batch carries.
    public var more: Bool
    /// As in `SyncRequest`.
    public var auditCheckpoint: String? = nil
    public var auditPublicKey: String? = nil
    public var identities: [String: String]? = nil

    public init(from: String, vector: VersionVector, events: [SyncEvent], policyHash: String, more: Bool) {
        self.from = from
        self.vector = vector
        self.events = events
        self.policyHash = policyHash
        self.more = more
    }
}

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
