import AsyncHTTPClient
import Foundation
import Gateway
import GatewayHTTP
import GatewayTestSupport
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import NIOCore
import NIOHTTP1
import Privacy
import ServiceLifecycle
import Synchronization
import TestSupport
import Testing

/// One Server-Sent Event (or a comment line, for heartbeats).
struct SSEEvent: Sendable, Equatable {
    var id: String?
    var event: String?
    var data: String?
    var comment: String?

    var object: [String: Any] { (try? JSONSerialization.jsonObject(with: Data((data ?? "").utf8))) as? [String: Any] ?? [:] }
}

/// Splits a text/event-stream into events as its chunks arrive.
struct SSEParser {
    private var buffer = ""

    mutating func feed(_ chunk: String) -> [SSEEvent] {
        buffer += chunk
        var events: [SSEEvent] = []
        while let end = buffer.range(of: "\n\n") {
            let block = buffer[..<end.lowerBound]
            buffer.removeSubrange(..<end.upperBound)
            var event = SSEEvent()
            for line in block.split(separator: "\n") {
                if line.hasPrefix(":") { event.comment = String(line.dropFirst()).trimmingCharacters(in: .whitespaces) }
                if line.hasPrefix("id: ") { event.id = String(line.dropFirst(4)) }
                if line.hasPrefix("event: ") { event.event = String(line.dropFirst(7)) }
                if line.hasPrefix("data: ") { event.data = String(line.dropFirst(6)) }
            }
            events.append(event)
        }
        return events
    }
}

/// A watch written by `PatternGateway.stream` into an async sequence of parsed events.
actor WatchSession {
    let watch: PatternWatch
    private var events: AsyncStream<SSEEvent>.AsyncIterator
    private let task: Task<Void, any Error>

    private init(watch: PatternWatch, events: AsyncStream<SSEEvent>.AsyncIterator, task: Task<Void, any Error>) {
        self.watch = watch
        self.events = events
        self.task = task
    }

    static func open(
        _ harness: TestGateway, _ token: String, source: String = "aws", target: String = "azure", types: String = "S3",
        lastEventId: String? = nil
    ) async throws -> WatchSession {
        let gateway = harness.gateway
        let principal = try await gateway.authenticate(authorization: "Bearer \(token)")
        let watch = try gateway.watch(principal, sourceCloud: source, targetCloud: target, resourceTypes: types, lastEventId: lastEventId)
        let (events, continuation) = AsyncStream<SSEEvent>.makeStream()
        let task = Task {
            var parser = SSEParser()
            defer { continuation.finish() }
            try await gateway.stream(watch) { bytes in
                for event in parser.feed(String(decoding: bytes, as: UTF8.self)) { continuation.yield(event) }
            }
        }
        return WatchSession(watch: watch, events: events.makeAsyncIterator(), task: task)
    }

    func next() async -> SSEEvent? {
        var iterator = events
        defer { events = iterator }
        return await iterator.next(isolation: self)
    }

    /// The next event that is not a heartbeat (the router tests' application beats on the real clock).
    func nextEvent() async -> SSEEvent? {
        while let event = await next() {
            if event.comment == nil { return event }
        }
        return nil
    }

    /// The next event after asking for a heartbeat: nil means the stream ended.
    func nextOrHeartbeat(_ gateway: PatternGateway) async -> SSEEvent? {
        gateway.watchHub.heartbeat()
        return await next()
    }

    func close() async {
        watch.close()
        _ = await task.result
    }
}

@Suite("Live updates (GET /api/v1/patterns/watch)", .timeLimit(.minutes(2)))
struct WatchTests {
    static let query = "sourceCloud=aws&targetCloud=azure&resourceTypes=S3"

    /// `policies/strict.yaml` (k = 3) with `edit` applied to its watch settings.
    static func strict(_ edit: (inout Policy.WatchSettings) -> Void = { _ in }) throws -> Policy {
        var policy = try TestGateway.policy("strict.yaml")
        edit(&policy.watch)
        return policy
    }

    @Test("below k nothing is told (no event, no sequence number); at k an upsert with search's fields; an erasure a removal with only the id")
    func visibility() async throws {
        let harness = try await TestGateway.make(policy: try Self.strict(), deploymentPlan: .pro)
        defer { harness.remove() }
        let gamma = try await harness.deploymentToken("gamma-deployment-3333")
        let hub = harness.gateway.watchHub
        let session = try await WatchSession.open(harness, harness.beta)
        let elsewhere = try await WatchSession.open(harness, harness.officer, target: "gcp")
        try await harness.test { client in
            for token in [harness.alpha, harness.beta, gamma] { try await client.grant(token) }
            let start = hub.currentSeq
            #expect(try await client.contribute(harness.alpha, wordpress("a")).status == .created)
            #expect(try await client.contribute(harness.beta, wordpress("b")).status == .created)
            #expect(hub.currentSeq == start, "a pattern below k takes no sequence number")
            #expect(await session.nextOrHeartbeat(harness.gateway)?.comment == "heartbeat", "and no event")
            #expect(try await client.contribute(gamma, wordpress("c")).status == .created)
            let upsert = try #require(await session.nextEvent())
            #expect(upsert.event == "pattern.upsert")
            #expect(upsert.id == "\(hub.run)-\(start + 1)")
            let found = try await client.search(harness.beta, Self.query)
            let result = try #require((found.object["patterns"] as? [[String: Any]])?.first)
            #expect(NSDictionary(dictionary: upsert.object).isEqual(to: result), "the same fields and values as the search result")
            #expect(upsert.object["contributors"] as? Int == 3)
            let patternId = try #require(result["patternId"] as? String)

            let erased = try await client.execute(
                uri: "/api/v1/erasure", method: .post, headers: headers(harness.officer), body: json(["deploymentId": "gamma-deployment-3333"]))
            #expect(erased.status == .created)
            let removed = try #require(await session.nextEvent())
            #expect(removed.event == "pattern.removed")
            #expect(removed.id == "\(hub.run)-\(start + 2)")
            #expect(removed.data == #"{"patternId":"\#(patternId)"}"#, "only the id, never why")
            // A watch of another query heard none of it.
            #expect(await elsewhere.nextOrHeartbeat(harness.gateway)?.comment == "heartbeat")
        }
        await session.close()
        await elsewhere.close()
        #expect(hub.openCount == 0)
    }

    @Test("Last-Event-ID resumes after the id; another run's id, an evicted one or none gets a snapshot")
    func resume() async throws {
        let harness = try await TestGateway.make(deploymentPlan: .pro)
        defer { harness.remove() }
        let hub = harness.gateway.watchHub
        let first = try await WatchSession.open(harness, harness.alpha)
        let collected = Mutex<[SSEEvent]>([])
        try await harness.test { client in
            try await client.grant(harness.alpha)
            try await client.grant(harness.beta)
            _ = try await client.contribute(harness.alpha, wordpress("a"))
            var other = wordpress("b")
            other["resourceTypes"] = ["S3"]
            _ = try await client.contribute(harness.beta, other)
            for _ in 0..<2 {
                let event = try #require(await first.nextEvent())
                collected.withLock { $0.append(event) }
            }
            await first.close()
            // While nobody watches, the first pattern changes.
            _ = try await client.contribute(harness.beta, wordpress("c"))
        }
        // The application's shutdown at the end of `test` closed the hub; the gateway lives on.
        hub.openForWatches()
        let seen = collected.withLock { $0 }
        #expect(seen.map(\.event) == ["pattern.upsert", "pattern.upsert"])
        let resumed = try await WatchSession.open(harness, harness.alpha, lastEventId: seen[1].id)
        let missed = try #require(await resumed.nextEvent())
        #expect(missed.id == "\(hub.run)-\(hub.currentSeq)")
        #expect(missed.object["patternId"] as? String == seen[0].object["patternId"] as? String)
        #expect(missed.object["contributors"] as? Int == 2)
        #expect(await resumed.nextOrHeartbeat(harness.gateway)?.comment == "heartbeat", "nothing seen before is replayed")
        await resumed.close()

        for stale in ["0123456789abcdef-2", "\(hub.run)-0", nil] {
            let snapshot = try await WatchSession.open(harness, harness.alpha, lastEventId: stale)
            let a = try #require(await snapshot.nextEvent())
            let b = try #require(await snapshot.nextEvent())
            #expect([a.event, b.event] == ["pattern.upsert", "pattern.upsert"])
            #expect(a.id == "\(hub.run)-0", "a resume from the middle of a snapshot starts it again")
            #expect(b.id == "\(hub.run)-\(hub.currentSeq)")
            #expect(await snapshot.nextOrHeartbeat(harness.gateway)?.comment == "heartbeat")
            await snapshot.close()
        }
    }

    @Test("watches per token and per gateway are bounded: 429 busy; a closed watch frees its slot")
    func limits() async throws {
        let harness = try await TestGateway.make(
            policy: try Self.strict {
                $0.maxPerToken = 2
                $0.maxPerGateway = 3
            }, deploymentPlan: .pro)
        defer { harness.remove() }
        try await harness.test { client in
            let a1 = try await WatchSession.open(harness, harness.alpha)
            let a2 = try await WatchSession.open(harness, harness.alpha)
            let third = try await client.execute(
                uri: "/api/v1/patterns/watch?\(Self.query)", method: .get, headers: headers(harness.alpha, json: false))
            #expect(third.status == .tooManyRequests)
            #expect(third.errorCode == "busy")
            let b1 = try await WatchSession.open(harness, harness.beta)
            let full = try await client.execute(
                uri: "/api/v1/patterns/watch?\(Self.query)", method: .get, headers: headers(harness.officer, json: false))
            #expect(full.status == .tooManyRequests)
            #expect(full.errorCode == "busy")
            await a1.close()
            let officer = try await WatchSession.open(harness, harness.officer)
            #expect(harness.gateway.watchHub.openCount == 3)
            for session in [a2, b1, officer] { await session.close() }
            #expect(harness.gateway.watchHub.openCount == 0)
        }
    }

    @Test("a watch that falls behind its buffer is closed, and gives back its slot")
    func slowConsumer() async throws {
        let harness = try await TestGateway.make(policy: try Self.strict { $0.bufferEvents = 16 }, deploymentPlan: .pro)
        defer { harness.remove() }
        let gateway = harness.gateway
        let principal = try await gateway.authenticate(authorization: "Bearer \(harness.alpha)")
        // Opened, not read: nothing drains its buffer.
        let watch = try gateway.watch(principal, sourceCloud: "aws", targetCloud: "azure", resourceTypes: "S3", lastEventId: nil)
        #expect(gateway.watchHub.openCount == 1)
        for _ in 0..<17 { gateway.watchHub.heartbeat() }
        #expect(gateway.watchHub.openCount == 0, "overflowed and closed")
        var written = 0
        try await gateway.stream(watch) { bytes in written += String(decoding: bytes, as: UTF8.self).components(separatedBy: "\n\n").count - 1 }
        #expect(written == 16, "what was queued is written, then the stream ends")
    }

    @Test("a revoked token's stream ends at the next heartbeat after the revocation reaches the token cache")
    func revocation() async throws {
        let harness = try await TestGateway.make(deploymentPlan: .pro)
        defer { harness.remove() }
        let session = try await WatchSession.open(harness, harness.alpha)
        #expect(await session.nextOrHeartbeat(harness.gateway)?.comment == "heartbeat")
        let tokenId = String(harness.alpha.split(separator: "_")[1])
        #expect(try await harness.gateway.database.revokeToken(id: tokenId, actor: .cli))
        // The token cache keeps a checked token for up to 1 s (docs/design.md, "Tokens and roles").
        let ended = await eventually(within: .seconds(10), every: .milliseconds(100)) {
            await session.nextOrHeartbeat(harness.gateway) == nil
        }
        #expect(ended)
        #expect(harness.gateway.watchHub.openCount == 0)
    }

    @Test("plans (issue 17): a free token is refused 403 plan_required naming pro; a pro stream ends once its token is moved to free")
    func plans() async throws {
        let harness = try await TestGateway.make()
        defer { harness.remove() }
        let pro = try await harness.deploymentToken("pro-watcher", plan: .pro)
        let session = try await WatchSession.open(harness, pro)
        #expect(await session.nextOrHeartbeat(harness.gateway)?.comment == "heartbeat")
        let tokenId = String(pro.split(separator: "_")[1])
        #expect(try await harness.gateway.database.setTokenPlan(id: tokenId, plan: .free, actor: .cli) == .changed(previous: "pro"))
        // Past the token cache's 1 s, the next heartbeat finds the plan without live updates.
        let ended = await eventually(within: .seconds(10), every: .milliseconds(100)) {
            await session.nextOrHeartbeat(harness.gateway) == nil
        }
        #expect(ended)
        #expect(harness.gateway.watchHub.openCount == 0)
        try await harness.test { client in
            let refused = try await client.execute(
                uri: "/api/v1/patterns/watch?\(Self.query)", method: .get, headers: headers(harness.alpha, json: false))
            #expect(refused.status == .forbidden)
            #expect(refused.errorCode == "plan_required")
            #expect(refused.errorMessage == "live updates needs the pro plan or higher")
        }
        #expect(harness.gateway.watchHub.openCount == 0)
    }

    @Test("refused like search: no token 401, an auditor 403, a bad query 400 with search's answer, a hostile Last-Event-ID 400")
    func refusals() async throws {
        let harness = try await TestGateway.make(deploymentPlan: .pro)
        defer { harness.remove() }
        try await harness.test { client in
            func watch(_ token: String?, _ query: String = Self.query, lastEventId: String? = nil) async throws -> TestResponse {
                var fields = headers(token, json: false)
                if let lastEventId { fields[HTTPField.Name("Last-Event-ID")!] = lastEventId }
                return try await client.execute(uri: "/api/v1/patterns/watch?\(query)", method: .get, headers: fields)
            }
            #expect(try await watch(nil).status == .unauthorized)
            #expect(try await watch(harness.auditor).status == .forbidden)
            for bad in [
                "sourceCloud=mars&targetCloud=azure&resourceTypes=S3", "sourceCloud=aws&targetCloud=on-prem&resourceTypes=S3",
                "sourceCloud=aws&targetCloud=azure&resourceTypes=", "sourceCloud=aws&targetCloud=azure&resourceTypes=NotAType",
            ] {
                let watched = try await watch(harness.alpha, bad)
                let searched = try await client.search(harness.alpha, bad)
                #expect(watched.status == .badRequest)
                #expect(watched.errorCode == searched.errorCode && watched.errorMessage == searched.errorMessage, "\(bad)")
            }
            for hostile in ["garbage", "0123456789ABCDEF-1", "0123456789abcdef-", "0123456789abcdef-1x", String(repeating: "9", count: 4096)] {
                let refused = try await watch(harness.alpha, lastEventId: hostile)
                #expect(refused.status == .badRequest)
                #expect(refused.errorCode == "invalid_field")
                #expect(refused.errorMessage?.contains(hostile) == false)
            }
        }
        #expect(harness.gateway.watchHub.openCount == 0)
    }
}

/// The stream over a real socket: `serve`'s application on loopback, read with AsyncHTTPClient.
@Suite("Live updates over HTTP", .timeLimit(.minutes(2)))
struct WatchLiveTests {
    static let logger = Logger(label: "watch-live-test")

    /// Sends one request and returns the status and body text.
    static func send(
        _ client: HTTPClient, _ port: Int, _ method: HTTPMethod, _ path: String, token: String, body: [String: Any]? = nil
    ) async throws -> (status: UInt, text: String) {
        var request = HTTPClientRequest(url: "http://127.0.0.1:\(port)\(path)")
        request.method = method
        request.headers.add(name: "Authorization", value: "Bearer \(token)")
        if let body {
            request.headers.add(name: "Content-Type", value: "application/json")
            request.body = .bytes(try JSONSerialization.data(withJSONObject: body))
        }
        let response = try await client.execute(request, timeout: .seconds(30))
        let text = String(buffer: try await response.body.collect(upTo: 1 << 20))
        return (response.status.code, text)
    }

    /// Opens the watch and hands back its events as they arrive.
    static func watch(
        _ client: HTTPClient, _ port: Int, token: String, lastEventId: String? = nil
    ) async throws -> (
        status: UInt, contentType: String?, events: AsyncThrowingStream<SSEEvent, any Error>
    ) {
        var request = HTTPClientRequest(url: "http://127.0.0.1:\(port)/api/v1/patterns/watch?\(WatchTests.query)")
        request.headers.add(name: "Authorization", value: "Bearer \(token)")
        if let lastEventId { request.headers.add(name: "Last-Event-ID", value: lastEventId) }
        let response = try await client.execute(request, timeout: .seconds(90))
        let body = response.body
        let events = AsyncThrowingStream<SSEEvent, any Error> { continuation in
            let reader = Task {
                var parser = SSEParser()
                do {
                    for try await chunk in body {
                        for event in parser.feed(String(buffer: chunk)) { continuation.yield(event) }
                    }
                    continuation.finish()
                } catch {
                    continuation.finish(throwing: error)
                }
            }
            continuation.onTermination = { _ in reader.cancel() }
        }
        return (response.status.code, response.headers.first(name: "content-type"), events)
    }

    @Test(
        "a contribution reaching k is an upsert, an erasure a removal, a heartbeat on the clock, a resume skips what was seen, and a shutdown ends the stream"
    )
    func endToEnd() async throws {
        let harness = try await TestGateway.make(policyFile: "strict.yaml", deploymentPlan: .pro)
        defer { harness.remove() }
        let gamma = try await harness.deploymentToken("gamma-deployment-3333")
        let delta = try await harness.deploymentToken("delta-deployment-4444")
        let clock = ManualClock()
        let (ports, portContinuation) = AsyncStream<Int>.makeStream()
        let application = try harness.application(
            logger: Self.logger, server: ServerConfiguration(host: "127.0.0.1", port: 0), watchClock: clock,
            onServerRunning: { channel in portContinuation.yield(channel.localAddress?.port ?? 0) })
        let group = ServiceGroup(configuration: .init(services: [application], logger: Self.logger))
        let client = HTTPClient(eventLoopGroupProvider: .singleton)
        try await withThrowingTaskGroup(of: Void.self) { tasks in
            tasks.addTask { try await group.run() }
            var portIterator = ports.makeAsyncIterator()
            let port = try #require(await portIterator.next())
            for token in [harness.alpha, harness.beta, gamma, delta] {
                #expect(try await Self.send(client, port, .PUT, "/api/v1/consent", token: token, body: ["action": "grant"]).status == 200)
            }
            let opened = try await Self.watch(client, port, token: harness.officer)
            #expect(opened.status == 200)
            #expect(opened.contentType?.hasPrefix("text/event-stream") == true)
            var events = opened.events.makeAsyncIterator()

            _ = try await Self.send(client, port, .POST, "/api/v1/patterns/contribute", token: harness.alpha, body: wordpress("a"))
            _ = try await Self.send(client, port, .POST, "/api/v1/patterns/contribute", token: harness.beta, body: wordpress("b"))
            let contributed = ContinuousClock.now
            let reachedK = try await Self.send(client, port, .POST, "/api/v1/patterns/contribute", token: gamma, body: wordpress("c"))
            #expect(reachedK.status == 201)
            let upsert = try #require(try await events.next())
            let latency = ContinuousClock.now - contributed
            #expect(upsert.event == "pattern.upsert")
            #expect(upsert.object["contributors"] as? Int == 3)
            let patternId = try #require(upsert.object["patternId"] as? String)
            Self.logger.notice("contribution sent → upsert read", metadata: ["latency": "\(latency)"])

            let erased = try await Self.send(
                client, port, .POST, "/api/v1/erasure", token: harness.officer, body: ["deploymentId": "gamma-deployment-3333"])
            #expect(erased.status == 201)
            let removed = try #require(try await events.next())
            #expect(removed.event == "pattern.removed")
            #expect(removed.data == #"{"patternId":"\#(patternId)"}"#)

            await clock.sleepers(atLeast: 1)
            clock.advance(by: .seconds(harness.gateway.policy.watch.heartbeatSeconds))
            #expect(try await events.next()?.comment == "heartbeat")

            // The client goes away; meanwhile a fourth deployment brings the pattern back to k.
            events = opened.events.makeAsyncIterator()
            _ = consume events
            let back = try await Self.send(client, port, .POST, "/api/v1/patterns/contribute", token: delta, body: wordpress("d"))
            #expect(back.status == 201)
            let resumed = try await Self.watch(client, port, token: harness.officer, lastEventId: removed.id)
            var resumedEvents = resumed.events.makeAsyncIterator()
            let missed = try #require(try await resumedEvents.next())
            #expect(missed.event == "pattern.upsert", "the first event is the one missed, not a replay of the upsert or the removal")
            #expect(missed.object["patternId"] as? String == patternId)
            #expect(missed.id != upsert.id && missed.id != removed.id)

            // A graceful shutdown ends the open stream, and the server stops.
            await group.triggerGracefulShutdown()
            while try await resumedEvents.next() != nil {}
            try await tasks.waitForAll()
        }
        try await client.shutdown()
    }
}
