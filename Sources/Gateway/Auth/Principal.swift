package import PatternCore

/// The roles a bearer token can carry.
package enum Role: String, Sendable, Hashable, CaseIterable, Codable {
    /// A deployment contributing and searching for itself.
    case deployment
    /// A compliance officer: consent on behalf, erasure, export, purge, rescan.
    case officer
    /// An auditor: reads the signed log.
    case auditor
}

/// Who is calling, as the gateway knows them after authentication.
package struct Principal: Sendable, Hashable {
    package var role: Role
    package var tokenId: String
    /// The deployment's pseudonym; set for deployment tokens only.
    package var pseudonym: String?
    /// A deployment token's plan (issue 17); nil for officers and auditors, who are not
    /// held to a plan.
    package var plan: Plan?
    /// The organization an enterprise deployment token belongs to, whose private network it
    /// may use (issue 18); nil otherwise.
    package var organization: String?
    /// The private networks that vouched for this token inside themselves (`network.member`,
    /// issue 18): only these may be used, whatever a token's organization says.
    package var networks: Set<String>

    package init(
        role: Role, tokenId: String, pseudonym: String?, plan: Plan? = nil, organization: String? = nil, networks: Set<String> = []
    ) {
        self.role = role
        self.tokenId = tokenId
        self.pseudonym = pseudonym
        self.plan = plan
        self.organization = organization
        self.networks = networks
    }

    /// Throws `forbidden` unless the role is one of `roles`.
    package func require(_ roles: Role..., to action: String) throws(GatewayError) {
        guard roles.contains(role) else { throw GatewayError.forbidden(action) }
    }

    /// The pseudonym of a deployment principal; others are refused.
    package func deploymentPseudonym(to action: String) throws(GatewayError) -> String {
        guard role == .deployment, let pseudonym else { throw GatewayError.forbidden(action) }
        return pseudonym
    }
}
