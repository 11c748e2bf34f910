package import PatternCore

/// The features of one (query, candidate pattern) pair, in `FeatureName` column order, as
/// 32-bit floats: XGBoost stores its matrix and split thresholds as floats, so training and
/// serving compare exactly the same values.
package struct FeatureVector: Sendable, Hashable {
    package var values: [Float]

    package init(values: [Float]) {
        precondition(values.count == FeatureName.count, "a feature vector has \(FeatureName.count) columns")
        self.values = values
    }

    package subscript(_ name: FeatureName) -> Float { values[name.index] }

    /// Features of `pattern` for `query` at `nowMillis` (HLC wall clock).
    package init(query: RankingQuery, pattern: CandidatePattern, nowMillis: UInt64) {
        let shared = Self.sharedCount(query.resourceTypes, pattern.resourceTypes)
        self.init(
            shared: shared, queryCount: query.resourceTypes.count, patternCount: pattern.resourceTypes.count,
            pattern: pattern, nowMillis: nowMillis)
    }

    /// Features of a search match's pattern for `query`, comparing type names ASCII
    /// case-insensitively in place: the same counts as normalizing both sides, without
    /// allocating a string per type (this runs per candidate per learned search).
    package init(query: RankingQuery, summary: PatternSummary, firstSeenMillis: UInt64?, nowMillis: UInt64) {
        let types = summary.resourceTypes
        var distinct = 0
        var shared = 0
        for (position, name) in types.enumerated() {
            // A name counts once however it is cased (the identity's dedup).
            guard !types[..<position].contains(where: { Self.equalIgnoringASCIICase($0, name) }) else { continue }
            distinct += 1
            if query.resourceTypes.contains(where: { Self.equalIgnoringASCIICase($0, name) }) { shared += 1 }
        }
        self.init(
            shared: shared, queryCount: query.resourceTypes.count, patternCount: distinct,
            pattern: CandidatePattern(numbersOf: summary, firstSeenMillis: firstSeenMillis), nowMillis: nowMillis)
    }

    static func equalIgnoringASCIICase(_ a: String, _ b: String) -> Bool {
        var (i, j) = (a.utf8.makeIterator(), b.utf8.makeIterator())
        while true {
            switch (i.next(), j.next()) {
            case (nil, nil): return true
            case (let x?, let y?):
                let lx = (x >= 0x41 && x <= 0x5a) ? x + 32 : x
                let ly = (y >= 0x41 && y <= 0x5a) ? y + 32 : y
                if lx != ly { return false }
            default: return false
            }
        }
    }

    /// Features from the type counts alone (training knows them from its index).
    init(shared: Int, queryCount: Int, patternCount: Int, pattern: CandidatePattern, nowMillis: UInt64) {
        let cosine = queryCount > 0 && patternCount > 0 ? Double(shared) / (Double(queryCount) * Double(patternCount)).squareRoot() : 0
        let boost = queryCount > 0 ? Double(shared) / Double(queryCount) : 0
        let similarity = PatternCore.Ranking.similarity(shared: shared, queryCount: queryCount, patternCount: patternCount)
        let formula = PatternCore.Ranking.rank(similarity: similarity, successRate: pattern.successRate, contributors: pattern.contributors)
        let contributions = max(pattern.contributions, 1)
        let age: Float = pattern.firstSeenMillis.map { first in Float(Double(nowMillis > first ? nowMillis - first : 0) / 86_400_000) } ?? .nan
        // In `FeatureName` order, as one literal: this runs per candidate per learned search
        // (`FeatureTests.handChecked` reads every column back by name).
        values = [
            Float(cosine),  // cosine
            Float(boost),  // sharedTypeBoost
            Float(similarity),  // similarity
            Float(formula),  // formulaScore
            Float(shared),  // sharedTypes
            Float(queryCount - shared),  // missingTypes
            Float(patternCount - shared),  // extraTypes
            Float(pattern.successRate),  // successRate
            Float(Wilson.lowerBound(successRate: pattern.successRate, trials: pattern.contributions)),  // wilsonLowerBound
            Float(pattern.contributions),  // contributions
            Float(pattern.contributors),  // contributors
            Float(pattern.meanDurationHours),  // meanDurationHours
            Float(pattern.costSavingsPercent),  // costSavingsPercent
            Float(Double(pattern.steps) / Double(contributions)),  // stepsPerContribution
            pattern.steps > 0 ? Float(pattern.successfulSteps / Double(pattern.steps)) : .nan,  // stepSuccessRate
            Self.strategyCode(pattern.strategy),  // strategy
            age,  // ageDays
        ]
    }

    static func strategyCode(_ strategy: MigrationStrategy) -> Float {
        switch strategy {
        case .rehost: 0
        case .replatform: 1
        case .refactor: 2
        }
    }

    /// |a ∩ b| for two sorted, deduplicated lists.
    static func sharedCount(_ a: [String], _ b: [String]) -> Int {
        var (i, j, shared) = (0, 0, 0)
        while i < a.count, j < b.count {
            if a[i] == b[j] {
                shared += 1
                i += 1
                j += 1
            } else if a[i] < b[j] {
                i += 1
            } else {
                j += 1
            }
        }
        return shared
    }
}
