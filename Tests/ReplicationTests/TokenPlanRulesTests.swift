import Foundation
import Replication
import Testing

/// What a peer may say about plans (issue 17): a closed set of plans, for deployment tokens
/// only, in canonical bytes. A peer holding the network key can still set any deployment
/// token's plan, as it can issue tokens (docs/threat-model.md); it cannot smuggle text.
@Suite("Token plan payload rules")
struct TokenPlanRulesTests {
    static let at = "2026-12-07T03:00:00.000Z"

    static func issued(role: String = "deployment", plan: String?) -> TokenIssued {
        TokenIssued(
            tokenId: "0123456789abcdef", role: role, secretHash: String(repeating: "e", count: 64),
            pseudonym: role == "deployment" ? String(repeating: "b", count: 64) : nil, createdAt: at, plan: plan)
    }

    static func finding(_ kind: EventKind, _ payload: some Encodable) throws -> String? {
        EventPayloadRules.finding(kind: kind, payload: try EventPayloadCoding.encode(payload), origin: "gw-a", purposes: [])
    }

    @Test("token.issued: a deployment token with a known plan or none; never a plan on officer or auditor tokens")
    func issued() throws {
        for plan in [nil, "free", "pro", "enterprise"] { #expect(try Self.finding(.tokenIssued, Self.issued(plan: plan)) == nil) }
        #expect(try Self.finding(.tokenIssued, Self.issued(plan: "gold")) == "malformed")
        #expect(try Self.finding(.tokenIssued, Self.issued(plan: "Pro")) == "malformed")
        #expect(try Self.finding(.tokenIssued, Self.issued(role: "officer", plan: "pro")) == "malformed")
        #expect(try Self.finding(.tokenIssued, Self.issued(role: "auditor", plan: nil)) == nil)
    }

    @Test("token.plan_changed: token id, known plan and timestamp of fixed shapes, in canonical bytes")
    func planChanged() throws {
        #expect(try Self.finding(.tokenPlanChanged, TokenPlanChanged(tokenId: "0123456789abcdef", plan: "pro", changedAt: Self.at)) == nil)
        for bad in [
            TokenPlanChanged(tokenId: "0123456789abcdef", plan: "platinum", changedAt: Self.at),
            TokenPlanChanged(tokenId: "0123456789ABCDEF", plan: "pro", changedAt: Self.at),
            TokenPlanChanged(tokenId: "0123456789abcdef", plan: "pro", changedAt: "yesterday"),
        ] {
            #expect(try Self.finding(.tokenPlanChanged, bad) == "malformed")
        }
        // An extra key (free text smuggled beside the plan) is not the canonical encoding.
        let smuggled = Data(#"{"changedAt":"2026-12-07T03:00:00.000Z","note":"Jane Doe","plan":"pro","tokenId":"0123456789abcdef"}"#.utf8)
        #expect(EventPayloadRules.finding(kind: .tokenPlanChanged, payload: smuggled, origin: "gw-a", purposes: []) == "not_canonical")
    }
}
