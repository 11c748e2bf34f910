import Privacy

/// How a gateway runs. Defaults are the embedded single-gateway setup.
public struct GatewayConfiguration: Sendable {
    public var dataDirectory: DataDirectory
    public var networkKeyFile: String?
    public var gatewayId: String?
    public var policy: Policy

    public init(dataDirectory: DataDirectory, networkKeyFile: String? = nil, gatewayId: String? = nil, policy: Policy) {
        self.dataDirectory = dataDirectory
        self.networkKeyFile = networkKeyFile
        self.gatewayId = gatewayId
        self.policy = policy
    }
}
