package import Foundation
import JSONCoding
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
        guard out.appendJSONNumber(queryTime) else { return nil }
        out.append(contentsOf: #","ranking":"#.utf8)
        out.appendJSONString(ranking)
        out.append(contentsOf: #","totalMatches":\#(totalMatches)}"#.utf8)
        return out
    }
}

extension PatternResponse {
    func appendJSON(to out: inout [UInt8]) -> Bool {
        guard appendHead(to: &out) else { return false }
        if let similarity {
            out.append(contentsOf: #","similarity":"#.utf8)
            guard out.appendJSONNumber(similarity) else { return false }
        }
        return appendTail(to: &out)
    }

    /// The keys before `similarity` (sorted order), from the opening brace.
    func appendHead(to out: inout [UInt8]) -> Bool {
        out.append(contentsOf: #"{"avgDuration":"#.utf8)
        guard out.appendJSONNumber(avgDuration) else { return false }
        out.append(contentsOf: #","contributors":\#(contributors),"costSavings":"#.utf8)
        guard out.appendJSONNumber(costSavings) else { return false }
        out.append(contentsOf: #","network":"#.utf8)
        out.appendJSONString(network)
        out.append(contentsOf: #","patternId":"#.utf8)
        out.appendJSONString(patternId)
        out.append(contentsOf: #","recommendations":"#.utf8)
        out.appendJSONStrings(recommendations)
        out.append(contentsOf: #","resourceTypes":"#.utf8)
        out.appendJSONStrings(resourceTypes)
        return true
    }

    /// The keys after `similarity`, to the closing brace.
    func appendTail(to out: inout [UInt8]) -> Bool {
        out.append(contentsOf: #","sourceCloud":"#.utf8)
        out.appendJSONString(sourceCloud)
        out.append(contentsOf: #","steps":["#.utf8)
        for (index, step) in steps.enumerated() {
            if index > 0 { out.append(0x2c) }
            out.append(contentsOf: #"{"action":"#.utf8)
            out.appendJSONString(step.action)
            out.append(contentsOf: #","commonErrors":"#.utf8)
            out.appendJSONStrings(step.commonErrors)
            out.append(contentsOf: #","count":\#(step.count),"durationSeconds":"#.utf8)
            guard out.appendJSONNumber(step.durationSeconds) else { return false }
            out.append(contentsOf: #","success":\#(step.success ? "true" : "false"),"successRate":"#.utf8)
            guard out.appendJSONNumber(step.successRate) else { return false }
            out.append(0x7d)
        }
        out.append(contentsOf: #"],"strategy":"#.utf8)
        out.appendJSONString(strategy)
        out.append(contentsOf: #","successRate":"#.utf8)
        guard out.appendJSONNumber(successRate) else { return false }
        out.append(contentsOf: #","targetCloud":"#.utf8)
        out.appendJSONString(targetCloud)
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
        out.appendJSONString(contributionId)
        out.append(contentsOf: #","duplicate":\#(duplicate ? "true" : "false"),"globalContributions":\#(globalContributions),"message":"#.utf8)
        out.appendJSONString(message)
        out.append(contentsOf: #","patternId":"#.utf8)
        out.appendJSONString(patternId)
        out.append(0x7d)
        return out
    }
}
