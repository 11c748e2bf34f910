package import AuditLog
import ErrorCodes
import Foundation
import Privacy
import Replication
package import Storage

#if canImport(Glibc)
    import Glibc
#endif

extension DataDirectory {
    /// The Ed25519 checkpoint-signing key: base64 of its 32-byte seed, mode 0600. Secret.
    package var auditSigningKeyPath: String { (path as NSString).appendingPathComponent("audit-signing.key") }
    /// Its public key as PEM SubjectPublicKeyInfo, for auditors (`openssl` reads it).
    package var auditPublicKeyPath: String { (path as NSString).appendingPathComponent("audit-public.pem") }
    /// The next segment's key while a rotation with `--new-key` runs (0600). Secret.
    package var nextAuditSigningKeyPath: String { (path as NSString).appendingPathComponent("audit-signing.next.key") }
    /// The witness key's public half (the gateway identity key, PEM SubjectPublicKeyInfo): it
    /// verifies this gateway's C2SP `cosignature/v1` lines on its peers' checkpoints.
    package var witnessPublicKeyPath: String { (path as NSString).appendingPathComponent("witness-public.pem") }

    /// Loads the signing key, or makes one on first start (0600) and writes `audit-public.pem`
    /// beside it (rewritten when missing or stale). A key is never replaced silently: when
    /// checkpoints were signed here before and the key file is gone, this refuses to start.
    /// Errors never carry key bytes.
    package func loadOrCreateAuditKey(database: AppDatabase) async throws -> AuditSigningKey {
        let manager = FileManager.default
        let keyPath = auditSigningKeyPath
        try await finishInterruptedRotation(database: database)
        let key: AuditSigningKey
        if manager.fileExists(atPath: keyPath) {
            let attributes = try manager.attributesOfItem(atPath: keyPath)
            if let mode = attributes[.posixPermissions] as? Int, mode & 0o077 != 0 {
                throw KeyError(code: .auditKeyExposed, reason: "the audit signing key file must be readable by its owner only (chmod 600)")
            }
            guard let loaded = Self.readKey(at: keyPath) else {
                throw KeyError(code: .auditKeyUnreadable, reason: "the audit signing key file cannot be read as an Ed25519 seed")
            }
            key = loaded
        } else {
            if try await database.hasAuditCheckpoints() {
                throw KeyError(
                    code: .auditKeyMissing,
                    reason: "the audit signing key file is missing but this data dir has signed checkpoints; restore audit-signing.key")
            }
            key = AuditSigningKey()
            let text = Data(key.rawRepresentation).base64EncodedString() + "\n"
            do { try SecretFile.create(at: keyPath, contents: Data(text.utf8)) } catch {
                throw KeyError(code: .auditKeyUnwritable, reason: "cannot create the audit signing key file")
            }
        }
        try writePublicKey(key.publicKey, to: auditPublicKeyPath)
        return key
    }

    /// Writes `key` as PEM (0644) unless the file already holds it.
    func writePublicKey(_ key: AuditPublicKey, to path: String) throws {
        let manager = FileManager.default
        let pem = key.pem
        if manager.contents(atPath: path).map({ String(decoding: $0, as: UTF8.self) }) != pem {
            try? manager.removeItem(atPath: path)
            guard manager.createFile(atPath: path, contents: Data(pem.utf8), attributes: [.posixPermissions: 0o644]) else {
                throw KeyError(code: .auditPublicKeyUnwritable, reason: "cannot write a public key file in the data dir")
            }
        }
    }

    /// Writes `witness-public.pem`: the public half of the gateway identity key, which is also
    /// its witness key. Returns that key.
    @discardableResult
    package func writeWitnessPublicKey() throws -> AuditPublicKey {
        let identity = try loadOrCreateIdentityKey()
        let key = try AuditSigningKey(rawRepresentation: identity.rawRepresentation).publicKey
        try writePublicKey(key, to: witnessPublicKeyPath)
        return key
    }

    /// Writes the next segment's key (0600) before the rotation commits.
    func stageNextAuditKey(_ key: AuditSigningKey) throws {
        discardNextAuditKey()
        do {
            try SecretFile.create(at: nextAuditSigningKeyPath, contents: Data((Data(key.rawRepresentation).base64EncodedString() + "\n").utf8))
        } catch {
            throw KeyError(code: .auditKeyUnwritable, reason: "cannot create the next audit signing key file")
        }
    }

    func discardNextAuditKey() {
        try? FileManager.default.removeItem(atPath: nextAuditSigningKeyPath)
    }

    /// After the rotation committed: the next key replaces `audit-signing.key` in one rename, so
    /// the sealed segment's secret key leaves the data dir, and `audit-public.pem` follows.
    func promoteNextAuditKey(_ key: AuditSigningKey) throws {
        // Another process on the data dir (an offline command's start) may have promoted it first.
        guard rename(nextAuditSigningKeyPath, auditSigningKeyPath) == 0 || Self.readKey(at: auditSigningKeyPath)?.publicKey == key.publicKey else {
            throw KeyError(code: .auditKeyUnwritable, reason: "cannot replace the audit signing key file")
        }
        try writePublicKey(key.publicKey, to: auditPublicKeyPath)
    }

    /// A rotation with a new key that stopped between its commit and the rename: when the open
    /// segment's key is the staged one, the rename is finished. A staged key the open segment
    /// does not have is dropped once it is a minute old (no rotation takes that long: a younger
    /// one may belong to a rotation running now in `serve`).
    private func finishInterruptedRotation(database: AppDatabase) async throws {
        let manager = FileManager.default
        guard manager.fileExists(atPath: nextAuditSigningKeyPath) else { return }
        if let staged = Self.readKey(at: nextAuditSigningKeyPath),
            try await database.openAuditSegmentKeyFingerprint() == staged.publicKey.fingerprint
        {
            try promoteNextAuditKey(staged)
        } else if let modified = try? manager.attributesOfItem(atPath: nextAuditSigningKeyPath)[.modificationDate] as? Date,
            Date().timeIntervalSince(modified) > 60
        {
            discardNextAuditKey()
        }
    }

    /// A key file's Ed25519 seed (base64), or nil when it cannot be read as one.
    static func readKey(at path: String) -> AuditSigningKey? {
        guard let data = FileManager.default.contents(atPath: path),
            let seed = Data(base64Encoded: String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines))
        else { return nil }
        return try? AuditSigningKey(rawRepresentation: seed)
    }
}
