import ErrorCodes
import Foundation
package import Privacy
package import Replication
package import Storage

/// A gateway's data dir: the SQLite database and, unless another file is named, the network key.
package struct DataDirectory: Sendable {
    package let path: String

    package init(path: String) {
        self.path = path
    }

    package var databasePath: String { (path as NSString).appendingPathComponent("patterngate.sqlite") }
    package var defaultNetworkKeyPath: String { (path as NSString).appendingPathComponent("network.key") }

    /// The gateway's Ed25519 identity key (base64 of its 32-byte seed, 0600): it signs every
    /// event this gateway originates and its sync messages. Secret.
    package var identityKeyPath: String { (path as NSString).appendingPathComponent("identity.key") }

    /// What an opened data dir gives: its database, the key ring and its identity.
    package struct Opened: Sendable {
        package var database: AppDatabase
        package var keyRing: KeyRing
        package var identity: GatewayIdentity
        package var identityKey: GatewaySigningKey
        /// File modes tightened at start (a data dir made by an older version); 0 normally.
        package var tightenedModes: Int
        /// The key rings of the private networks this gateway hosts, by name.
        package var privateNetworks: [String: KeyRing] = [:]
    }

    /// Loads (or creates, 0600) each private network's key and pins its fingerprint in the
    /// database: a different key for a network hosted before is refused at start.
    package static func openPrivateNetworks(_ networks: [String: String], database: AppDatabase) async throws -> [String: KeyRing] {
        var rings: [String: KeyRing] = [:]
        for (name, path) in networks.sorted(by: { $0.key < $1.key }) {
            guard ReplicaNetwork.isName(name) else {
                throw KeyError(code: .invalidField, reason: "a private network's name is 1–32 of a-z, 0-9 and '-', and not global")
            }
            let ring = KeyRing(networkKey: try loadOrCreateNetworkKey(at: URL(fileURLWithPath: path).standardizedFileURL.path))
            try await database.pinPrivateNetworkKey(network: name, keyFingerprint: ring.fingerprint)
            rings[name] = ring
        }
        return rings
    }

    /// Creates the dir (0700) on first use, tightens an existing one (0700, files 0600), opens
    /// the database (created 0600), loads or creates the network key and checks it against
    /// the fingerprint stored at creation, and loads or creates the identity key.
    package func open(networkKeyFile: String?, gatewayId: String?) async throws -> Opened {
        try FileManager.default.createDirectory(
            atPath: path, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        let tightened = try SecretFile.tighten(directory: path)
        if !FileManager.default.fileExists(atPath: databasePath) { try SecretFile.create(at: databasePath, contents: Data()) }
        var database = try AppDatabase.open(path: databasePath)
        var keyPath = networkKeyFile
        if keyPath == nil { keyPath = try await database.storedNetworkKeyPath() }
        let absoluteKeyPath = URL(fileURLWithPath: keyPath ?? defaultNetworkKeyPath).standardizedFileURL.path
        let keyRing = KeyRing(networkKey: try Self.loadOrCreateNetworkKey(at: absoluteKeyPath))
        let identity = try await database.establishIdentity(
            requestedGatewayId: gatewayId, keyFingerprint: keyRing.fingerprint, networkKeyPath: absoluteKeyPath)
        let identityKey = try loadOrCreateIdentityKey()
        database.eventSigner = identityKey
        return Opened(database: database, keyRing: keyRing, identity: identity, identityKey: identityKey, tightenedModes: tightened)
    }

    /// Loads the identity key, or makes one (0600 from the first byte) on first start.
    func loadOrCreateIdentityKey() throws -> GatewaySigningKey {
        let manager = FileManager.default
        if !manager.fileExists(atPath: identityKeyPath) {
            let key = GatewaySigningKey()
            try SecretFile.create(at: identityKeyPath, contents: Data((Data(key.rawRepresentation).base64EncodedString() + "\n").utf8))
            return key
        }
        let attributes = try manager.attributesOfItem(atPath: identityKeyPath)
        if let mode = attributes[.posixPermissions] as? Int, mode & 0o077 != 0 {
            throw KeyError(code: .identityKeyExposed, reason: "the identity key file must be readable by its owner only (chmod 600)")
        }
        guard let data = manager.contents(atPath: identityKeyPath),
            let seed = Data(base64Encoded: String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)),
            let key = GatewaySigningKey(rawRepresentation: seed)
        else { throw KeyError(code: .identityKeyUnreadable, reason: "the identity key file cannot be read as an Ed25519 seed") }
        return key
    }

    /// Reads the key file, or writes a new random key there (0600) when it does not exist.
    /// Refuses a file that others can read: whoever holds the key can reverse nothing, but can
    /// pseudonymize guessed ids and impersonate peers.
    package static func loadOrCreateNetworkKey(at path: String) throws -> NetworkKey {
        let manager = FileManager.default
        if !manager.fileExists(atPath: path) {
            let key = NetworkKey.generate()
            try manager.createDirectory(
                atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            do { try SecretFile.create(at: path, contents: Data(key.fileContents.utf8)) } catch {
                throw KeyError(code: .networkKeyUnwritable, reason: "cannot create the network key file")
            }
            return key
        }
        let attributes = try manager.attributesOfItem(atPath: path)
        if let mode = attributes[.posixPermissions] as? Int, mode & 0o077 != 0 {
            throw KeyError(code: .networkKeyExposed, reason: "the network key file must be readable by its owner only (chmod 600)")
        }
        guard let data = manager.contents(atPath: path) else {
            throw KeyError(code: .networkKeyUnreadable, reason: "cannot read the network key file")
        }
        return try NetworkKey(fileContents: String(decoding: data, as: UTF8.self))
    }
}
