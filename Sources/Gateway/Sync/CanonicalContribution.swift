import Foundation
import JSONCoding
import PatternCore
package import Replication
import Storage

/// The canonical bytes of a contribution payload, written by hand: checking that a received
/// payload is its canonical encoding with `JSONEncoder` took about 3 s of a 50,000-event
/// resync. The keys are sorted and absent optionals omitted, as `EventPayloadCoding` writes
/// them; strings and numbers are written as `JSONEncoder` writes them. A payload equal to
/// these bytes is canonical; one that differs is judged by `JSONEncoder` (so this can only
/// ever save time, never admit other bytes than a deterministic function of the fields).
package enum CanonicalContribution {
    package static func bytes(_ added: ContributionAdded) -> [UInt8]? {
        var out: [UInt8] = []
        out.reserveCapacity(512)
        func key(_ name: String) {
            out.appendJSONString(name)
            out.append(0x3a)
        }
        func number(_ value: Double) -> Bool { out.appendJSONNumber(value) }
        out.append(0x7b)
        key("contributionId"); out.appendJSONString(added.contributionId)
        out.append(0x2c); key("patternId"); out.appendJSONString(added.patternId)
        out.append(0x2c); key("pseudonym"); out.appendJSONString(added.pseudonym)
        out.append(0x2c); key("record")
        let record = added.record
        out.append(0x7b)
        key("costSavingsPercent"); guard number(record.costSavingsPercent) else { return nil }
        out.append(0x2c); key("durationHours"); guard number(record.durationHours) else { return nil }
        if let followed = record.followedPatternId {
            out.append(0x2c); key("followedPatternId"); out.appendJSONString(followed)
        }
        out.append(0x2c); key("resourceTypes"); out.appendJSONStrings(record.resourceTypes)
        out.append(0x2c); key("sourceCloud"); out.appendJSONString(record.sourceCloud.rawValue)
        if let region = record.sourceRegion { out.append(0x2c); key("sourceRegion"); out.appendJSONString(region) }
        out.append(0x2c); key("steps"); out.append(0x5b)
        for (index, step) in record.steps.enumerated() {
            if index > 0 { out.append(0x2c) }
            out.append(0x7b)
            key("action"); out.appendJSONString(step.action)
            out.append(0x2c); key("durationSeconds"); guard number(step.durationSeconds) else { return nil }
            if let message = step.errorMessage { out.append(0x2c); key("errorMessage"); out.appendJSONString(message) }
            out.append(0x2c); key("success"); out.append(contentsOf: (step.success ? "true" : "false").utf8)
            out.append(0x7d)
        }
        out.append(0x5d)
        out.append(0x2c); key("strategy"); out.appendJSONString(record.strategy.rawValue)
        out.append(0x2c); key("successRate"); guard number(record.successRate) else { return nil }
        out.append(0x2c); key("targetCloud"); out.appendJSONString(record.targetCloud.rawValue)
        if let region = record.targetRegion { out.append(0x2c); key("targetRegion"); out.appendJSONString(region) }
        out.append(0x7d)
        out.append(0x2c); key("requestDigest"); out.appendJSONString(added.requestDigest)
        out.append(0x7d)
        return out
    }

    /// Nil when `payload` is the canonical encoding of `added`, else `not_canonical`.
    static func finding(_ added: ContributionAdded, _ payload: [UInt8]) -> String? {
        if let fast = bytes(added), fast.elementsEqual(payload) { return nil }
        return EventPayloadRules.canonical(added, Data(payload))
    }
}
