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
    /// The last checkpoint (note and key) each peer presented and this gateway cosigned, with
    /// those cosignatures, so an unchanged one costs no transaction.
    private let lastPeerNotes = Mutex<[String: (note: String, cosignatures: [WitnessCosignature])]>([:])
    /// The last cosignature lines each peer sent, so the same ones cost no transaction.
    private let lastCosignatures = Mutex<[String: String]>([:])

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

    /// What this gateway announces to `peer` on sync: its latest signed checkpoint and package
    /// key (PEM), the evidence `peer` needs to cosign that checkpoint (from the newest one
    /// `peer` cosigned), and the newest cosignature this gateway made of `peer`'s log.
    func syncAnnouncement(for peer: String?) async -> AuditAnnouncement {
        guard let latest = try? await database.latestAuditCheckpoint() else { return AuditAnnouncement(publicKey: publicKey.pem) }
        var announcement = AuditAnnouncement(checkpoint: latest.note, publicKey: publicKey.pem)
        if let peer {
            announcement.evidence = (try? await database.growthEvidence(forWitness: peer)).flatMap { $0 }.map(AuditEvidenceWire.init)
            announcement.cosignatures = (try? await database.witnessCosignature(of: peer)).flatMap { $0 }.map { [$0] }
        }
        return announcement
    }

    /// Witnessing on sync (issue 19, item 4). Keeps the cosignatures `peer` made of this
    /// gateway's checkpoints (checked with `peerKey`, its pinned identity key), then judges the
    /// checkpoint `peer` announced (`AppDatabase.witnessPeerCheckpoint`) and returns this
    /// gateway's cosignatures for `peer`. Never throws: a peer's bad audit data is flagged, it
    /// does not stop replication.
    func witness(
        peer: String, peerKey: AuditPublicKey?, announced: AuditAnnouncement, as witness: String, key witnessKey: AuditSigningKey
    )
        async -> [WitnessCosignature]
    {
        if let cosignatures = announced.cosignatures, let peerKey, !cosignatures.isEmpty {
            let fingerprint = cosignatures.map(\.line).joined()
            if lastCosignatures.withLock({ $0[peer] }) != fingerprint {
                do {
                    _ = try await database.storeCosignatures(cosignatures, witness: peer, key: peerKey)
                    lastCosignatures.withLock { $0[peer] = fingerprint }
                } catch {
                    logger.error("could not store a peer's cosignatures", metadata: ["peer": "\(peer)", "error": "\(type(of: error))"])
                }
            }
        }
        guard let checkpoint = announced.checkpoint, announced.publicKey.utf8.count <= 1_024, PeerCheckpointShape.isWellFormed(checkpoint),
            let key = try? AuditPublicKey(pem: announced.publicKey)
        else { return [] }
        let seen = checkpoint + announced.publicKey
        if let cached = lastPeerNotes.withLock({ $0[peer] }), cached.note == seen { return cached.cosignatures }
        // A step's notes are stored as the witness's state: the same shape rules as the announced one.
        var evidence = announced.evidence?.evidence
        if let step = evidence?.step,
            !(PeerCheckpointShape.isWellFormed(step.finalCheckpoint) && PeerCheckpointShape.isWellFormed(step.nextCheckpoint))
        {
            evidence = nil
        }
        let observation = CheckpointWitness.Observation(note: checkpoint, key: key, evidence: evidence)
        do {
            let result = try await database.witnessPeerCheckpoint(peer: peer, observation: observation, witness: witness, witnessKey: witnessKey)
            switch result.outcome {
            case .alert(let alert):
                logger.warning("a peer's audit checkpoint contradicts an earlier one", metadata: ["peer": "\(peer)", "alert": "\(alert)"])
            default:
                // Remembered only once this very checkpoint is cosigned (not while its proof is awaited).
                if let size = try? TreeCheckpoint(body: SignedNote(parsing: checkpoint).text).size, result.cosignatures.last?.size == size {
                    lastPeerNotes.withLock { $0[peer] = (seen, result.cosignatures) }
                }
            }
            return result.cosignatures
        } catch {
            logger.error("could not record a peer's audit checkpoint", metadata: ["peer": "\(peer)", "error": "\(type(of: error))"])
            return []
        }
    }
}

/// The audit fields of a sync message (see `SyncRequest`).
package struct AuditAnnouncement: Sendable, Hashable {
    package var checkpoint: String?
    package var publicKey: String
    package var evidence: AuditEvidenceWire?
    package var cosignatures: [WitnessCosignature]?

    package init(checkpoint: String? = nil, publicKey: String, evidence: AuditEvidenceWire? = nil, cosignatures: [WitnessCosignature]? = nil) {
        self.checkpoint = checkpoint
        self.publicKey = publicKey
        self.evidence = evidence
        self.cosignatures = cosignatures
    }
}
