import PatternCore

/// A watch's query, checked like a search's: the clouds and the resource types, which a
/// pattern must share at least one of.
struct WatchQuery: Sendable, Hashable {
    var source: CloudProvider
    var target: CloudProvider
    /// The query's types as search canonicalizes them (policy spelling).
    var resourceTypes: [String]
    /// ASCII-lowercased and deduplicated, as the matcher compares them.
    var normalizedTypes: Set<String>
    /// Private networks the watching token may see (issue 18), as in its searches.
    var privateNetworks: Set<String>

    init(source: CloudProvider, target: CloudProvider, resourceTypes: [String], privateNetworks: Set<String> = []) {
        self.source = source
        self.target = target
        self.resourceTypes = resourceTypes
        self.normalizedTypes = Set(resourceTypes.map(PatternKey.asciiLowercased))
        self.privateNetworks = privateNetworks
    }

    /// Whether search with this query would consider a pattern with `key` (contributor count
    /// aside): same clouds, a shared type, and a network the token may see.
    func matches(_ key: PatternKey, normalizedTypes patternTypes: Set<String>) -> Bool {
        key.sourceCloud == source && key.targetCloud == target && !normalizedTypes.isDisjoint(with: patternTypes)
            && (key.network.map(privateNetworks.contains) ?? true)
    }

    /// Search's similarity of a pattern with these (normalized) types to this query.
    func similarity(to patternTypes: Set<String>) -> Double {
        Ranking.similarity(
            shared: normalizedTypes.intersection(patternTypes).count, queryCount: normalizedTypes.count, patternCount: patternTypes.count)
    }

    /// The matcher query finding the same patterns (limit aside).
    func searchQuery(minContributors: Int) -> SearchQuery {
        SearchQuery(
            sourceCloud: source, targetCloud: target, resourceTypes: resourceTypes, limit: 0, minContributors: minContributors,
            privateNetworks: privateNetworks)
    }
}

/// An SSE event id: `<run>-<seq>`, this gateway run's 16 hex digits and a change sequence
/// number. `Last-Event-ID` is read as hostile input: at most 37 bytes, exactly this shape,
/// else 400 `invalid_field` (an EventSource only ever sends back an id it was given).
package struct WatchEventId: Sendable, Hashable, CustomStringConvertible {
    package var run: String
    package var seq: UInt64

    package init(run: String, seq: UInt64) {
        self.run = run
        self.seq = seq
    }

    package var description: String { "\(run)-\(seq)" }

    /// The header's value; nil when absent or empty (a fresh watch).
    static func parse(_ header: String?) throws(GatewayError) -> WatchEventId? {
        guard let header, !header.isEmpty else { return nil }
        let invalid = GatewayError.invalidField("Last-Event-ID", "must be an event id this endpoint sent (<16 hex digits>-<number>)")
        let bytes = Array(header.utf8)
        guard bytes.count >= 18, bytes.count <= 37, bytes[16] == UInt8(ascii: "-") else { throw invalid }
        let run = String(decoding: bytes[..<16], as: UTF8.self)
        let digits = bytes[17...]
        guard Hex.isLowercaseHex(run, length: 16), digits.allSatisfy({ (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) }),
            let seq = UInt64(String(decoding: digits, as: UTF8.self))
        else { throw invalid }
        return WatchEventId(run: run, seq: seq)
    }
}
