import AsyncHTTPClient
import Foundation
import GatewayHTTP
import GatewayTestSupport
import Logging
import NIOSSL
import ServiceLifecycle
import Synchronization
import TestSupport
import Testing

#if canImport(Glibc)
    import Glibc
#endif

@Suite("TLS versions", .serialized)
struct TLSVersionTests {
    /// A client trusting `cert`, offering TLS versions `minimum`…`maximum`.
    static func client(trusting cert: String, minimum: TLSVersion = .tlsv1, maximum: TLSVersion?) throws -> HTTPClient {
        var tls = TLSConfiguration.makeClientConfiguration()
        tls.trustRoots = .certificates(try NIOSSLCertificate.fromPEMFile(cert))
        tls.minimumTLSVersion = minimum
        tls.maximumTLSVersion = maximum
        var configuration = HTTPClient.Configuration(tlsConfiguration: tls)
        configuration.connectionPool.retryConnectionEstablishment = false
        configuration.timeout.connect = .seconds(10)
        return HTTPClient(eventLoopGroup: HTTPClient.defaultEventLoopGroup, configuration: configuration)
    }

    @Test("the HTTPS server refuses a client limited to TLS 1.1 (or 1.0) and serves TLS 1.2 and 1.3 clients")
    func serverRequiresTLS12() async throws {
        let harness = try await TestGateway.make()
        let certDirectory = FileManager.default.temporaryDirectory.appendingPathComponent("pg-tlsv-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: certDirectory, withIntermediateDirectories: true)
        defer {
            harness.remove()
            try? FileManager.default.removeItem(atPath: certDirectory)
        }
        let (cert, key) = try ReplicationTests.makeCertificate(in: certDirectory)
        let tls = try ServerConfiguration.tls(certificateFile: cert, keyFile: key)
        let old = try Self.client(trusting: cert, maximum: .tlsv11)
        let ancient = try Self.client(trusting: cert, maximum: .tlsv1)
        let tls12 = try Self.client(trusting: cert, minimum: .tlsv12, maximum: .tlsv12)
        let modern = try Self.client(trusting: cert, maximum: nil)
        try await serving(1, logger: Logger(label: "tls-version-test")) { _, onServerRunning in
            try PatternGateApplication.make(
                gateway: harness.gateway, registry: harness.registry, server: ServerConfiguration(host: "127.0.0.1", port: 0, tls: tls),
                onServerRunning: onServerRunning)
        } body: { ports in
            let url = "https://127.0.0.1:\(ports[0])/healthz"
            for refused in [old, ancient] {
                await #expect(throws: (any Error).self) {
                    _ = try await refused.execute(HTTPClientRequest(url: url), timeout: .seconds(10))
                }
            }
            for accepted in [tls12, modern] {
                let response = try await accepted.execute(HTTPClientRequest(url: url), timeout: .seconds(10))
                #expect(response.status == .ok)
            }
        }
        for client in [old, ancient, tls12, modern] { try await client.shutdown() }
    }

    @Test(
        "the peer client refuses a server that offers at most TLS 1.1 (openssl s_server), which a TLS 1.1 client reaches",
        .timeLimit(.minutes(1)))
    func peerClientRequiresTLS12() async throws {
        let certDirectory = FileManager.default.temporaryDirectory.appendingPathComponent("pg-tlsv-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: certDirectory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: certDirectory) }
        let (cert, key) = try ReplicationTests.makeCertificate(in: certDirectory)
        let server = Process()
        server.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        server.arguments = [
            "openssl", "s_server", "-accept", "127.0.0.1:0", "-cert", cert, "-key", key, "-tls1_1", "-cipher", "DEFAULT@SECLEVEL=0", "-www",
        ]
        let output = Pipe()
        let printed = TextLines()
        server.standardOutput = output
        server.standardError = FileHandle.nullDevice
        output.fileHandleForReading.readabilityHandler = { handle in
            let data = handle.availableData
            if data.isEmpty { handle.readabilityHandler = nil }
            printed.text.withLock { $0 += String(decoding: data, as: UTF8.self) }
        }
        try server.run()
        defer {
            kill(server.processIdentifier, SIGKILL)
            server.waitUntilExit()
        }
        // s_server prints "ACCEPT 127.0.0.1:PORT" once it listens.
        // Another process: polled, with a bound.
        var port: Int?
        _ = await eventually(within: .seconds(20)) {
            let text = printed.text.withLock { $0 }
            if let range = text.range(of: #"ACCEPT [0-9.]+:[0-9]+"#, options: .regularExpression) {
                port = Int(text[range].split(separator: ":").last ?? "")
            }
            return port != nil || !server.isRunning
        }
        let url = "https://127.0.0.1:\(try #require(port))/"
        let old = try Self.client(trusting: cert, maximum: .tlsv11)
        let peer = try PeerClient.make(peerCAFile: cert)
        let reached = try await old.execute(HTTPClientRequest(url: url), timeout: .seconds(10))
        #expect(reached.status == .ok)
        _ = try await reached.body.collect(upTo: 1 << 20)
        // s_server serves one connection at a time: the old client's goes first.
        try await old.shutdown()
        await #expect(throws: (any Error).self) {
            _ = try await peer.execute(HTTPClientRequest(url: url), timeout: .seconds(10))
        }
        try await peer.shutdown()
    }

    @Test("a TLS configuration built elsewhere is raised to TLS 1.2; 1.3 stays")
    func raised() {
        var configuration = TLSConfiguration.makeClientConfiguration()
        #expect(configuration.minimumTLSVersion == .tlsv1)
        #expect(ServerConfiguration.requiringModernTLS(configuration).minimumTLSVersion == .tlsv12)
        configuration.minimumTLSVersion = .tlsv13
        #expect(ServerConfiguration.requiringModernTLS(configuration).minimumTLSVersion == .tlsv13)
    }
}

/// Text a process prints, appended from the pipe's handler thread.
final class TextLines: Sendable {
    let text = Mutex("")
}
