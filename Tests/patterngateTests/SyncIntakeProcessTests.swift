import AsyncHTTPClient
import ErrorCodes
import Foundation
import NIOCore
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// `count` bytes of filler made on the fly, in 64 KiB pieces (one buffer, shared).
struct GeneratedBody: AsyncSequence, Sendable {
    typealias Element = ByteBuffer
    let count: Int
    let piece = ByteBuffer(repeating: 0x7b, count: 64 * 1024)

    struct AsyncIterator: AsyncIteratorProtocol {
        var remaining: Int
        let piece: ByteBuffer

        mutating func next() async -> ByteBuffer? {
            guard remaining > 0 else { return nil }
            let size = Swift.min(remaining, piece.readableBytes)
            remaining -= size
            return piece.getSlice(at: piece.readerIndex, length: size)
        }
    }

    func makeAsyncIterator() -> AsyncIterator { AsyncIterator(remaining: count, piece: piece) }
}

/// kB figures of `/proc/PID/status` (VmRSS: resident now; VmHWM: the most ever resident).
func memory(of pid: Int32) throws -> (rss: Int, peak: Int) {
    let status = try String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8)
    func field(_ name: String) -> Int {
        guard let line = status.split(separator: "\n").first(where: { $0.hasPrefix(name + ":") }) else { return -1 }
        return Int(line.split(whereSeparator: { $0 == " " || $0 == "\t" })[1]) ?? -1
    }
    return (field("VmRSS"), field("VmHWM"))
}

@Suite("Sync intake against a serve process", .serialized)
struct SyncIntakeProcessTests {
    @Test("three concurrent unauthenticated 200 MB sync uploads are refused 401 unread: the server's peak RSS grows < 32 MB")
    func unauthenticatedUploads() async throws {
        #if os(Linux)
            let dir = temporaryDirectory()
            defer { try? FileManager.default.removeItem(atPath: dir) }
            let server = try ServerProcess(dataDir: dir)
            defer { _ = server.stop() }
            let pid = server.process.processIdentifier
            let size = 200 * 1000 * 1000

            func upload(_ count: Int, forged: Bool) async throws -> (status: UInt, code: String?) {
                var request = HTTPClientRequest(url: server.url + "/api/v1/sync")
                request.method = .POST
                request.headers.add(name: "Content-Type", value: "application/json")
                if forged {
                    request.headers.add(name: "X-PatternGate-Timestamp", value: String(Int64(Date().timeIntervalSince1970)))
                    request.headers.add(name: "X-PatternGate-Signature", value: String(repeating: "ab", count: 32))
                    request.headers.add(name: "X-PatternGate-Content-SHA256", value: String(repeating: "cd", count: 32))
                }
                request.body = .stream(GeneratedBody(count: count), length: .known(Int64(count)))
                let response = try await HTTPClient.shared.execute(request, timeout: .seconds(300))
                // AsyncHTTPClient stops uploading on an early answer of 300 or more and closes the
                // connection; the write it had in flight then sometimes fails the answer's body
                // ("I/O on closed channel") after its head (the status) arrived. The status is
                // what counts; the code is checked whenever the body came through.
                guard let body = try? await response.body.collect(upTo: 1 << 20) else { return (response.status.code, nil) }
                let object = try? JSONSerialization.jsonObject(with: Data(body.readableBytesView)) as? [String: Any]
                return (response.status.code, (object?["error"] as? [String: Any])?["code"] as? String)
            }

            // Warm up the route (first-use allocations are not the request's).
            let warm = try await upload(1024, forged: false)
            #expect(warm.status == 401 && warm.code == "peer_unauthenticated")
            let before = try memory(of: pid)
            // The most resident seen while the uploads run (VmHWM alone could hide growth below
            // a higher start-up peak).
            let sampler = Task {
                var most = 0
                while !Task.isCancelled {
                    most = max(most, (try? memory(of: pid).rss) ?? 0)
                    try? await Task.sleep(for: .milliseconds(5))
                }
                return most
            }
            let results = try await withThrowingTaskGroup(of: (status: UInt, code: String?).self) { group in
                for index in 0..<3 { group.addTask { try await upload(size, forged: index == 2) } }
                var results: [(status: UInt, code: String?)] = []
                for try await result in group { results.append(result) }
                return results
            }
            sampler.cancel()
            let sampled = await sampler.value
            let after = try memory(of: pid)
            #expect(results.count == 3)
            for result in results {
                #expect(result.status == 401)
                #expect(result.code == nil || result.code == "peer_unauthenticated")
            }
            let growth = max(after.peak - before.peak, sampled - before.rss, after.rss - before.rss)
            print(
                "serve VmRSS before: \(before.rss) kB, most while uploading: \(sampled) kB, after: \(after.rss) kB; VmHWM \(before.peak) → \(after.peak) kB"
            )
            #expect(growth < 32 * 1024, "the server's peak RSS grew by \(growth) kB for three unauthenticated uploads")
            #expect(try await server.isHealthy())
        #endif
    }

    @Test("three clients that ignore the 401 and send all 200 MB anyway are drained: the server's peak RSS grows < 32 MB")
    func unauthenticatedUploadsIgnoringTheAnswer() async throws {
        #if os(Linux)
            let dir = temporaryDirectory()
            defer { try? FileManager.default.removeItem(atPath: dir) }
            let server = try ServerProcess(dataDir: dir)
            defer { _ = server.stop() }
            let pid = server.process.processIdentifier
            let port = try #require(Int(server.url.split(separator: ":").last ?? ""))
            #expect(await Self.pushIgnoringAnswer(port: port, count: 1024) == "HTTP/1.1 401 Unauthorized")
            let before = try memory(of: pid)
            let answers = await withTaskGroup(of: String.self) { group in
                for _ in 0..<3 { group.addTask { await Self.pushIgnoringAnswer(port: port, count: 200 * 1000 * 1000) } }
                var answers: [String] = []
                for await answer in group { answers.append(answer) }
                return answers
            }
            let after = try memory(of: pid)
            #expect(answers == Array(repeating: "HTTP/1.1 401 Unauthorized", count: 3))
            let growth = max(after.peak - before.peak, after.rss - before.rss)
            print("serve (answer ignored) VmRSS before: \(before.rss) kB, after: \(after.rss) kB; VmHWM \(before.peak) → \(after.peak) kB")
            #expect(growth < 32 * 1024, "the server's peak RSS grew by \(growth) kB")
            #expect(try await server.isHealthy())
        #endif
    }
}

extension SyncIntakeProcessTests {
    /// Sends a POST head declaring `count` bytes, then all of them whatever the server
    /// answers, on a plain socket; returns the first line of the answer. Blocking: runs on a
    /// dispatch thread.
    static func pushIgnoringAnswer(port: Int, count: Int) async -> String {
        await withCheckedContinuation { continuation in
            DispatchQueue.global().async {
                let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
                defer { close(fd) }
                var address = sockaddr_in()
                address.sin_family = sa_family_t(AF_INET)
                address.sin_port = in_port_t(UInt16(port).bigEndian)
                address.sin_addr.s_addr = inet_addr("127.0.0.1")
                let connected = withUnsafePointer(to: &address) {
                    $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
                }
                guard connected == 0 else { return continuation.resume(returning: "connect failed") }
                func send(_ bytes: [UInt8]) -> Bool {
                    var offset = 0
                    while offset < bytes.count {
                        let sent = bytes[offset...].withUnsafeBytes { Glibc.send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
                        guard sent > 0 else { return false }
                        offset += sent
                    }
                    return true
                }
                let head = "POST /api/v1/sync HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: \(count)\r\n\r\n"
                _ = send(Array(head.utf8))
                let piece = [UInt8](repeating: 0x7b, count: 64 * 1024)
                var remaining = count
                while remaining > 0, send(Array(piece.prefix(remaining))) { remaining -= Swift.min(remaining, piece.count) }
                var answer = [UInt8](repeating: 0, count: 64)
                let read = recv(fd, &answer, answer.count, 0)
                let text = String(decoding: answer.prefix(max(read, 0)), as: UTF8.self)
                continuation.resume(returning: String(text.split(separator: "\r\n").first ?? ""))
            }
        }
    }
}

extension ServerProcess {
    func isHealthy() async throws -> Bool {
        let response = try await HTTPClient.shared.execute(HTTPClientRequest(url: url + "/healthz"), timeout: .seconds(10))
        return response.status == .ok
    }
}
