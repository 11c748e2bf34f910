import ErrorCodes
import Foundation
import PatternCore
import Storage
import Synchronization

/// What the officer's console (`/console`) needs of the gateway beyond the API's methods:
/// sign-in through the normal token check, audited without the token; the session's re-check
/// of its token on every request; the audit export as one download.
extension PatternGateway {
    /// Roles that may sign in to the console: officers (every page) and auditors (audit pages).
    package static let consoleRoles: Set<Role> = [.officer, .auditor]

    /// Signs `bearer` in to the console: the same check as a bearer token on the API, then
    /// only officers and auditors. Audits `console.signed_in` or `console.sign_in_refused`
    /// with the token's id as actor (never the token); a text not shaped like a token is
    /// audited as actor `unknown`.
    package func consoleSignIn(bearer: String) async throws -> Principal {
        let tokenId = Self.tokenId(ofBearer: bearer)
        let principal: Principal
        do {
            principal = try await authenticate(authorization: "Bearer " + bearer)
            guard Self.consoleRoles.contains(principal.role) else { throw GatewayError.forbidden("sign in to the console") }
        } catch let error as GatewayError {
            var role = "unknown"
            if let tokenId, let current = await currentPrincipal(tokenId: tokenId) { role = current.role.rawValue }
            try await database.appendAudit(
                AuditRecord(
                    actor: AuditActor(role: role, id: tokenId ?? "unknown"), action: "console.sign_in_refused",
                    details: ["code": .text(error.code.rawValue)]))
            throw error
        }
        try await database.appendAudit(
            AuditRecord(actor: AuditActor(role: principal.role.rawValue, id: principal.tokenId), action: "console.signed_in"))
        return principal
    }

    /// Audits a console sign-out (`console.signed_out`, the token's id as actor).
    package func consoleSignOut(_ principal: Principal) async throws {
        try await database.appendAudit(
            AuditRecord(actor: AuditActor(role: principal.role.rawValue, id: principal.tokenId), action: "console.signed_out"))
    }

    /// The principal token `tokenId` is now, as authentication would find it: nil once the
    /// token is revoked or this gateway retired. Read through the token cache, so a
    /// revocation shows within the cache's lifetime, as on the API.
    package func currentPrincipal(tokenId: String) async -> Principal? {
        guard !isRetired else { return nil }
        return try? await tokens.current(id: tokenId)
    }

    /// The audit log as the export file format (audit/README.md), as `patterngate audit
    /// export` writes it: a checkpoint is signed first when entries arrived since the last.
    package func auditExport(_ principal: Principal) async throws -> [UInt8] {
        try principal.require(.auditor, .officer, to: "read the audit log")
        try await auditLog.checkpoint()
        let collected = Mutex<[UInt8]>([])
        _ = try await database.exportAuditLog(sink: { chunk in collected.withLock { $0 += chunk } })
        return collected.withLock { $0 }
    }

    /// The id part of a bearer token (`pgt_<id>_<secret>`), which is not secret; nil when the
    /// text does not have that shape.
    static func tokenId(ofBearer bearer: String) -> String? {
        let parts = bearer.split(separator: "_", maxSplits: 2, omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0] == "pgt", Hex.isLowercaseHex(String(parts[1]), length: 16) else { return nil }
        return String(parts[1])
    }
}
