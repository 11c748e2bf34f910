import ArgumentParser
import AsyncHTTPClient
import Foundation
import NIOCore
import NIOFoundationEssentialsCompat
import NIOHTTP1

/// Options of every command that talks to a running gateway.
struct ClientOptions: ParsableArguments {
    @Option(help: "The gateway's URL (or PATTERNGATE_SERVER).")
    var server: String?

    @Option(help: "A bearer token (or PATTERNGATE_TOKEN).")
    var token: String?

    func client() throws -> GatewayClient {
        try Self.client(server: server, token: token)
    }

    static func client(server: String?, token: String?) throws -> GatewayClient {
        let environment = ProcessInfo.processInfo.environment
        let url = server ?? environment["PATTERNGATE_SERVER"] ?? "http://127.0.0.1:8080"
        guard let token = token ?? environment["PATTERNGATE_TOKEN"], !token.isEmpty else {
            throw CLIFailure.usage("a token is required: --token T or PATTERNGATE_TOKEN")
        }
        guard url.hasPrefix("http://") || url.hasPrefix("https://") else {
            throw CLIFailure.usage("--server must be an http:// or https:// URL")
        }
        return GatewayClient(baseURL: url.hasSuffix("/") ? String(url.dropLast()) : url, token: token)
    }
}

/// A small JSON client for the gateway's API. Server errors become one-line CLI failures.
struct GatewayClient: Sendable {
    var baseURL: String
    var token: String

    /// Sends a request and returns the body of a 2xx response.
    func send(_ method: HTTPMethod, _ path: String, body: Data? = nil) async throws -> Data {
        var request = HTTPClientRequest(url: baseURL + path)
        request.method = method
        request.headers.add(name: "Authorization", value: "Bearer \(token)")
        request.headers.add(name: "Accept", value: "application/json")
        if let body {
            request.headers.add(name: "Content-Type", value: "application/json")
            request.body = .bytes(ByteBuffer(bytes: body))
        }
        // A refused connection fails at once instead of being retried until the deadline.
        var configuration = HTTPClient.Configuration()
        configuration.connectionPool.retryConnectionEstablishment = false
        configuration.timeout.connect = .seconds(10)
        let http = HTTPClient(eventLoopGroup: HTTPClient.defaultEventLoopGroup, configuration: configuration)
        let status: HTTPResponseStatus
        let data: Data
        do {
            let response = try await http.execute(request, timeout: .seconds(120))
            var buffer = try await response.body.collect(upTo: 64 * 1024 * 1024)
            status = response.status
            data = buffer.readData(length: buffer.readableBytes) ?? Data()
            try? await http.shutdown()
        } catch {
            try? await http.shutdown()
            throw CLIFailure.failure("cannot reach the gateway at \(baseURL)")
        }
        guard (200..<300).contains(Int(status.code)) else {
            if let error = try? JSONDecoder().decode(ErrorEnvelope.self, from: data) {
                throw CLIFailure.failure("\(status.code) \(error.error.code): \(error.error.message)")
            }
            throw CLIFailure.failure("the gateway answered \(status.code)")
        }
        return data
    }

    func decode<T: Decodable>(_ type: T.Type, _ data: Data) throws -> T {
        do {
            return try JSONDecoder().decode(type, from: data)
        } catch {
            throw CLIFailure.failure("the gateway's answer could not be read")
        }
    }

    private struct ErrorEnvelope: Decodable {
        struct Detail: Decodable {
            var code: String
            var message: String
        }
        var error: Detail
    }
}

/// Pretty JSON for `--json` output.
enum JSONOutput {
    static func print(_ data: Data) {
        if let object = try? JSONSerialization.jsonObject(with: data),
            let pretty = try? JSONSerialization.data(withJSONObject: object, options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes])
        {
            FileHandle.standardOutput.write(pretty + Data("\n".utf8))
        } else {
            FileHandle.standardOutput.write(data + Data("\n".utf8))
        }
    }
}
