import ErrorCodes
package import PatternCore

extension Policy {
    /// What a deployment token's plan gets (`plans:` in the YAML; optional, defaults below;
    /// docs/policy.md#plans). Consent is opt-in on every plan: no plan contributes for a
    /// deployment that has not consented (docs/design.md#plans).
    package struct PlanSettings: Sendable, Hashable {
        package var entitlements: [Plan: PlanEntitlements]

        package static let defaults: [Plan: PlanEntitlements] = [
            .free: PlanEntitlements(maxLimit: 10, learnedRanking: false, liveUpdates: false, privateNetworks: false),
            .pro: PlanEntitlements(maxLimit: 50, learnedRanking: true, liveUpdates: true, privateNetworks: false),
            .enterprise: PlanEntitlements(maxLimit: 200, learnedRanking: true, liveUpdates: true, privateNetworks: true),
        ]

        package init(entitlements: [Plan: PlanEntitlements] = defaults) {
            self.entitlements = entitlements
        }

        package subscript(plan: Plan) -> PlanEntitlements { entitlements[plan] ?? Self.defaults[plan]! }

        /// The cheapest plan that has `feature`, for the answer that refuses it; nil if none does.
        package func cheapestPlan(with feature: PlanFeature) -> Plan? {
            Plan.allCases.first { self[$0].has(feature) }
        }
    }

    /// One plan's share of the gateway.
    package struct PlanEntitlements: Sendable, Hashable {
        /// The largest `limit` a search gets (a larger one is clamped, and the answer says so).
        package var maxLimit: Int
        package var learnedRanking: Bool
        /// `GET /api/v1/patterns/watch` (Server-Sent Events).
        package var liveUpdates: Bool
        /// Private networks (issue 18): patterns that never leave the enterprise's gateways.
        package var privateNetworks: Bool

        package init(maxLimit: Int, learnedRanking: Bool, liveUpdates: Bool, privateNetworks: Bool) {
            self.maxLimit = maxLimit
            self.learnedRanking = learnedRanking
            self.liveUpdates = liveUpdates
            self.privateNetworks = privateNetworks
        }

        package func has(_ feature: PlanFeature) -> Bool {
            switch feature {
            case .learnedRanking: learnedRanking
            case .liveUpdates: liveUpdates
            case .privateNetworks: privateNetworks
            }
        }
    }

    /// A feature some plans have; its raw value is how an answer names it.
    package enum PlanFeature: String, Sendable, CaseIterable {
        case learnedRanking = "learned ranking"
        case liveUpdates = "live updates"
        case privateNetworks = "private networks"
    }
}

extension PolicyLoader {
    /// The `plans:` block checked: only the three plan names, each `maxLimit` within the
    /// policy's `patterns.maxLimit`; what a plan leaves out is its default (a default
    /// `maxLimit` above `patterns.maxLimit` is lowered to it).
    static func planSettings(_ document: [String: PolicyDocument.PlanDocument]?, maxLimit: Int) throws(PolicyError) -> Policy.PlanSettings {
        var entitlements = Policy.PlanSettings.defaults.mapValues { granted in
            var granted = granted
            granted.maxLimit = min(granted.maxLimit, maxLimit)
            return granted
        }
        for (name, given) in document ?? [:] {
            guard let plan = Plan(rawValue: name) else {
                throw PolicyError(code: .policyInvalid, field: "plans.\(name)", reason: "unknown plan (free, pro, enterprise)")
            }
            var granted = entitlements[plan]!
            granted.maxLimit = given.maxLimit ?? granted.maxLimit
            granted.learnedRanking = given.learnedRanking ?? granted.learnedRanking
            granted.liveUpdates = given.liveUpdates ?? granted.liveUpdates
            granted.privateNetworks = given.privateNetworks ?? granted.privateNetworks
            entitlements[plan] = granted
        }
        for plan in Plan.allCases where !(1...maxLimit).contains(entitlements[plan]!.maxLimit) {
            throw PolicyError(
                code: .policyInvalid, field: "plans.\(plan.rawValue).maxLimit", reason: "must be 1…patterns.maxLimit (\(maxLimit))")
        }
        return Policy.PlanSettings(entitlements: entitlements)
    }
}
