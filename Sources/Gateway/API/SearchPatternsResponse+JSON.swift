package import Foundation
import Storage

/// Search answers written by hand: under load, `JSONEncoder` was 71% of a search request's
/// CPU (docs/robustness.md). Same keys in the same (sorted) order and the same number
/// format as `JSONEncoder` with `.sortedKeys`; a test compares the two.
extension SearchPatternsResponse {
    /// The JSON body, or nil when a number is not finite (the caller falls back to `JSONEncoder`).
    package func json() -> Data? {
        Self.body(
            patternCount: patterns.count, queryTime: queryTime, ranking: ranking, totalMatches: totalMatches,
            clampedLimit: limitClamped == true ? limit : nil
        ) { index, out in
            patterns[index].appendJSON(to: &out)
        }.map { Data($0) }
    }

    /// The answer around `patternCount` patterns, each written by `pattern`; nil when a
    /// number is not finite. `clampedLimit`: the limit applied when the plan lowered it.
    static func body(
        patternCount: Int, queryTime: Double, ranking: String, totalMatches: Int, clampedLimit: Int? = nil,
        pattern: (Int, inout [UInt8]) -> Bool
    ) -> [UInt8]? {
        var out: [UInt8] = []
        out.reserveCapacity(512 + patternCount * 700)
        out.append(0x7b)
        if let clampedLimit { out.append(contentsOf: #""limit":\#(clampedLimit),"limitClamped":true,"#.utf8) }
        out.append(contentsOf: #""patterns":["#.utf8)
        for index in 0..<patternCount {
            if index > 0 { out.append(0x2c) }
            guard pattern(index, &out) else { return nil }
        }
        out.append(contentsOf: #"],"queryTime":"#.utf8)
        guard appendNumber(queryTime, to: &out) else { return nil }
        out.append(contentsOf: #","ranking":"#.utf8)
        SyncEvent.appendString(ranking, to: &out)
        out.append(contentsOf: #","totalMatches":\#(totalMatches)}"#.utf8)
        return out
    }

    /// `JSONEncoder`'s number format: the shortest round-trip form, without a trailing `.0`.
    static func appendNumber(_ value: Double, to out: inout [UInt8]) -> Bool {
        guard value.isFinite else { return false }
        // Whole numbers (counts, hours, seconds) as integers: the same text, no float formatting.
        if value.rounded(.towardZero) == value, value.magnitude < 1e15, !(value == 0 && value.sign == .minus) {
            out.append(contentsOf: Int64(value).description.utf8)
            return true
        }
        var text = value.description
        if text.hasSuffix(".0") { text.removeLast(2) }
        out.append(contentsOf: text.utf8)
        return true
    }

    static func appendStrings(_ values: [String], to out: inout [UInt8]) {
        out.append(0x5b)
        for (index, value) in values.enumerated() {
            if index > 0 { out.append(0x2c) }
            SyncEvent.appendString(value, to: &out)
        }
        out.append(0x5d)
    }
}

extension PatternResponse {
    func appendJSON(to out: inout [UInt8]) -> Bool {
        guard appendHead(to: &out) else { return false }
        if let similarity {
            out.append(contentsOf: #","similarity":"#.utf8)
            guard SearchPatternsResponse.appendNumber(similarity, to: &out) else { return false }
        }
        return appendTail(to: &out)
    }

    /// The keys before `similarity` (sorted order), from the opening brace.
    func appendHead(to out: inout [UInt8]) -> Bool {
        typealias Writer = SearchPatternsResponse
        out.append(contentsOf: #"{"avgDuration":"#.utf8)
        guard Writer.appendNumber(avgDuration, to: &out) else { return false }
        out.append(contentsOf: #","contributors":\#(contributors),"costSavings":"#.utf8)
        guard Writer.appendNumber(costSavings, to: &out) else { return false }
        out.append(contentsOf: #","patternId":"#.utf8)
        SyncEvent.appendString(patternId, to: &out)
        out.append(contentsOf: #","recommendations":"#.utf8)
        Writer.appendStrings(recommendations, to: &out)
        out.append(contentsOf: #","resourceTypes":"#.utf8)
        Writer.appendStrings(resourceTypes, to: &out)
        return true
    }

    /// The keys after `similarity`, to the closing brace.
    func appendTail(to out: inout [UInt8]) -> Bool {
        typealias Writer = SearchPatternsResponse
        out.append(contentsOf: #","sourceCloud":"#.utf8)
        SyncEvent.appendString(sourceCloud, to: &out)
        out.append(contentsOf: #","steps":["#.utf8)
        for (index, step) in steps.enumerated() {
            if index > 0 { out.append(0x2c) }
            out.append(contentsOf: #"{"action":"#.utf8)
            SyncEvent.appendString(step.action, to: &out)
            out.append(contentsOf: #","commonErrors":"#.utf8)
            Writer.appendStrings(step.commonErrors, to: &out)
            out.append(contentsOf: #","count":\#(step.count),"durationSeconds":"#.utf8)
            guard Writer.appendNumber(step.durationSeconds, to: &out) else { return false }
            out.append(contentsOf: #","success":\#(step.success ? "true" : "false"),"successRate":"#.utf8)
            guard Writer.appendNumber(step.successRate, to: &out) else { return false }
            out.append(0x7d)
        }
        out.append(contentsOf: #"],"strategy":"#.utf8)
        SyncEvent.appendString(strategy, to: &out)
        out.append(contentsOf: #","successRate":"#.utf8)
        guard Writer.appendNumber(successRate, to: &out) else { return false }
        out.append(contentsOf: #","targetCloud":"#.utf8)
        SyncEvent.appendString(targetCloud, to: &out)
        out.append(0x7d)
        return true
    }
}

extension ContributePatternResponse {
    /// The answer to one contribution, written by hand like search answers (the same bytes as
    /// `JSONEncoder` with sorted keys; tested): it is encoded once per contribution.
    package func json() -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(256)
        out.append(contentsOf: #"{"contributed":\#(contributed ? "true" : "false"),"contributionId":"#.utf8)
        SyncEvent.appendString(contributionId, to: &out)
        out.append(contentsOf: #","duplicate":\#(duplicate ? "true" : "false"),"globalContributions":\#(globalContributions),"message":"#.utf8)
        SyncEvent.appendString(message, to: &out)
        out.append(contentsOf: #","patternId":"#.utf8)
        SyncEvent.appendString(patternId, to: &out)
        out.append(0x7d)
        return out
    }
}
