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
    /// The open segment's signing key; a rotation with a new key replaces it.
    private let currentKey: Mutex<AuditSigningKey>
    /// Segments are named `<gateway id>/<segment>` (the first one of an older data dir keeps its origin).
    package let gatewayId: String
    /// Where the key files live (nil in tests that hold the key in memory only).
    let directory: DataDirectory?
    /// One rotation at a time (the database serializes the rest).
    private let rotating = Mutex(false)
    /// The UTC year the open segment opened, once read (for the yearly boundary).
    let openedYear = Mutex<Int?>(nil)
    /// The last checkpoint note each peer presented, so an unchanged one costs no transaction.
    private let lastPeerNotes = Mutex<[String: String]>([:])

    let logger: Logger

    init(database: AppDatabase, key: AuditSigningKey, gatewayId: String, directory: DataDirectory? = nil, logger: Logger) {
        self.database = database
        self.logger = logger
        self.currentKey = Mutex(key)
        self.gatewayId = gatewayId
        self.directory = directory
    }

    /// Opens the data dir's key (creating it on first start).
    package static func open(
        directory: DataDirectory, database: AppDatabase, gatewayId: String, logger: Logger = Logger(label: "patterngate.audit")
    ) async throws -> GatewayAuditLog {
        try directory.writeWitnessPublicKey()
        return GatewayAuditLog(
            database: database, key: try await directory.loadOrCreateAuditKey(database: database), gatewayId: gatewayId,
            directory: directory, logger: logger)
    }

    var key: AuditSigningKey { currentKey.withLock { $0 } }

    package var publicKey: AuditPublicKey { key.publicKey }

    /// Signs a checkpoint when the open segment's tree grew past its latest one (or none exists
    /// yet). Returns the latest checkpoint and whether it was signed now.
    @discardableResult
    package func checkpoint(at date: Date = Date()) async throws -> (checkpoint: StoredCheckpoint, signed: Bool) {
        if let latest = try await database.latestAuditCheckpoint(), try await database.auditTreeHead().size <= latest.size {
            return (latest, false)
        }
        return try await database.signAuditCheckpoint(key: key, gatewayId: gatewayId, at: date)
    }

    /// Seals the open segment and opens the next (see `AppDatabase.rotateAuditSegment`). With
    /// `newKey`, the next segment gets a fresh Ed25519 key: it is written to
    /// `audit-signing.next.key` first, and once the rotation committed it replaces
    /// `audit-signing.key` (so the sealed segment's secret key is gone from the data dir) and
    /// `audit-public.pem`. A crash in between is finished at the next start
    /// (`DataDirectory.loadOrCreateAuditKey`). Nil when `onlyIfOpenedBefore` says not yet.
    package func rotate(
        newKey: Bool, actor: AuditActor, onlyIfOpenedBefore year: Int? = nil, at date: Date = Date()
    ) async throws -> AuditRotation? {
        guard
            rotating.withLock({ busy in
                busy
                    ? false
                    : {
                        busy = true; return true
                    }()
            })
        else {
            throw GatewayError.auditRotationInProgress
        }
        defer { rotating.withLock { $0 = false } }
        let current = key
        let next = newKey ? AuditSigningKey() : current
        if newKey, let directory { try directory.stageNextAuditKey(next) }
        let rotation: AuditRotation?
        do {
            rotation = try await database.rotateAuditSegment(
                currentKey: current, nextKey: next, gatewayId: gatewayId, actor: actor, onlyIfOpenedBefore: year, at: date)
        } catch {
            if newKey, let directory { directory.discardNextAuditKey() }
            throw error
        }
        guard let rotation else {
            if newKey, let directory { directory.discardNextAuditKey() }
            return nil
        }
        if newKey {
            // The open segment is the new key's from the commit on, whatever happens to the file.
            currentKey.withLock { $0 = next }
            if let directory { try directory.promoteNextAuditKey(next) }
        }
        return rotation
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
