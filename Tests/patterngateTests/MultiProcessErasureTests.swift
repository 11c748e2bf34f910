import AsyncHTTPClient
import Foundation
import TestSupport
import Testing

/// Issue 5's end-to-end proof: erasure reaches a partitioned gateway, covers what it took
/// while cut off, and after the purge the marker's bytes are in no file of any data dir.
@Suite("Erasure across processes", .serialized)
struct MultiProcessErasureTests {
    typealias Node = MultiProcessReplicationTests.Node

    func get(_ node: Node, _ path: String) async -> [String: Any]? {
        var request = HTTPClientRequest(url: node.url + path)
        request.headers.add(name: "Authorization", value: "Bearer \(node.officer)")
        guard let response = try? await HTTPClient.shared.execute(request, timeout: .seconds(5)), response.status == .ok,
            let body = try? await response.body.collect(upTo: 1 << 22)
        else { return nil }
        return try? JSONSerialization.jsonObject(with: Data(body.readableBytesView)) as? [String: Any]
    }

    func contribute(_ node: Node, migration: String, marker: String) throws {
        let line =
            #"{"migrationId": "\#(migration)", "sourceCloud": "aws", "targetCloud": "gcp", "resourceTypes": ["Lambda", "DynamoDB"], "strategy": "refactor", "steps": [{"action": "deploy_function", "durationSeconds": 60, "success": false, "errorMessage": "\#(marker)"}], "successRate": 0.5, "durationHours": 2, "costSavingsPercent": 10}"#
        let result = try patterngate(["contribute", "-", "--token", node.deployment, "--server", node.url], stdin: Data(line.utf8))
        #expect(result.status == 0, "\(result.stderr)")
    }

    /// Files of a data dir that contain `marker`.
    func files(in dir: String, containing marker: String) -> [String] {
        let needle = Data(marker.utf8)
        let names = (try? FileManager.default.contentsOfDirectory(atPath: dir)) ?? []
        return names.filter { name in
            guard let data = FileManager.default.contents(atPath: dir + "/" + name) else { return false }
            return data.range(of: needle) != nil
        }
    }

    @Test("partition, erase elsewhere, heal: the marker is gone from every search; after the purge from every file; all report purged")
    func eraseAcrossPartition() async throws {
        let replication = MultiProcessReplicationTests()
        let key = temporaryDirectory() + "-network.key"
        // One deployment, known to every gateway (the same pseudonym everywhere).
        let nodes = try MultiProcessReplicationTests.makeNodes(key: key) { _ in "dep-shared" }
        defer { MultiProcessReplicationTests.remove(nodes, key: key) }
        func start(_ index: Int, peers: Bool = true) throws -> ServerProcess { try MultiProcessReplicationTests.start(nodes, index, peers: peers) }
        var servers = try nodes.indices.map { try start($0) }
        defer { for server in servers where server.process.isRunning { _ = server.stop() } }
        let marker = "marmalade zebra lantern harbor"
        let lateMarker = "velvet orchard compass meadow"
        #expect(try patterngate(["consent", "grant", "--token", nodes[0].deployment, "--server", nodes[0].url]).status == 0)
        try contribute(nodes[0], migration: "m-marked", marker: marker)
        #expect(await replication.converged(nodes, within: .seconds(20)))
        // The test can fail: the marker really is stored everywhere before the erasure.
        for node in nodes { #expect(!files(in: node.dir, containing: marker).isEmpty) }

        // Partition gateway 2; erase the deployment at gateway 0.
        #expect(servers[2].stop() == 0)
        let erased = try patterngate(["erase", "--deployment-id", "dep-shared", "--token", nodes[0].officer, "--server", nodes[0].url])
        #expect(erased.status == 0, "\(erased.stderr)")
        let requestId = try #require(erased.stdout.split(separator: " ").first { $0.hasPrefix("er_") }.map(String.init))
        // Gateway 2, cut off, takes a new contribution of the same deployment. It listens on
        // another port meanwhile: on its own port the others, which keep it as a peer, could
        // reach it and hand it the tombstone first, and the partition would not be one.
        var cutOff = nodes
        cutOff[2].port = freePort()
        let isolated = try MultiProcessReplicationTests.start(cutOff, 2, peers: false)
        try contribute(cutOff[2], migration: "m-late", marker: lateMarker)
        #expect(!files(in: nodes[2].dir, containing: lateMarker).isEmpty)
        #expect(isolated.stop() == 0)
        servers[2] = try start(2)
        #expect(await replication.converged(nodes, within: .seconds(30)))
        for node in nodes {
            let found = await get(node, "/api/v1/patterns/search?sourceCloud=aws&targetCloud=gcp&resourceTypes=Lambda,DynamoDB")
            #expect(found?["totalMatches"] as? Int == 0, "\(node.url) still serves the erased deployment")
        }

        // Past purgeDueAt on every gateway: payloads go, every gateway reports purged.
        for node in nodes {
            let purge = try patterngate(["purge", "--as-of", "2099-01-01", "--token", node.officer, "--server", node.url])
            #expect(purge.status == 0, "\(purge.stderr)")
        }
        let complete = await eventually(within: .seconds(30), every: .milliseconds(200)) {
            for node in nodes {
                if await get(node, "/api/v1/erasure/\(requestId)")?["complete"] as? Bool != true { return false }
            }
            return true
        }
        #expect(complete, "not every gateway reports the erasure purged")
        let status = try patterngate(["erasure", "status", requestId, "--token", nodes[1].officer, "--server", nodes[1].url])
        #expect(status.stdout.components(separatedBy: "purged 20").count - 1 == 3, "\(status.stdout)")
        let certificateFile = FileManager.default.temporaryDirectory.appendingPathComponent("pg-certificate-\(requestId).json").path
        defer { try? FileManager.default.removeItem(atPath: certificateFile) }
        let certificate = try patterngate(
            ["erasure", "certificate", requestId, "--out", certificateFile, "--token", nodes[1].officer, "--server", nodes[1].url])
        #expect(certificate.status == 0 && certificate.stdout.contains("3 erasure.purged events"), "\(certificate.stdout)\(certificate.stderr)")
        let saved = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: certificateFile))) as? [String: Any]
        #expect(Set((saved?["purgedEvents"] as? [[String: Any]])?.compactMap { $0["origin"] as? String } ?? []).count == 3)
        for server in servers { #expect(server.stop() == 0) }
        for node in nodes {
            #expect(files(in: node.dir, containing: marker).isEmpty, "\(node.dir): \(files(in: node.dir, containing: marker))")
            #expect(files(in: node.dir, containing: lateMarker).isEmpty, "\(node.dir): \(files(in: node.dir, containing: lateMarker))")
        }
    }
}
