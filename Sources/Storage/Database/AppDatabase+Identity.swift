import Foundation
import GRDB
import Replication

/// The identity a data dir keeps across restarts.
package struct GatewayIdentity: Sendable, Hashable {
    package var gatewayId: String
    package var keyFingerprint: String

    /// Gateway ids: 1–64 of `a-z 0-9 - _`, so they are safe in event ids, URLs and logs.
    package static func isValidId(_ id: String) -> Bool { WireBounds.isGatewayId(id) }
}

extension AppDatabase {
    /// Reads the gateway's identity, creating it on first start. Refuses a different network
    /// key (by fingerprint) or a different gateway id than the data dir was created with.
    package func establishIdentity(requestedGatewayId: String?, keyFingerprint: String, networkKeyPath: String) async throws -> GatewayIdentity {
        try await write { db in
            let stored = try Self.meta(db)
            if let fingerprint = stored["network_key_fingerprint"], fingerprint != keyFingerprint {
                throw StorageError.networkKeyMismatch
            }
            if let gatewayId = stored["gateway_id"] {
                if let requestedGatewayId, requestedGatewayId != gatewayId {
                    // The id may still be chosen while this gateway has made no event (e.g. only
                    // `token create` ran); after that it is part of every event id and fixed.
                    let made = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM event WHERE origin = ?", arguments: [gatewayId]) ?? 0
                    guard made == 0 else { throw StorageError.gatewayIdMismatch }
                    try db.execute(sql: "UPDATE gateway_meta SET value = ? WHERE key = 'gateway_id'", arguments: [requestedGatewayId])
                    try AuditWriter.append(
                        db, AuditRecord(actor: .system, action: "gateway.named", details: ["gateway": .text(requestedGatewayId)]))
                    return GatewayIdentity(gatewayId: requestedGatewayId, keyFingerprint: keyFingerprint)
                }
                return GatewayIdentity(gatewayId: gatewayId, keyFingerprint: keyFingerprint)
            }
            let gatewayId = requestedGatewayId ?? "gw-" + UUID().uuidString.prefix(8).lowercased()
            try db.execute(
                sql: """
                    INSERT INTO gateway_meta(key, value)
                    VALUES ('gateway_id', ?), ('network_key_fingerprint', ?), ('network_key_path', ?)
                    """,
                arguments: [gatewayId, keyFingerprint, networkKeyPath])
            try AuditWriter.append(db, AuditRecord(actor: .system, action: "gateway.created", details: ["gateway": .text(gatewayId)]))
            return GatewayIdentity(gatewayId: gatewayId, keyFingerprint: keyFingerprint)
        }
    }

    /// Pins a private network's key by fingerprint the first time the gateway hosts it (with
    /// an audit entry), and refuses a different key later, as for the global network: a
    /// gateway never mixes two keys' pseudonyms in one network.
    package func pinPrivateNetworkKey(network: String, keyFingerprint: String) async throws {
        try await write { db in
            let key = "private_network_key_fingerprint:" + network
            if let fingerprint = try Self.meta(db)[key] {
                guard fingerprint == keyFingerprint else { throw StorageError.networkKeyMismatch }
                return
            }
            try db.execute(sql: "INSERT INTO gateway_meta(key, value) VALUES (?, ?)", arguments: [key, keyFingerprint])
            try AuditWriter.append(db, AuditRecord(actor: .system, action: "network.hosted", details: ["network": .text(network)]))
        }
    }

    /// The network key file this data dir was created with, so offline commands find it.
    package func storedNetworkKeyPath() async throws -> String? {
        try await read { try Self.meta($0)["network_key_path"] }
    }

    private static func meta(_ db: Database) throws -> [String: String] {
        var values: [String: String] = [:]
        for row in try Row.fetchAll(db, sql: "SELECT key, value FROM gateway_meta") {
            values[row["key"]] = row["value"]
        }
        return values
    }
}
