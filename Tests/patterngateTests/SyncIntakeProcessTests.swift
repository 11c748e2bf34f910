import AsyncHTTPClient
import Foundation
import NIOCore
import Testing

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
        print("serve VmRSS before: \(before.rss) kB, most while uploading: \(sampled) kB, after: \(after.rss) kB; VmHWM \(before.peak) → \(after.peak) kB")
        #expect(growth < 32 * 1024, "the server's peak RSS grew by \(growth) kB for three unauthenticated uploads")
        #expect(try await server.isHealthy())
        #endif
    }
}

extension ServerProcess {
    func isHealthy() async throws -> Bool {
        let response = try await HTTPClient.shared.execute(HTTPClientRequest(url: url + "/healthz"), timeout: .seconds(10))
        return response.status == .ok
    }
}
