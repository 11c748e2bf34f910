import Crypto
package import Foundation
package import PatternCore
package import Storage

/// A new token: the bearer string is shown once and never stored.
package struct IssuedToken: Sendable {
    package var record: TokenRecord
    package var bearer: String
}

/// Issues and checks bearer tokens of the form `pgt_<id>_<secret>`.
///
/// The id finds the row; the secret is compared as SHA-256 digests in constant time, so
/// neither the lookup nor the comparison tells an attacker how much of a guess was right.
package struct TokenAuthority: Sendable {
    package let database: AppDatabase
    private let cache: TokenCache
    package var cacheLifetime: Duration { cache.lifetime }

    /// `cacheLifetime` bounds how long a token revoked by another process keeps working
    /// (`TokenCache`); `.zero` reads the database on every request. The cache's entries age
    /// on `clock` (tests pass a manual one).
    package init(database: AppDatabase, cacheLifetime: Duration = .seconds(1), clock: any Clock<Duration> = ContinuousClock()) {
        self.database = database
        self.cache = TokenCache(lifetime: cacheLifetime, clock: clock)
    }

    /// A new token; a deployment token gets `plan` (default free) and, on the enterprise plan,
    /// may belong to an `organization` (issue 18); others get neither.
    package func issue(
        role: Role, pseudonym: String?, plan: Plan = .free, organization: String? = nil, actor: AuditActor
    ) async throws -> IssuedToken {
        let id = Hex.encode(Self.randomBytes(8))
        let secret = Self.base64URL(Self.randomBytes(32))
        let record = try await database.createToken(
            id: id, secretHash: Data(SHA256.hash(data: Array(secret.utf8))), role: role.rawValue, pseudonym: pseudonym,
            plan: role == .deployment ? plan.rawValue : nil, organization: role == .deployment ? organization : nil, actor: actor)
        return IssuedToken(record: record, bearer: "pgt_\(id)_\(secret)")
    }

    /// The principal for an `Authorization` header value; `unauthenticated` for anything else.
    package func authenticate(authorization: String?) async throws -> Principal {
        guard let authorization, authorization.hasPrefix("Bearer ") else { throw GatewayError.unauthenticated }
        let parts = authorization.dropFirst("Bearer ".count).split(separator: "_", maxSplits: 2, omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0] == "pgt", Hex.isLowercaseHex(String(parts[1]), length: 16), parts[2].utf8.count == 43 else {
            throw GatewayError.unauthenticated
        }
        let id = String(parts[1])
        let presented = Data(SHA256.hash(data: Array(parts[2].utf8)))
        guard let entry = try await checkedEntry(id: id), Self.constantTimeEqual(presented, entry.secretHash) else {
            throw GatewayError.unauthenticated
        }
        return entry.principal(id: id)
    }

    /// The principal token `id` is now (nil once revoked): role, pseudonym and current plan,
    /// read through the same cache as `authenticate`, so at most one database read per cache
    /// lifetime. For streams that outlive the request that opened them.
    package func current(id: String) async throws -> Principal? {
        try await checkedEntry(id: id)?.principal(id: id)
    }

    /// The cached entry for `id`, else the active token's row (then cached); nil if none.
    private func checkedEntry(id: String) async throws -> TokenCache.Entry? {
        if let cached = cache.entry(id: id) { return cached }
        let checkedAt = cache.now
        guard let (record, stored) = try await database.activeToken(id: id), let role = Role(rawValue: record.role) else { return nil }
        // A deployment token with no readable plan is held to the cheapest.
        let plan = role == .deployment ? record.plan.flatMap(Plan.init(rawValue:)) ?? .free : nil
        let entry = TokenCache.Entry(
            secretHash: stored, role: role, pseudonym: record.pseudonym, plan: plan, organization: role == .deployment ? record.organization : nil,
            networks: Set(record.networks ?? []), checkedAt: checkedAt)
        cache.store(id: id, entry)
        return entry
    }

    package static func constantTimeEqual(_ lhs: Data, _ rhs: Data) -> Bool {
        guard lhs.count == rhs.count else { return false }
        var difference: UInt8 = 0
        for (left, right) in zip(lhs, rhs) { difference |= left ^ right }
        return difference == 0
    }

    package static func randomBytes(_ count: Int) -> [UInt8] {
        var generator = SystemRandomNumberGenerator()
        return (0..<count).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
    }

    package static func base64URL(_ bytes: [UInt8]) -> String {
        Data(bytes).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
    }
}
