import Foundation
import Privacy
import Storage

/// A gateway's data dir: the SQLite database and, unless another file is named, the network key.
public struct DataDirectory: Sendable {
    public let path: String

    public init(path: String) {
        self.path = path
    }

    public var databasePath: String { (path as NSString).appendingPathComponent("patterngate.sqlite") }
    public var defaultNetworkKeyPath: String { (path as NSString).appendingPathComponent("network.key") }

    /// What an opened data dir gives: its database, the key ring and its identity.
    public struct Opened: Sendable {
        public var database: AppDatabase
        public var keyRing: KeyRing
        public var identity: GatewayIdentity
    }

    /// Creates the dir (0700) on first use, opens the database, loads or creates the network key
    /// and checks it against the fingerprint stored at creation.
    public func open(networkKeyFile: String?, gatewayId: String?) async throws -> Opened {
        try FileManager.default.createDirectory(
            atPath: path, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        let database = try AppDatabase.open(path: databasePath)
        var keyPath = networkKeyFile
        if keyPath == nil { keyPath = try await database.storedNetworkKeyPath() }
        let absoluteKeyPath = URL(fileURLWithPath: keyPath ?? defaultNetworkKeyPath).standardizedFileURL.path
        let keyRing = KeyRing(networkKey: try Self.loadOrCreateNetworkKey(at: absoluteKeyPath))
        let identity = try await database.establishIdentity(
            requestedGatewayId: gatewayId, keyFingerprint: keyRing.fingerprint, networkKeyPath: absoluteKeyPath)
        return Opened(database: database, keyRing: keyRing, identity: identity)
    }

    /// Reads the key file, or writes a new random key there (0600) when it does not exist.
    /// Refuses a file that others can read: whoever holds the key can reverse nothing, but can
    /// pseudonymize guessed ids and impersonate peers.
    public static func loadOrCreateNetworkKey(at path: String) throws -> NetworkKey {
        let manager = FileManager.default
        if !manager.fileExists(atPath: path) {
            let key = NetworkKey.generate()
            try manager.createDirectory(
                atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            guard manager.createFile(atPath: path, contents: Data(key.fileContents.utf8), attributes: [.posixPermissions: 0o600])
            else { throw KeyError(code: "network_key_unwritable", reason: "cannot create the network key file") }
            return key
        }
        let attributes = try manager.attributesOfItem(atPath: path)
        if let mode = attributes[.posixPermissions] as? Int, mode & 0o077 != 0 {
            throw KeyError(code: "network_key_exposed", reason: "the network key file must be readable by its owner only (chmod 600)")
        }
        guard let data = manager.contents(atPath: path) else {
            throw KeyError(code: "network_key_unreadable", reason: "cannot read the network key file")
        }
        return try NetworkKey(fileContents: String(decoding: data, as: UTF8.self))
    }
}
