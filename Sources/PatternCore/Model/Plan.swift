/// A deployment token's plan (the seed's tiers). What each plan gets is the policy's
/// (`plans:`, docs/policy.md); officer and auditor tokens have none.
package enum Plan: String, Sendable, Hashable, CaseIterable, Codable, Comparable {
    case free
    case pro
    case enterprise

    /// Cheapest first: the plan an answer names as needed is the first that has the feature.
    package static func < (lhs: Plan, rhs: Plan) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }
}
