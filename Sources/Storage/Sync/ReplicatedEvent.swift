package import Foundation
import PatternCore
package import Replication

/// An event as a replica holds and exchanges it: the event itself, or a stub (no payload)
/// for an event this replica purged or quarantined, so a receiver's vector stays
/// contiguous. The wire form (JSON) is the gateway's `SyncEvent`.
package struct ReplicatedEvent: Sendable, Hashable {
    package var origin: String
    package var seq: UInt64
    package var hlc: HLCTimestamp
    package var kind: EventKind
    package var causalContext: VersionVector
    package var contentHash: String
    /// Canonical JSON payload; absent for stubs.
    package var payload: Data?
    /// The origin's Ed25519 signature over (origin, seq, content hash), hex
    /// (`EventSignature`); absent only for events stored before signatures existed.
    package var signature: String?

    package init(
        origin: String, seq: UInt64, hlc: HLCTimestamp, kind: EventKind, causalContext: VersionVector, contentHash: String, payload: Data?,
        signature: String?
    ) {
        self.origin = origin
        self.seq = seq
        self.hlc = hlc
        self.kind = kind
        self.causalContext = causalContext
        self.contentHash = contentHash
        self.payload = payload
        self.signature = signature
    }

    package init(_ event: Event, signature: String? = nil) {
        origin = event.id.origin
        seq = event.id.seq
        hlc = event.hlc
        kind = event.kind
        causalContext = event.causalContext
        contentHash = event.contentHash
        payload = event.payload
        self.signature = signature
    }

    package var id: EventID { EventID(origin: origin, seq: seq) }

    /// Every number and name within `WireBounds`, hashes and signatures of their fixed
    /// shape: checked before anything of a received event is used.
    package var isWithinBounds: Bool {
        WireBounds.isOrigin(origin) && WireBounds.isValidSeq(seq) && WireBounds.isValid(hlc) && WireBounds.isValid(causalContext)
            && Hex.isLowercaseHex(contentHash, length: 64) && (payload?.count ?? 0) <= WireBounds.maximumPayloadBytes
            && (signature.map { Hex.isLowercaseHex($0, length: 128) } ?? true)
    }

    /// The full event, if this is not a stub and its hash is right.
    package var verifiedEvent: Event? {
        guard let payload else { return nil }
        let event = Event(id: id, hlc: hlc, causalContext: causalContext, kind: kind, payload: payload)
        return event.contentHash == contentHash ? event : nil
    }
}
