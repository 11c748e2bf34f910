import AsyncHTTPClient
import Foundation
import TestSupport
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// A free loopback port: bind port 0, read what the kernel chose, close.
func freePort() -> Int {
    let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    defer { close(fd) }
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_port = 0
    address.sin_addr.s_addr = inet_addr("127.0.0.1")
    var length = socklen_t(MemoryLayout<sockaddr_in>.size)
    _ = withUnsafePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) } }
    _ = withUnsafeMutablePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) } }
    return Int(UInt16(bigEndian: address.sin_port))
}

@Suite("Replication across processes", .serialized)
struct MultiProcessReplicationTests {
    struct Node {
        var dir: String
        var port: Int
        var officer: String
        var deployment: String
        var url: String { "http://127.0.0.1:\(port)" }
    }

    /// Three data dirs of one network (officer and deployment tokens made offline); the
    /// deployment id of each comes from `deploymentId(name)`.
    static func makeNodes(key: String, deploymentId: (String) -> String) throws -> [Node] {
        var nodes: [Node] = []
        for name in ["americas", "europe", "apac"] {
            let dir = temporaryDirectory()
            let officer = try patterngate(["token", "create", "--data-dir", dir, "--network-key-file", key, "--role", "officer"])
            let deployment = try patterngate(["token", "create", "--data-dir", dir, "--role", "deployment", "--deployment-id", deploymentId(name)])
            #expect(officer.status == 0 && deployment.status == 0, "\(officer.stderr)\(deployment.stderr)")
            nodes.append(
                Node(
                    dir: dir, port: freePort(), officer: officer.stdout.trimmingCharacters(in: .whitespacesAndNewlines),
                    deployment: deployment.stdout.trimmingCharacters(in: .whitespacesAndNewlines)))
        }
        return nodes
    }

    static func remove(_ nodes: [Node], key: String) {
        for node in nodes { try? FileManager.default.removeItem(atPath: node.dir) }
        try? FileManager.default.removeItem(atPath: key)
    }

    /// `serve` for node `index` on its port, with the others as peers unless cut off.
    static func start(_ nodes: [Node], _ index: Int, peers: Bool = true) throws -> ServerProcess {
        let others = peers ? nodes.indices.filter { $0 != index }.flatMap { ["--peer", nodes[$0].url] } : []
        return try ServerProcess(dataDir: nodes[index].dir, extra: ["--port", String(nodes[index].port), "--gateway-id", "gw-\(index)"] + others)
    }

    func digest(of node: Node) async -> String? {
        var request = HTTPClientRequest(url: node.url + "/api/v1/sync/status")
        request.headers.add(name: "Authorization", value: "Bearer \(node.officer)")
        guard let response = try? await HTTPClient.shared.execute(request, timeout: .seconds(5)), response.status == .ok,
            let body = try? await response.body.collect(upTo: 1 << 20),
            let object = try? JSONSerialization.jsonObject(with: Data(body.readableBytesView)) as? [String: Any]
        else { return nil }
        return object["digest"] as? String
    }

    /// Serve processes talk over loopback: polled, with a bound.
    func converged(_ nodes: [Node], within limit: Duration) async -> Bool {
        await eventually(within: limit, every: .milliseconds(100)) {
            var digests: [String] = []
            for node in nodes { if let digest = await digest(of: node) { digests.append(digest) } }
            return digests.count == nodes.count && Set(digests).count == 1
        }
    }

    func contribute(_ node: Node, _ migration: String) throws {
        let line =
            #"{"migrationId": "\#(migration)", "sourceCloud": "aws", "targetCloud": "gcp", "resourceTypes": ["EC2"], "strategy": "rehost", "steps": [], "successRate": 1, "durationHours": 1, "costSavingsPercent": 5}"#
        let result = try patterngate(["contribute", "-", "--token", node.deployment, "--server", node.url], stdin: Data(line.utf8))
        #expect(result.status == 0, "\(result.stderr)")
    }

    @Test("three serve processes converge, survive a partition and a restart, and agree on one digest")
    func partitionAndRestart() async throws {
        let key = temporaryDirectory() + "-network.key"
        let nodes = try Self.makeNodes(key: key) { "dep-\($0)" }
        defer { Self.remove(nodes, key: key) }
        func start(_ index: Int, peers: Bool = true) throws -> ServerProcess { try Self.start(nodes, index, peers: peers) }
        var servers = try nodes.indices.map { try start($0) }
        for (index, node) in nodes.enumerated() {
            #expect(try patterngate(["consent", "grant", "--token", node.deployment, "--server", node.url]).status == 0)
            try contribute(node, "m-\(index)")
        }
        #expect(await converged(nodes, within: .seconds(60)))

        // Partition: gateway 2 goes away; the others keep taking contributions.
        #expect(servers[2].stop() == 0)
        try contribute(nodes[0], "m-0-during")
        try contribute(nodes[1], "m-1-during")
        // Gateway 2 runs alone for a while and takes its own.
        let isolated = try start(2, peers: false)
        try contribute(nodes[2], "m-2-during")
        #expect(isolated.stop() == 0)
        // Healed: back with its peers, everyone converges.
        servers[2] = try start(2)
        #expect(await converged(nodes, within: .seconds(30)))
        for server in servers { #expect(server.stop() == 0) }
    }
}
