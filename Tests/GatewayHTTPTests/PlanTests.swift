import Foundation
import Gateway
import GatewayTestSupport
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import PatternCore
import Privacy
import Storage
import TestSupport
import Testing

/// Plans on deployment tokens (issue 17): what each plan gets in search, the 403s outside a
/// plan, and plan changes (audited, published to the network).
@Suite("Plans")
struct PlanTests {
    /// Twelve patterns that all match `EC2`, so a limit above 10 is visible in the answer.
    static func contributeTwelve(_ client: any TestClientProtocol, _ token: String) async throws {
        try await client.grant(token)
        for (index, other) in ["EBS", "S3", "Glacier", "EFS", "FSx", "RDS", "Aurora", "DynamoDB", "ElastiCache", "MemoryDB", "Redshift", "Lambda"]
            .enumerated()
        {
            var body = wordpress("plan-\(index)")
            body["resourceTypes"] = ["EC2", other]
            let response = try await client.contribute(token, body)
            #expect(response.status == .created, "\(response.text)")
        }
    }

    static let query = "sourceCloud=aws&targetCloud=azure&resourceTypes=EC2"

    @Test("free: a limit above 10 is clamped and the answer says so; 1…200 otherwise 400; learned ranking is 403 plan_required naming pro")
    func freePlan() async throws {
        let harness = try await TestGateway.make()
        defer { harness.remove() }
        try await harness.test { client in
            try await Self.contributeTwelve(client, harness.alpha)
            let clamped = try await client.search(harness.alpha, Self.query + "&limit=50")
            #expect(clamped.status == .ok)
            #expect(clamped.object["limit"] as? Int == 10)
            #expect(clamped.object["limitClamped"] as? Bool == true)
            #expect((clamped.object["patterns"] as? [Any])?.count == 10)
            #expect(clamped.object["totalMatches"] as? Int == 12)
            // Within the plan, the answer is the one it always was: no limit fields.
            let within = try await client.search(harness.alpha, Self.query + "&limit=5")
            #expect(within.object["limit"] == nil && within.object["limitClamped"] == nil)
            #expect((within.object["patterns"] as? [Any])?.count == 5)
            let omitted = try await client.search(harness.alpha, Self.query)
            #expect(omitted.object["limitClamped"] == nil && (omitted.object["patterns"] as? [Any])?.count == 10)
            for bad in ["0", "201", "-1", "ten"] {
                let response = try await client.search(harness.alpha, Self.query + "&limit=\(bad)")
                #expect(response.status == .badRequest && response.errorCode == "invalid_field", "limit=\(bad)")
            }
            let learned = try await client.search(harness.alpha, Self.query + "&ranking=learned")
            #expect(learned.status == .forbidden)
            #expect(learned.errorCode == "plan_required")
            #expect(learned.errorMessage == "learned ranking needs the pro plan or higher")
            // The formula stays every plan's.
            #expect(try await client.search(harness.alpha, Self.query + "&ranking=formula").object["ranking"] as? String == "formula")
        }
    }

    @Test("pro gets 50 and learned ranking (409 no_model until one is trained); enterprise and officers get 200")
    func paidPlans() async throws {
        let harness = try await TestGateway.make()
        defer { harness.remove() }
        let ring = harness.gateway.keyRing
        let pro = try await harness.gateway.tokens.issue(role: .deployment, pseudonym: ring.pseudonym(deploymentId: "pro-1"), plan: .pro, actor: .cli)
        let enterprise = try await harness.gateway.tokens.issue(
            role: .deployment, pseudonym: ring.pseudonym(deploymentId: "enterprise-1"), plan: .enterprise, actor: .cli)
        try await harness.test { client in
            try await Self.contributeTwelve(client, harness.alpha)
            let fifty = try await client.search(pro.bearer, Self.query + "&limit=50")
            #expect(fifty.object["limitClamped"] == nil && (fifty.object["patterns"] as? [Any])?.count == 12)
            let sixty = try await client.search(pro.bearer, Self.query + "&limit=60")
            #expect(sixty.object["limit"] as? Int == 50 && sixty.object["limitClamped"] as? Bool == true)
            let learned = try await client.search(pro.bearer, Self.query + "&ranking=learned")
            #expect(learned.status == .conflict && learned.errorCode == "no_model")
            for token in [enterprise.bearer, harness.officer] {
                let most = try await client.search(token, Self.query + "&limit=200")
                #expect(most.status == .ok && most.object["limitClamped"] == nil)
            }
        }
    }

    @Test("a plan change is audited, takes effect past the token cache, and leaves officer tokens alone")
    func planChange() async throws {
        let harness = try await TestGateway.make()
        defer { harness.remove() }
        let database = harness.gateway.database
        let tokens = try await database.tokens()
        let alpha = try #require(tokens.first { $0.role == "deployment" })
        #expect(alpha.plan == "free")
        #expect(tokens.filter { $0.role != "deployment" }.allSatisfy { $0.plan == nil })
        #expect(try await database.setTokenPlan(id: alpha.id, plan: .pro, actor: .cli) == .changed(previous: "free"))
        #expect(try await database.setTokenPlan(id: alpha.id, plan: .pro, actor: .cli) == .unchanged)
        let officer = try #require(tokens.first { $0.role == "officer" })
        #expect(try await database.setTokenPlan(id: officer.id, plan: .pro, actor: .cli) == .noSuchToken)
        #expect(try await database.setTokenPlan(id: "0123456789abcdef", plan: .pro, actor: .cli) == .noSuchToken)
        let entries = try await database.auditEntries().filter { $0.action == "token.plan_changed" }
        #expect(entries.count == 1)
        #expect(entries.first?.details.contains(#""plan":"pro""#) == true)
        #expect(entries.first?.details.contains(#""previous":"free""#) == true)
        let principal = try await TokenAuthority(database: database, cacheLifetime: .zero).authenticate(authorization: "Bearer \(harness.alpha)")
        #expect(principal.plan == .pro)
        try await harness.test { client in
            let response = try await client.search(harness.alpha, Self.query + "&limit=11")
            #expect(response.status == .ok)
        }
        // A revoked token's plan cannot be changed.
        #expect(try await database.revokeToken(id: alpha.id, actor: .cli))
        #expect(try await database.setTokenPlan(id: alpha.id, plan: .free, actor: .cli) == .noSuchToken)
    }

    @Test("the policy's plans: defaults, overrides, unknown plans and limits beyond patterns.maxLimit")
    func policyPlans() throws {
        let policy = try TestGateway.policy()
        #expect(policy.patterns.maxLimit == 200)
        #expect(policy.plans[.free] == Policy.PlanEntitlements(maxLimit: 10, learnedRanking: false, liveUpdates: false, privateNetworks: false))
        #expect(policy.plans[.pro] == Policy.PlanEntitlements(maxLimit: 50, learnedRanking: true, liveUpdates: true, privateNetworks: false))
        #expect(policy.plans[.enterprise].maxLimit == 200 && policy.plans[.enterprise].privateNetworks)
        #expect(policy.plans.cheapestPlan(with: .liveUpdates) == .pro)
        #expect(policy.plans.cheapestPlan(with: .privateNetworks) == .enterprise)
        let folder = repositoryRoot.appendingPathComponent("policies")
        let text = try String(contentsOf: folder.appendingPathComponent("default.yaml"), encoding: .utf8)
        func load(_ replacement: String) throws -> Policy {
            let edited = text.replacingOccurrences(
                of: "  free: {maxLimit: 10, learnedRanking: false, liveUpdates: false, privateNetworks: false}\n", with: replacement)
            #expect(edited != text)
            return try PolicyLoader.load(yaml: edited) { try String(contentsOf: folder.appendingPathComponent($0), encoding: .utf8) }
        }
        let generous = try load("  free: {maxLimit: 20, learnedRanking: true}\n")
        #expect(generous.plans[.free] == Policy.PlanEntitlements(maxLimit: 20, learnedRanking: true, liveUpdates: false, privateNetworks: false))
        #expect(generous.hash != policy.hash)
        #expect(generous.plans.cheapestPlan(with: .learnedRanking) == .free)
        #expect(throws: PolicyError.self) { try load("  gold: {maxLimit: 20}\n") }
        #expect(throws: PolicyError.self) { try load("  free: {maxLimit: 201}\n") }
        #expect(throws: PolicyError.self) { try load("  free: {maxLimit: 0}\n") }
        // The strict policy keeps patterns.maxLimit 50: default plan limits above it are lowered.
        #expect(try TestGateway.policy("strict.yaml").plans[.enterprise].maxLimit == 50)
    }
}
