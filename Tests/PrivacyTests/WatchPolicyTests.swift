import Privacy
import Testing

@Suite("Policy: the watch block")
struct WatchPolicyTests {
    /// `policies/default.yaml` with its `watch:` block's settings replaced by `lines` (none: no block).
    static func defaultPolicy(watch lines: String?) throws -> String {
        let shipped = try policyText("default.yaml")
        let head = shipped.components(separatedBy: "\nwatch:\n")[0]
        let tail = shipped.components(separatedBy: "  resumeEvents: 4096\n").dropFirst().joined()
        return head + "\n" + (lines.map { "watch:\n\($0)\n" } ?? "") + tail
    }

    @Test("defaults fill an absent block; the shipped default writes them out, so both hash the same")
    func defaults() throws {
        let shipped = try loadPolicy(yaml: try policyText("default.yaml"))
        #expect(shipped.watch == Policy.WatchSettings())
        #expect(try loadPolicy(yaml: try policyText("strict.yaml")).watch == Policy.WatchSettings(), "strict.yaml has no watch block")
        #expect(try loadPolicy(yaml: try Self.defaultPolicy(watch: nil)).hash == shipped.hash)
        #expect(try loadPolicy(yaml: try Self.defaultPolicy(watch: "  maxPerToken: 3")).hash != shipped.hash)
    }

    @Test(
        "values out of bounds are refused at load, naming the field",
        arguments: [
            ("  maxPerToken: 0", "watch.maxPerToken"), ("  maxPerGateway: 10001", "watch.maxPerGateway"),
            ("  heartbeatSeconds: 0", "watch.heartbeatSeconds"), ("  bufferEvents: 8", "watch.bufferEvents"),
            ("  resumeEvents: 2000000", "watch.resumeEvents"), ("  maxPerToken: 16\n  maxPerGateway: 4", "watch.maxPerToken"),
        ])
    func bounds(lines: String, field: String) throws {
        let text = try Self.defaultPolicy(watch: lines)
        #expect {
            try loadPolicy(yaml: text)
        } throws: { error in
            (error as? PolicyError)?.field == field
        }
    }
}
