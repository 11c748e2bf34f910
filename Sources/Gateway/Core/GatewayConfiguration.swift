public import Privacy

/// How a gateway runs. Defaults are the embedded single-gateway setup.
public struct GatewayConfiguration: Sendable {
    public var dataDirectory: DataDirectory
    public var networkKeyFile: String?
    public var gatewayId: String?
    public var policy: Policy
    /// How long a checked token is trusted without reading SQLite again: the longest a token
    /// revoked by `token revoke` (another process) keeps working.
    public var tokenCacheLifetime: Duration
    /// Gateway ids named by `--peer ID=URL`: this gateway learns their keys only by dialing
    /// them, so a gateway that merely connects cannot be first to claim one of these ids.
    public var configuredPeerIds: Set<String>

    public init(
        dataDirectory: DataDirectory, networkKeyFile: String? = nil, gatewayId: String? = nil, policy: Policy,
        tokenCacheLifetime: Duration = .seconds(1), configuredPeerIds: Set<String> = []
    ) {
        self.configuredPeerIds = configuredPeerIds
        self.dataDirectory = dataDirectory
        self.networkKeyFile = networkKeyFile
        self.gatewayId = gatewayId
        self.policy = policy
        self.tokenCacheLifetime = tokenCacheLifetime
    }
}
