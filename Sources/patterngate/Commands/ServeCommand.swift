import ArgumentParser
import AsyncHTTPClient
import Foundation
import Gateway
import GatewayHTTP
import Hummingbird
import Logging
import Metrics
import Privacy
import Prometheus
import Replication
import Storage

/// Options every command that opens a data dir shares.
struct DataDirOptions: ParsableArguments {
    @Option(name: .customLong("data-dir"), help: "The gateway's data dir (SQLite database and keys).")
    var dataDir: String = "data"

    @Option(
        name: .customLong("network-key-file"),
        help: "The network key file (created 0600 if absent). Default: the one the data dir was created with, else DATA-DIR/network.key.")
    var networkKeyFile: String?

    var directory: DataDirectory { DataDirectory(path: dataDir) }
}

struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve", abstract: "Run the gateway until SIGTERM or SIGINT, then shut down cleanly.")

    @OptionGroup var data: DataDirOptions

    @Option(help: "Address to listen on.")
    var host: String = "127.0.0.1"

    @Option(help: "Port to listen on (0 picks a free one and logs it).")
    var port: Int = 8080

    @OptionGroup var policy: PolicyOptions

    @Option(name: .customLong("gateway-id"), help: "This gateway's id; fixed at the data dir's first start.")
    var gatewayId: String?

    @Option(
        name: .customLong("peer"),
        help:
            "A peer gateway as ID=URL or URL (repeatable); peers share the network key. With ID, the gateway there must be ID, and that id's identity key is learnt only by dialing it."
    )
    var peers: [String] = []

    @Option(
        name: .customLong("private-network"),
        help:
            "Host an organization's private network as NAME=KEYFILE (repeatable); the key file is created 0600 if absent and shared only with that network's gateways."
    )
    var privateNetworks: [String] = []

    @Option(
        name: .customLong("private-peer"),
        help: "A peer in a hosted private network as NAME=URL (repeatable); that network's events go to these peers only.")
    var privatePeers: [String] = []

    @Option(name: .customLong("tls-cert"), help: "Serve HTTPS with this PEM certificate chain (with --tls-key).")
    var tlsCert: String?

    @Option(name: .customLong("tls-key"), help: "The PEM private key of --tls-cert.")
    var tlsKey: String?

    @Option(name: .customLong("peer-ca"), help: "Trust https peers through this PEM CA certificate only.")
    var peerCA: String?

    @Option(name: .customLong("log-level"), help: "trace, debug, info, notice, warning, error or critical.")
    var logLevel: String = "info"

    func validate() throws {
        guard (0...65535).contains(port) else { throw ValidationError("--port must be 0…65535") }
        guard (tlsCert == nil) == (tlsKey == nil) else { throw ValidationError("--tls-cert and --tls-key go together") }
        for peer in peers {
            let (id, url) = SyncConfiguration.split(peer)
            guard url.hasPrefix("http://") || url.hasPrefix("https://") else {
                throw ValidationError("--peer must be [ID=]URL with an http:// or https:// URL")
            }
            if let id, !GatewayIdentity.isValidId(id) {
                throw ValidationError("--peer ID=URL: the ID must be a gateway id (1–64 of a-z, 0-9, '-', '_')")
            }
        }
        let hosted = try Self.privateNetworkFiles(privateNetworks)
        for entry in privatePeers {
            guard let (name, url) = Self.pair(entry), hosted[name] != nil, url.hasPrefix("http://") || url.hasPrefix("https://") else {
                throw ValidationError("--private-peer must be NAME=URL, with NAME a network given by --private-network and an http(s) URL")
            }
        }
        guard Logger.Level(rawValue: logLevel) != nil else {
            throw ValidationError("--log-level must be one of trace, debug, info, notice, warning, error, critical")
        }
        if let gatewayId {
            guard GatewayIdentity.isValidId(gatewayId) else {
                throw ValidationError("--gateway-id must be 1–64 lowercase letters, digits, '-' or '_'")
            }
        }
    }

    func run() async throws {
        let level = Logger.Level(rawValue: logLevel) ?? .info
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = level
            return handler
        }
        let loaded = try policy.load()
        let registry = PrometheusCollectorRegistry()
        let factory = PrometheusMetricsFactory(registry: registry)
        MetricsSystem.bootstrap(factory)
        let logger = Logger(label: "patterngate")
        let gateway: PatternGateway
        do {
            gateway = try await PatternGateway.start(
                configuration: GatewayConfiguration(
                    dataDirectory: data.directory, networkKeyFile: data.networkKeyFile, gatewayId: gatewayId, policy: loaded,
                    configuredPeerIds: Set(peers.compactMap { SyncConfiguration.split($0).id }),
                    privateNetworks: try Self.privateNetworkFiles(privateNetworks)),
                metricsFactory: factory, logger: logger)
        }
        var server = ServerConfiguration(host: host, port: port)
        let peerClient: HTTPClient
        do {
            if let tlsCert, let tlsKey { server.tls = try ServerConfiguration.tls(certificateFile: tlsCert, keyFile: tlsKey) }
            peerClient = try PeerClient.make(peerCAFile: peerCA)
        } catch {
            throw CLIFailure.unreadable("cannot read the TLS certificate, key or peer CA")
        }
        let scheme = server.tls == nil ? "http" : "https"
        let app = try PatternGateApplication.make(
            gateway: gateway, registry: registry, server: server, logger: logger,
            sync: SyncConfiguration(peers: peers), privateSync: Self.privateSync(privatePeers), syncClient: peerClient,
            onServerRunning: { channel in
                let port = channel.localAddress?.port ?? 0
                logger.notice("listening", metadata: ["url": "\(scheme)://\(host):\(port)", "gateway": "\(gateway.identity.gatewayId)"])
            })
        do {
            try await app.runService()
        } catch {
            try? await peerClient.shutdown()
            throw error
        }
        try? await peerClient.shutdown()
    }

    /// `NAME=VALUE` split at the first `=`; nil without one.
    static func pair(_ entry: String) -> (String, String)? {
        guard let equals = entry.firstIndex(of: "=") else { return nil }
        return (String(entry[..<equals]), String(entry[entry.index(after: equals)...]))
    }

    /// `--private-network NAME=KEYFILE` entries as name → key file; each name once.
    static func privateNetworkFiles(_ entries: [String]) throws -> [String: String] {
        var files: [String: String] = [:]
        for entry in entries {
            guard let (name, file) = pair(entry), ReplicaNetwork.isName(name), !file.isEmpty else {
                throw ValidationError("--private-network must be NAME=KEYFILE, NAME 1–32 of a-z, 0-9 and '-' (not global)")
            }
            guard files.updateValue(file, forKey: name) == nil else { throw ValidationError("--private-network names \(name) twice") }
        }
        return files
    }

    /// One sync configuration per hosted network with `--private-peer`s.
    static func privateSync(_ entries: [String]) -> [SyncConfiguration] {
        var peers: [String: [String]] = [:]
        for entry in entries { if let (name, url) = pair(entry) { peers[name, default: []].append(url) } }
        return peers.keys.sorted().map { SyncConfiguration(peers: peers[$0]!, network: .named($0)) }
    }
}
