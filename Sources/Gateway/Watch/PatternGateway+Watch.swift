import JSONCoding
import Logging
import PatternCore
import Privacy

/// One open pattern watch (`GET /api/v1/patterns/watch`): who opened it, its query, how it
/// begins and the signals it hears. `PatternGateway.stream(_:write:)` writes it.
package final class PatternWatch: Sendable {
    package let principal: Principal
    let query: WatchQuery
    let opening: WatchHub.Opening
    let signals: AsyncStream<WatchSignal>
    private let continuation: AsyncStream<WatchSignal>.Continuation

    init(
        principal: Principal, query: WatchQuery, opening: WatchHub.Opening, signals: AsyncStream<WatchSignal>,
        continuation: AsyncStream<WatchSignal>.Continuation
    ) {
        self.principal = principal
        self.query = query
        self.opening = opening
        self.signals = signals
        self.continuation = continuation
    }

    /// Ends the stream after what it has already queued; frees its slot.
    package func close() { continuation.finish() }
}

extension PatternGateway {
    /// Opens a watch: the same roles, parameters and answers as search (400 `invalid_field`
    /// or `unknown_resource_type`), `Last-Event-ID` checked as hostile input, then 429 `busy`
    /// over the policy's per-token or per-gateway limit. Nothing is written yet.
    package func watch(
        _ principal: Principal, sourceCloud: String?, targetCloud: String?, resourceTypes: String?, lastEventId: String?
    ) throws(GatewayError) -> PatternWatch {
        try principal.require(.deployment, .officer, to: "watch patterns")
        try require(principal, .liveUpdates)
        let (source, target, types) = try checkedQuery(sourceCloud: sourceCloud, targetCloud: targetCloud, resourceTypes: resourceTypes)
        let resume = try WatchEventId.parse(lastEventId)
        let query = WatchQuery(source: source, target: target, resourceTypes: types, privateNetworks: visiblePrivateNetworks(for: principal))
        let opened = try watchHub.open(query: query, tokenId: principal.tokenId, resume: resume)
        return PatternWatch(
            principal: principal, query: query, opening: opened.opening, signals: opened.signals, continuation: opened.continuation)
    }

    /// Writes `watch` as Server-Sent Events through `write` until the watch ends: closed (a
    /// shutdown), its buffer overflowed, its token stopped authenticating (checked before every
    /// write, through the token cache), or `write` failed (the client left).
    ///
    /// First the opening: a snapshot of every visible matching pattern as upserts (each with
    /// id `<run>-0` but the last, which carries the cursor, so a resume from the middle of a
    /// snapshot starts it again), or the replay of the changes after `Last-Event-ID`. Then each
    /// change as it comes, and a comment line per heartbeat.
    package func stream(_ watch: PatternWatch, write: ([UInt8]) async throws -> Void) async throws {
        defer { watch.close() }
        guard await stillAdmits(watch.principal, query: watch.query) else { return }
        var out: [UInt8] = []
        switch watch.opening {
        case .snapshot(let cursor):
            let query = watch.query.searchQuery(minContributors: policy.patterns.minContributors)
            var pending: (id: String, body: [UInt8])?
            for patternId in index.read({ $0.matchingPatternIds(query) }) {
                guard let body = upsertBody(patternId, for: watch.query) else { continue }
                if let previous = pending {
                    Self.appendEvent(id: WatchEventId(run: watchHub.run, seq: 0), name: "pattern.upsert", data: previous.body, to: &out)
                    if out.count >= 64 * 1024 {
                        try await write(out)
                        out.removeAll(keepingCapacity: true)
                    }
                }
                pending = (patternId, body)
            }
            if let last = pending {
                Self.appendEvent(id: WatchEventId(run: watchHub.run, seq: cursor), name: "pattern.upsert", data: last.body, to: &out)
            }
        case .replay(let changes):
            for change in changes {
                guard let key = index.read({ $0.patternKey(id: change.patternId) }),
                    watch.query.matches(key, normalizedTypes: Set(key.normalizedResourceTypes))
                else { continue }
                appendChange(change, for: watch.query, to: &out)
            }
        }
        if !out.isEmpty { try await write(out) }
        for await signal in watch.signals {
            guard await stillAdmits(watch.principal, query: watch.query) else { return }
            out.removeAll(keepingCapacity: true)
            switch signal {
            case .heartbeat: out.append(contentsOf: ": heartbeat\n\n".utf8)
            case .change(let change): appendChange(change, for: watch.query, to: &out)
            }
            if !out.isEmpty { try await write(out) }
        }
    }

    /// Whether the watch's token would still be let in: not revoked, its plan (as it is now)
    /// still has live updates and every private network the stream shows, the gateway not
    /// retired.
    private func stillAdmits(_ principal: Principal, query: WatchQuery) async -> Bool {
        guard let current = await currentPrincipal(tokenId: principal.tokenId) else { return false }
        return allows(current, .liveUpdates) && query.privateNetworks.isSubset(of: visiblePrivateNetworks(for: current))
    }

    /// A removal as `{"patternId"}` and nothing else; an upsert with the pattern as it is now,
    /// or nothing when it is no longer visible (its removal follows).
    private func appendChange(_ change: WatchChange, for query: WatchQuery, to out: inout [UInt8]) {
        let id = WatchEventId(run: watchHub.run, seq: change.seq)
        if change.removed {
            var body = Array(#"{"patternId":"#.utf8)
            body.appendJSONString(change.patternId)
            body.append(UInt8(ascii: "}"))
            Self.appendEvent(id: id, name: "pattern.removed", data: body, to: &out)
        } else if let body = upsertBody(change.patternId, for: query) {
            Self.appendEvent(id: id, name: "pattern.upsert", data: body, to: &out)
        }
    }

    /// The pattern as a search result for `query` (the same JSON, `similarity` included), or
    /// nil when search would not show it: fewer than `minContributors` distinct contributors.
    private func upsertBody(_ patternId: String, for query: WatchQuery) -> [UInt8]? {
        guard let summary = index.read({ $0.pattern(id: patternId) }), summary.contributors >= max(1, policy.patterns.minContributors)
        else { return nil }
        let similarity = query.similarity(to: Set(summary.resourceTypes.map(PatternKey.asciiLowercased)))
        var body: [UInt8] = []
        guard PatternResponse(summary, similarity: similarity).appendJSON(to: &body) else {
            logger.warning("a pattern has a number without a JSON form; its watch event is left out")
            return nil
        }
        return body
    }

    /// One SSE event. The JSON holds no line break (strings are escaped), so one `data:` line.
    private static func appendEvent(id: WatchEventId, name: String, data: [UInt8], to out: inout [UInt8]) {
        out.append(contentsOf: "id: \(id)\nevent: \(name)\ndata: ".utf8)
        out.append(contentsOf: data)
        out.append(contentsOf: "\n\n".utf8)
    }
}
