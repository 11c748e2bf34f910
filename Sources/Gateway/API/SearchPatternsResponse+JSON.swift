import Foundation
import Storage

/// Search answers written by hand: under load, `JSONEncoder` was 71% of a search request's
/// CPU (docs/robustness.md). Same keys in the same (sorted) order and the same number
/// format as `JSONEncoder` with `.sortedKeys`; a test compares the two.
extension SearchPatternsResponse {
    /// The JSON body, or nil when a number is not finite (the caller falls back to `JSONEncoder`).
    public func json() -> Data? {
        var out: [UInt8] = []
        out.reserveCapacity(512 + patterns.count * 700)
        out += Array(#"{"patterns":["#.utf8)
        for (index, pattern) in patterns.enumerated() {
            if index > 0 { out.append(0x2c) }
            guard pattern.appendJSON(to: &out) else { return nil }
        }
        out += Array(#"],"queryTime":"#.utf8)
        guard Self.appendNumber(queryTime, to: &out) else { return nil }
        out += Array(#","totalMatches":\#(totalMatches)}"#.utf8)
        return Data(out)
    }

    /// `JSONEncoder`'s number format: the shortest round-trip form, without a trailing `.0`.
    static func appendNumber(_ value: Double, to out: inout [UInt8]) -> Bool {
        guard value.isFinite else { return false }
        var text = value.description
        if text.hasSuffix(".0") { text.removeLast(2) }
        out += Array(text.utf8)
        return true
    }

    static func appendStrings(_ values: [String], to out: inout [UInt8]) {
        out.append(0x5b)
        for (index, value) in values.enumerated() {
            if index > 0 { out.append(0x2c) }
            SyncEvent.appendString(value.utf8, to: &out)
        }
        out.append(0x5d)
    }
}

extension PatternResponse {
    func appendJSON(to out: inout [UInt8]) -> Bool {
        typealias Writer = SearchPatternsResponse
        out += Array(#"{"avgDuration":"#.utf8)
        guard Writer.appendNumber(avgDuration, to: &out) else { return false }
        out += Array(#","contributors":\#(contributors),"costSavings":"#.utf8)
        guard Writer.appendNumber(costSavings, to: &out) else { return false }
        out += Array(#","patternId":"#.utf8)
        SyncEvent.appendString(patternId.utf8, to: &out)
        out += Array(#","recommendations":"#.utf8)
        Writer.appendStrings(recommendations, to: &out)
        out += Array(#","resourceTypes":"#.utf8)
        Writer.appendStrings(resourceTypes, to: &out)
        if let similarity {
            out += Array(#","similarity":"#.utf8)
            guard Writer.appendNumber(similarity, to: &out) else { return false }
        }
        out += Array(#","sourceCloud":"#.utf8)
        SyncEvent.appendString(sourceCloud.utf8, to: &out)
        out += Array(#","steps":["#.utf8)
        for (index, step) in steps.enumerated() {
            if index > 0 { out.append(0x2c) }
            out += Array(#"{"action":"#.utf8)
            SyncEvent.appendString(step.action.utf8, to: &out)
            out += Array(#","commonErrors":"#.utf8)
            Writer.appendStrings(step.commonErrors, to: &out)
            out += Array(#","count":\#(step.count),"durationSeconds":"#.utf8)
            guard Writer.appendNumber(step.durationSeconds, to: &out) else { return false }
            out += Array(#","success":\#(step.success ? "true" : "false"),"successRate":"#.utf8)
            guard Writer.appendNumber(step.successRate, to: &out) else { return false }
            out.append(0x7d)
        }
        out += Array(#"],"strategy":"#.utf8)
        SyncEvent.appendString(strategy.utf8, to: &out)
        out += Array(#","successRate":"#.utf8)
        guard Writer.appendNumber(successRate, to: &out) else { return false }
        out += Array(#","targetCloud":"#.utf8)
        SyncEvent.appendString(targetCloud.utf8, to: &out)
        out.append(0x7d)
        return true
    }
}
