package import AuditLog
import ErrorCodes
import Foundation
import Privacy
package import Storage

extension DataDirectory {
    /// The Ed25519 checkpoint-signing key: base64 of its 32-byte seed, mode 0600. Secret.
    package var auditSigningKeyPath: String { (path as NSString).appendingPathComponent("audit-signing.key") }
    /// Its public key as PEM SubjectPublicKeyInfo, for auditors (`openssl` reads it).
    package var auditPublicKeyPath: String { (path as NSString).appendingPathComponent("audit-public.pem") }

    /// Loads the signing key, or makes one on first start (0600) and writes `audit-public.pem`
    /// beside it (rewritten when missing or stale). A key is never replaced silently: when
    /// checkpoints were signed here before and the key file is gone, this refuses to start.
    /// Errors never carry key bytes.
    package func loadOrCreateAuditKey(database: AppDatabase) async throws -> AuditSigningKey {
        let manager = FileManager.default
        let keyPath = auditSigningKeyPath
        let key: AuditSigningKey
        if manager.fileExists(atPath: keyPath) {
            let attributes = try manager.attributesOfItem(atPath: keyPath)
            if let mode = attributes[.posixPermissions] as? Int, mode & 0o077 != 0 {
                throw KeyError(code: .auditKeyExposed, reason: "the audit signing key file must be readable by its owner only (chmod 600)")
            }
            guard let data = manager.contents(atPath: keyPath),
                let seed = Data(base64Encoded: String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)),
                let loaded = try? AuditSigningKey(rawRepresentation: seed)
            else { throw KeyError(code: .auditKeyUnreadable, reason: "the audit signing key file cannot be read as an Ed25519 seed") }
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
        let pem = key.publicKey.pem
        if manager.contents(atPath: auditPublicKeyPath).map({ String(decoding: $0, as: UTF8.self) }) != pem {
            guard manager.createFile(atPath: auditPublicKeyPath, contents: Data(pem.utf8), attributes: [.posixPermissions: 0o644]) else {
                throw KeyError(code: .auditPublicKeyUnwritable, reason: "cannot write audit-public.pem")
            }
        }
        return key
    }
}
