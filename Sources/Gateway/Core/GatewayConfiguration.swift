package import Privacy

/// How a gateway runs. Defaults are the embedded single-gateway setup.
package struct GatewayConfiguration: Sendable {
    package var dataDirectory: DataDirectory
    package var networkKeyFile: String?
    package var gatewayId: String?
    package var policy: Policy
    /// How long a checked token is trusted without reading SQLite again: the longest a token
    /// revoked by `token revoke` (another process) keeps working.
    package var tokenCacheLifetime: Duration
    /// Gateway ids named by `--peer ID=URL`: this gateway learns their keys only by dialing
    /// them, so a gateway that merely connects cannot be first to claim one of these ids.
    package var configuredPeerIds: Set<String>
    /// Private networks this gateway hosts (issue 18): network name → key file (created 0600
    /// when missing, as the network key is).
    package var privateNetworks: [String: String] = [:]
    /// The clock the network figures' recompute interval is read on (tests move a manual one).
    package var networkFiguresClock: any Clock<Duration> = ContinuousClock()

    package init(
        dataDirectory: DataDirectory, networkKeyFile: String? = nil, gatewayId: String? = nil, policy: Policy,
        tokenCacheLifetime: Duration = .seconds(1), configuredPeerIds: Set<String> = [], privateNetworks: [String: String] = [:]
    ) {
        self.privateNetworks = privateNetworks
        self.configuredPeerIds = configuredPeerIds
        self.dataDirectory = dataDirectory
        self.networkKeyFile = networkKeyFile
        self.gatewayId = gatewayId
        self.policy = policy
        self.tokenCacheLifetime = tokenCacheLifetime
    }
}
