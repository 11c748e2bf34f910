package import AuditLog
package import Foundation
package import Logging
import Privacy
package import Storage
import Synchronization

/// The gateway's side of the signed audit log: its signing key, its origin, and checkpointing.
/// Appends happen in storage, inside each change's transaction; this signs what they built.
package final class GatewayAuditLog: Sendable {
    package let database: AppDatabase
    let key: AuditSigningKey
    /// `patterngate/<gateway id>` at the first signing; fixed for the data dir after that.
    package let defaultOrigin: String
    /// The last checkpoint note each peer presented, so an unchanged one costs no transaction.
    private let lastPeerNotes = Mutex<[String: String]>([:])

    let logger: Logger

    init(database: AppDatabase, key: AuditSigningKey, gatewayId: String, logger: Logger) {
        self.database = database
        self.logger = logger
        self.key = key
        self.defaultOrigin = "patterngate/" + gatewayId
    }

    /// Opens the data dir's key (creating it on first start).
    package static func open(
        directory: DataDirectory, database: AppDatabase, gatewayId: String, logger: Logger = Logger(label: "patterngate.audit")
    ) async throws -> GatewayAuditLog {
        GatewayAuditLog(
            database: database, key: try await directory.loadOrCreateAuditKey(database: database), gatewayId: gatewayId, logger: logger)
    }

    package var publicKey: AuditPublicKey { key.publicKey }

    /// Signs a checkpoint when the tree grew past the latest one (or none exists yet).
    /// Returns the latest checkpoint and whether it was signed now.
    @discardableResult
    package func checkpoint(at date: Date = Date()) async throws -> (checkpoint: StoredCheckpoint, signed: Bool) {
        if let latest = try await database.latestAuditCheckpoint(), try await database.auditTreeHead().size <= latest.size {
            return (latest, false)
        }
        return try await database.signAuditCheckpoint(key: key, defaultOrigin: defaultOrigin, at: date)
    }

    /// `policy.loaded` with the policy's hash and version (also in `gateway.started`).
    func recordPolicyLoaded(_ policy: Policy) async throws {
        try await database.appendAudit(
            AuditRecord(
                actor: .system, action: "policy.loaded",
                details: ["policyHash": .text(policy.hash), "policyVersion": .text(policy.version)]))
    }

    /// What this gateway announces on sync: its latest signed checkpoint and package key (PEM).
    func syncAnnouncement() async -> (checkpoint: String?, publicKey: String?) {
        guard let latest = try? await database.latestAuditCheckpoint() else { return (nil, publicKey.pem) }
        return (latest.note, publicKey.pem)
    }

    /// Checks a peer's announced checkpoint (see `AppDatabase.observePeerCheckpoint`). Never
    /// throws: a peer's bad audit data is flagged, it does not stop replication.
    func observe(peer: String, checkpoint: String?, publicKey: String?) async -> PeerCheckpointOutcome? {
        guard let checkpoint, let publicKey, publicKey.utf8.count <= 1_024, PeerCheckpointShape.isWellFormed(checkpoint),
            let key = try? AuditPublicKey(pem: publicKey)
        else { return nil }
        let seen = lastPeerNotes.withLock { $0[peer] }
        if seen == checkpoint + publicKey { return .unchanged }
        do {
            let outcome = try await database.observePeerCheckpoint(peer: peer, presentedKey: key, note: checkpoint)
            switch outcome {
            case .alert(let alert):
                logger.warning("a peer's audit checkpoint contradicts an earlier one", metadata: ["peer": "\(peer)", "alert": "\(alert)"])
            default:
                lastPeerNotes.withLock { $0[peer] = checkpoint + publicKey }
            }
            return outcome
        } catch {
            logger.error("could not record a peer's audit checkpoint", metadata: ["peer": "\(peer)", "error": "\(type(of: error))"])
            return nil
        }
    }
}
