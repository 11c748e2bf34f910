package import Foundation
import PatternCore

/// The receiver's field-by-field check of every non-contribution payload a peer sends.
///
/// A payload is accepted only when it decodes, every string in it is of a closed shape
/// (closed sets, ISO 8601 UTC times, hex of a fixed length, gateway-id syntax, policy-version
/// syntax) and its bytes equal the canonical encoding of the decoded value. The last rule
/// stops a peer from smuggling free text in an unknown JSON key, or in a different spelling
/// of the same value: what is stored is exactly what was validated. Contribution payloads
/// get the same canonical-bytes rule plus the receiver's privacy gate (`PatternGateway`).
package enum EventPayloadRules {
    /// Who may appear as a consent change's actor: the deployment itself, an officer, or the
    /// erasure of the whole deployment (which ends its consent).
    package static let consentActors: Set<String> = ["self", "officer", "erasure"]

    /// Nil when valid; otherwise the finding kind (`malformed` or `not_canonical`).
    package static func finding(kind: EventKind, payload: Data, origin: String, purposes: Set<String>) -> String? {
        if ReplicaNetwork(origin: origin) != .global, !kind.occursInPrivateNetworks { return "wrong_network" }
        // Membership is vouched for only inside the private network it opens.
        if ReplicaNetwork(origin: origin) == .global, kind == .networkMember { return "wrong_network" }
        switch kind {
        case .contributionAdded, .contributionRevised:
            return nil  // checked by the gateway's contribution rules and privacy gate
        case .consentChanged:
            guard let change = try? EventPayloadCoding.decode(ConsentChanged.self, from: payload), isValid(change, purposes: purposes)
            else { return "malformed" }
            return canonical(change, payload)
        case .erasureRequested:
            guard let tombstone = try? EventPayloadCoding.decode(ErasureTombstone.self, from: payload),
                ErasureRules.isWellFormed(tombstone),
                [tombstone.requestedAt, tombstone.purgeDueAt, tombstone.legalDeadline].allSatisfy(isTimestamp)
            else { return "malformed" }
            return canonical(tombstone, payload)
        case .erasurePurged:
            guard let purged = try? EventPayloadCoding.decode(ErasurePurged.self, from: payload),
                ErasureRules.isRequestId(purged.requestId), purged.gateway == origin, isTimestamp(purged.purgedAt),
                purged.events >= 0, UInt64(purged.events) <= WireBounds.maximumSeq,
                purged.modelsDeleted.map(ErasureRules.isModelIdList) ?? true
            else { return "malformed" }
            return canonical(purged, payload)
        case .erasureAttested:
            guard let attested = try? EventPayloadCoding.decode(ErasureAttested.self, from: payload),
                ErasureRules.isRequestId(attested.requestId), WireBounds.isGatewayId(attested.gateway), isTimestamp(attested.attestedAt),
                !attested.reason.isEmpty, attested.reason.unicodeScalars.count <= ErasureAttested.maximumReasonLength,
                !attested.reason.unicodeScalars.contains(where: { $0.properties.generalCategory == .control })
            else { return "malformed" }
            return canonical(attested, payload)  // the reason's words: the gateway's verification scan too
        case .tokenIssued:
            guard let token = try? EventPayloadCoding.decode(TokenIssued.self, from: payload),
                Hex.isLowercaseHex(token.tokenId, length: 16), TokenIssued.roles.contains(token.role),
                Hex.isLowercaseHex(token.secretHash, length: 64), isTimestamp(token.createdAt),
                (token.role == "deployment") == (token.pseudonym != nil),
                token.pseudonym.map({ Hex.isLowercaseHex($0, length: 64) }) ?? true,
                token.plan.map({ token.role == "deployment" && Plan(rawValue: $0) != nil }) ?? true,
                token.organization.map({ token.role == "deployment" && ReplicaNetwork.isName($0) }) ?? true
            else { return "malformed" }
            return canonical(token, payload)
        case .tokenPlanChanged:
            guard let change = try? EventPayloadCoding.decode(TokenPlanChanged.self, from: payload),
                Hex.isLowercaseHex(change.tokenId, length: 16), Plan(rawValue: change.plan) != nil, isTimestamp(change.changedAt)
            else { return "malformed" }
            return canonical(change, payload)
        case .networkMember:
            guard let member = try? EventPayloadCoding.decode(NetworkMember.self, from: payload),
                Hex.isLowercaseHex(member.tokenId, length: 16), TokenIssued.roles.contains(member.role)
            else { return "malformed" }
            return canonical(member, payload)
        case .tokenRevoked:
            guard let revoked = try? EventPayloadCoding.decode(TokenRevoked.self, from: payload),
                Hex.isLowercaseHex(revoked.tokenId, length: 16), isTimestamp(revoked.revokedAt)
            else { return "malformed" }
            return canonical(revoked, payload)
        case .gatewayRetired:
            guard let retired = try? EventPayloadCoding.decode(GatewayRetired.self, from: payload),
                WireBounds.isGatewayId(retired.gateway), isTimestamp(retired.retiredAt)
            else { return "malformed" }
            return canonical(retired, payload)
        }
    }

    package static func isValid(_ change: ConsentChanged, purposes: Set<String>) -> Bool {
        Hex.isLowercaseHex(change.pseudonym, length: 64) && !change.purposes.isEmpty
            && change.purposes.allSatisfy(purposes.contains) && change.purposes == Array(Set(change.purposes)).sorted()
            && PolicyVersion.isValid(change.policyVersion) && consentActors.contains(change.actor) && isTimestamp(change.at)
    }

    /// `nil` when `payload` is the canonical encoding of `value`, else `not_canonical`.
    package static func canonical<T: Encodable>(_ value: T, _ payload: Data) -> String? {
        (try? EventPayloadCoding.encode(value)) == payload ? nil : "not_canonical"
    }

    /// ISO 8601 UTC exactly as PatternGate writes it: `YYYY-MM-DDTHH:MM:SS` with an optional
    /// fraction of 1–9 digits, then `Z`; and a real date.
    package static func isTimestamp(_ text: String) -> Bool {
        let bytes = Array(text.utf8)
        guard bytes.count >= 20, bytes.count <= 30, bytes.last == 0x5a else { return false }
        func digits(_ range: Range<Int>) -> Bool { bytes[range].allSatisfy { (0x30...0x39).contains($0) } }
        guard digits(0..<4), bytes[4] == 0x2d, digits(5..<7), bytes[7] == 0x2d, digits(8..<10), bytes[10] == 0x54,
            digits(11..<13), bytes[13] == 0x3a, digits(14..<16), bytes[16] == 0x3a, digits(17..<19)
        else { return false }
        if bytes.count > 20 {
            guard bytes[19] == 0x2e, bytes.count >= 22, digits(20..<(bytes.count - 1)) else { return false }
        }
        return ErasureRules.date(text) != nil
    }
}
