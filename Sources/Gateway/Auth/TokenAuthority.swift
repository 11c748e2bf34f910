import Crypto
import Foundation
import PatternCore
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

    package func issue(role: Role, pseudonym: String?, actor: AuditActor) async throws -> IssuedToken {
        let id = Hex.encode(Self.randomBytes(8))
        let secret = Self.base64URL(Self.randomBytes(32))
        let record = try await database.createToken(
            id: id, secretHash: Data(SHA256.hash(data: Array(secret.utf8))), role: role.rawValue, pseudonym: pseudonym, actor: actor)
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
        if let cached = cache.entry(id: id) {
            guard Self.constantTimeEqual(presented, cached.secretHash) else { throw GatewayError.unauthenticated }
            return Principal(role: cached.role, tokenId: id, pseudonym: cached.pseudonym)
        }
        let checkedAt = cache.now
        guard let (record, stored) = try await database.activeToken(id: id),
            Self.constantTimeEqual(presented, stored), let role = Role(rawValue: record.role)
        else { throw GatewayError.unauthenticated }
        cache.store(id: id, TokenCache.Entry(secretHash: stored, role: role, pseudonym: record.pseudonym, checkedAt: checkedAt))
        return Principal(role: role, tokenId: record.id, pseudonym: record.pseudonym)
    }

    /// Whether token `id` still authenticates as `authenticate` would answer now (not
    /// revoked; read through the same cache, so at most one database read per cache lifetime).
    /// For streams that outlive the request that opened them.
    package func isActive(id: String) async throws -> Bool {
        if cache.entry(id: id) != nil { return true }
        let checkedAt = cache.now
        guard let (record, stored) = try await database.activeToken(id: id), let role = Role(rawValue: record.role) else { return false }
        cache.store(id: id, TokenCache.Entry(secretHash: stored, role: role, pseudonym: record.pseudonym, checkedAt: checkedAt))
        return true
    }

    static func constantTimeEqual(_ lhs: Data, _ rhs: Data) -> Bool {
        guard lhs.count == rhs.count else { return false }
        var difference: UInt8 = 0
        for (left, right) in zip(lhs, rhs) { difference |= left ^ right }
        return difference == 0
    }

    static func randomBytes(_ count: Int) -> [UInt8] {
        var generator = SystemRandomNumberGenerator()
        return (0..<count).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
    }

    static func base64URL(_ bytes: [UInt8]) -> String {
        Data(bytes).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
    }
}
