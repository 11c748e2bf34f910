import Privacy

/// How a gateway runs. Defaults are the embedded single-gateway setup.
public struct GatewayConfiguration: Sendable {
    public var dataDirectory: DataDirectory
    public var networkKeyFile: String?
    public var gatewayId: String?
    public var policy: Policy
    /// How long a checked token is trusted without reading SQLite again: the longest a token
    /// revoked by `token revoke` (another process) keeps working.
    public var tokenCacheLifetime: Duration

    public init(
        dataDirectory: DataDirectory, networkKeyFile: String? = nil, gatewayId: String? = nil, policy: Policy,
        tokenCacheLifetime: Duration = .seconds(1)
    ) {
        self.dataDirectory = dataDirectory
        self.networkKeyFile = networkKeyFile
        self.gatewayId = gatewayId
        self.policy = policy
        self.tokenCacheLifetime = tokenCacheLifetime
    }
}
