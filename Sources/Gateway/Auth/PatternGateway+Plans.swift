import PatternCore
package import Privacy

extension PatternGateway {
    /// Whether the caller's plan has `feature`. Officers and auditors are not held to a plan;
    /// a deployment without one is held to `free`.
    package func allows(_ principal: Principal, _ feature: Policy.PlanFeature) -> Bool {
        guard principal.role == .deployment else { return true }
        return policy.plans[principal.plan ?? .free].has(feature)
    }

    /// Throws 403 `plan_required`, naming the cheapest plan that has `feature`, unless the
    /// caller's plan has it.
    package func require(_ principal: Principal, _ feature: Policy.PlanFeature) throws(GatewayError) {
        guard !allows(principal, feature) else { return }
        throw GatewayError.planRequired(feature.rawValue, plan: policy.plans.cheapestPlan(with: feature)?.rawValue)
    }

    /// The largest search `limit` the caller gets: its plan's, or the policy's for officers.
    func searchLimit(for principal: Principal) -> Int {
        guard principal.role == .deployment else { return policy.patterns.maxLimit }
        return policy.plans[principal.plan ?? .free].maxLimit
    }
}
