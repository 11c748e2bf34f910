import Foundation
import PatternCore
import Replication
import Testing

/// Private networks on the wire (issue 18): origins `<gateway>@<network>`, names of a closed
/// shape, organizations on deployment tokens only, and only some kinds in a private network.
@Suite("Replica networks")
struct ReplicaNetworkTests {
    @Test("origins name their network; the global network has plain gateway ids")
    func origins() {
        #expect(ReplicaNetwork(origin: "gw-a") == .global)
        #expect(ReplicaNetwork(origin: "gw-a@acme") == .named("acme"))
        #expect(ReplicaNetwork.gateway(ofOrigin: "gw-a@acme") == "gw-a")
        #expect(ReplicaNetwork.named("acme").origin(gateway: "gw-a") == "gw-a@acme")
        #expect(ReplicaNetwork.global.origin(gateway: "gw-a") == "gw-a")
        #expect(
            ReplicaNetwork.named("acme").restrict(VersionVector(["gw-a": 3, "gw-a@acme": 2, "gw-b@other": 9])) == VersionVector(["gw-a@acme": 2]))
        #expect(ReplicaNetwork.global.restrict(VersionVector(["gw-a": 3, "gw-a@acme": 2])) == VersionVector(["gw-a": 3]))
    }

    @Test("names are 1–32 of a-z, 0-9 and '-', never 'global'; origins are checked as a whole")
    func names() {
        for good in ["acme", "a", "acme-corp-2", String(repeating: "x", count: 32)] { #expect(ReplicaNetwork.isName(good)) }
        for bad in ["", "global", "Acme", "acme_corp", "acme corp", "acme@x", String(repeating: "x", count: 33), "ä"] {
            #expect(!ReplicaNetwork.isName(bad))
        }
        #expect(ReplicaNetwork(name: nil) == .global)
        #expect(ReplicaNetwork(name: "global") == .global)
        #expect(ReplicaNetwork(name: "acme") == .named("acme"))
        #expect(ReplicaNetwork(name: "ACME") == nil)
        for good in ["gw-a", "gw-a@acme", "gw_1@a-b"] { #expect(WireBounds.isOrigin(good)) }
        for bad in ["@acme", "gw-a@", "gw-a@acme@b", "gw-a@global", "gw-a@ACME", "gw a@acme"] { #expect(!WireBounds.isOrigin(bad)) }
        #expect(!WireBounds.isGatewayId("gw-a@acme"))
    }

    @Test("a private pattern's id is keyed with its network's name")
    func patternIds() {
        let key = PatternKey(sourceCloud: .aws, targetCloud: .azure, strategy: .rehost, resourceTypes: ["EC2"])
        var acme = key
        acme.network = "acme"
        var other = key
        other.network = "globex"
        #expect(Set([key.patternId, acme.patternId, other.patternId]).count == 3)
        #expect(
            acme.patternId == PatternKey(sourceCloud: .aws, targetCloud: .azure, strategy: .rehost, resourceTypes: ["ec2"], network: "acme").patternId
        )
    }

    static let at = "2026-12-07T03:00:00.000Z"

    static func issued(role: String = "deployment", organization: String?) -> TokenIssued {
        TokenIssued(
            tokenId: "0123456789abcdef", role: role, secretHash: String(repeating: "e", count: 64),
            pseudonym: role == "deployment" ? String(repeating: "b", count: 64) : nil, createdAt: at, plan: role == "deployment" ? "enterprise" : nil,
            organization: organization)
    }

    static func finding(_ kind: EventKind, _ payload: some Encodable, origin: String = "gw-a") throws -> String? {
        EventPayloadRules.finding(kind: kind, payload: try EventPayloadCoding.encode(payload), origin: origin, purposes: ["contribute"])
    }

    @Test("token.issued carries an organization only on deployment tokens, and only a well-formed name")
    func organizations() throws {
        #expect(try Self.finding(.tokenIssued, Self.issued(organization: nil)) == nil)
        #expect(try Self.finding(.tokenIssued, Self.issued(organization: "acme")) == nil)
        #expect(try Self.finding(.tokenIssued, Self.issued(organization: "Acme Inc")) == "malformed")
        #expect(try Self.finding(.tokenIssued, Self.issued(organization: "global")) == "malformed")
        #expect(try Self.finding(.tokenIssued, Self.issued(role: "officer", organization: "acme")) == "malformed")
        // Absent, the canonical bytes are those of a token made before organizations.
        let bytes = String(decoding: try EventPayloadCoding.encode(Self.issued(organization: nil)), as: UTF8.self)
        #expect(!bytes.contains("organization"))
    }

    @Test("network.member is made inside a private network only, of a token id and a known role, in canonical bytes")
    func membership() throws {
        let member = NetworkMember(tokenId: "0123456789abcdef", role: "officer")
        #expect(try Self.finding(.networkMember, member, origin: "gw-a@acme") == nil)
        #expect(try Self.finding(.networkMember, member, origin: "gw-a") == "wrong_network")
        #expect(try Self.finding(.networkMember, NetworkMember(tokenId: "0123456789abcdef", role: "root"), origin: "gw-a@acme") == "malformed")
        #expect(try Self.finding(.networkMember, NetworkMember(tokenId: "xyz", role: "officer"), origin: "gw-a@acme") == "malformed")
        let smuggled = Data(#"{"note":"Jane Doe","role":"officer","tokenId":"0123456789abcdef"}"#.utf8)
        #expect(EventPayloadRules.finding(kind: .networkMember, payload: smuggled, origin: "gw-a@acme", purposes: []) == "not_canonical")
    }

    @Test("a private origin may make contributions, consent and erasures, never tokens, retirements or attestations")
    func kindsInPrivateNetworks() throws {
        let consent = ConsentChanged(
            pseudonym: String(repeating: "c", count: 64), granted: true, purposes: ["contribute"], policyVersion: "2026-11-25", actor: "self",
            at: Self.at)
        #expect(try Self.finding(.consentChanged, consent, origin: "gw-a@acme") == Self.finding(.consentChanged, consent, origin: "gw-a"))
        #expect(try Self.finding(.tokenIssued, Self.issued(organization: nil), origin: "gw-a@acme") == "wrong_network")
        #expect(
            try Self.finding(.tokenRevoked, TokenRevoked(tokenId: "0123456789abcdef", revokedAt: Self.at), origin: "gw-a@acme") == "wrong_network")
        #expect(try Self.finding(.gatewayRetired, GatewayRetired(gateway: "gw-b", retiredAt: Self.at), origin: "gw-a@acme") == "wrong_network")
        for kind in EventKind.allCases {
            let expected: Set<EventKind> = [
                .contributionAdded, .contributionRevised, .consentChanged, .erasureRequested, .erasurePurged, .networkMember,
            ]
            #expect(kind.occursInPrivateNetworks == expected.contains(kind))
        }
    }
}
