package import AuditLog
import Crypto
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
    /// A digest of the last cosignatures each peer sent, so the same ones cost no transaction.
    private let lastCosignatures = Mutex<[String: Data]>([:])

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

    /// What this gateway announces to `peer` on sync, read in one snapshot: its newest signed
    /// checkpoint, the key of that checkpoint's segment (PEM), the evidence `peer` needs to
    /// cosign it (from the newest one `peer` cosigned), and the cosignatures this gateway made
    /// of `peer`'s log. It is stamped with the time the announced checkpoint was signed (in the
    /// same snapshot, and checkpoints are signed in order), so an announcement that arrives late
    /// carries an older stamp and is not judged.
    func syncAnnouncement(for peer: String?) async -> AuditAnnouncement {
        guard let current = (try? await database.auditAnnouncement(forWitness: peer)).flatMap({ $0 }) else {
            return AuditAnnouncement(publicKey: publicKey.pem)
        }
        let signedAt = (try? Date(current.checkpoint.at, strategy: Date.ISO8601FormatStyle(includingFractionalSeconds: true)))
            .map { Int64(($0.timeIntervalSince1970 * 1000).rounded()) }
        var announcement = AuditAnnouncement(
            checkpoint: current.checkpoint.note, publicKey: current.key.pem, evidence: current.evidence.map(AuditEvidenceWire.init),
            announcedAt: signedAt)
        if let peer, let cosignatures = try? await database.witnessCosignatures(of: peer), !cosignatures.isEmpty {
            announcement.cosignatures = cosignatures
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
        let received = (announced.cosignatures ?? []).prefix(4).filter(\.isWellFormed)
        if let peerKey, !received.isEmpty {
            let digest = Data(SHA256.hash(data: Data(received.map { "\($0.origin) \($0.size) \($0.line)" }.joined(separator: "\n").utf8)))
            if lastCosignatures.withLock({ $0[peer] }) != digest {
                do {
                    _ = try await database.storeCosignatures(Array(received), witness: peer, key: peerKey)
                    lastCosignatures.withLock { cache in
                        if cache.count >= Self.cacheLimit { cache.removeAll() }
                        cache[peer] = digest
                    }
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
        let observation = CheckpointWitness.Observation(peer: peer, note: checkpoint, key: key, evidence: evidence)
        do {
            let result = try await database.witnessPeerCheckpoint(
                observation: observation, announcedAt: announced.announcedAt, witness: witness, witnessKey: witnessKey)
            switch result.outcome {
            case .alert(let alert):
                logger.warning("a peer's audit checkpoint contradicts an earlier one", metadata: ["peer": "\(peer)", "alert": "\(alert)"])
            default:
                // Remembered only once this very checkpoint is cosigned (not while its proof is awaited).
                if let announcedCheckpoint = try? TreeCheckpoint(body: SignedNote(parsing: checkpoint).text),
                    let last = result.cosignatures.last, last.origin == announcedCheckpoint.origin, last.size == announcedCheckpoint.size
                {
                    lastPeerNotes.withLock { cache in
                        if cache.count >= Self.cacheLimit { cache.removeAll() }
                        cache[peer] = (seen, result.cosignatures)
                    }
                }
            }
            return result.cosignatures
        } catch {
            logger.error("could not record a peer's audit checkpoint", metadata: ["peer": "\(peer)", "error": "\(type(of: error))"])
            return []
        }
    }

    /// Peers remembered by the two caches above (more ids than this empties them).
    static let cacheLimit = 256
}

/// The audit fields of a sync message (see `SyncRequest`).
package struct AuditAnnouncement: Sendable, Hashable {
    package var checkpoint: String?
    package var publicKey: String
    package var evidence: AuditEvidenceWire?
    package var cosignatures: [WitnessCosignature]?
    /// When the announced checkpoint was signed (the sender's clock, milliseconds since 1970).
    package var announcedAt: Int64?

    package init(
        checkpoint: String? = nil, publicKey: String, evidence: AuditEvidenceWire? = nil, cosignatures: [WitnessCosignature]? = nil,
        announcedAt: Int64? = nil
    ) {
        self.checkpoint = checkpoint
        self.publicKey = publicKey
        self.evidence = evidence
        self.cosignatures = cosignatures
        self.announcedAt = announcedAt
    }
}
