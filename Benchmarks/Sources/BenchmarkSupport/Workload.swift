import Foundation
package import PatternCore

/// SplitMix64: small, fast, seedable; the seed is printed so any run can be repeated.
package struct SeededGenerator: RandomNumberGenerator {
    package var state: UInt64

    package init(state: UInt64) { self.state = state }

    package mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// Draws names with Zipf-like popularity (weight 1/rank): a few types are in most patterns.
package struct ZipfSampler: Sendable {
    let names: [String]
    let cumulative: [Double]

    package init(names: [String], exponent: Double = 1.0) {
        self.names = names
        var total = 0.0
        var cumulative: [Double] = []
        for rank in 1...names.count {
            total += 1 / pow(Double(rank), exponent)
            cumulative.append(total)
        }
        self.cumulative = cumulative.map { $0 / total }
    }

    package func sample(using generator: inout SeededGenerator) -> String {
        let u = Double.random(in: 0..<1, using: &generator)
        var low = 0, high = cumulative.count - 1
        while low < high {
            let mid = (low + high) / 2
            if cumulative[mid] < u { low = mid + 1 } else { high = mid }
        }
        return names[low]
    }

    /// 1–6 distinct names.
    package func sampleSet(using generator: inout SeededGenerator) -> [String] {
        let count = Int.random(in: 1...6, using: &generator)
        var set = Set<String>()
        while set.count < count { set.insert(sample(using: &generator)) }
        return set.sorted()
    }
}

/// Random migrations over a policy's vocabulary.
package struct Workload: Sendable {
    let vocabulary: Vocabulary
    let samplers: [CloudProvider: ZipfSampler]
    let actions: [String]

    package init(vocabulary: Vocabulary, seed: UInt64) {
        self.vocabulary = vocabulary
        var generator = SeededGenerator(state: seed)
        var samplers: [CloudProvider: ZipfSampler] = [:]
        for cloud in CloudProvider.allCases {
            // A seeded shuffle decides which types are popular.
            samplers[cloud] = ZipfSampler(names: vocabulary.resourceTypeNames(in: cloud).shuffled(using: &generator))
        }
        self.samplers = samplers
        self.actions = vocabulary.stepActionNames
    }

    package func record(using generator: inout SeededGenerator) -> ContributionRecord {
        let source = CloudProvider.allCases.randomElement(using: &generator)!
        let target = CloudProvider.targets.randomElement(using: &generator)!
        let steps = (0..<Int.random(in: 2...8, using: &generator)).map { _ in
            MigrationStep(
                action: actions.randomElement(using: &generator)!, durationSeconds: Double(Int.random(in: 10...7200, using: &generator)),
                success: Double.random(in: 0..<1, using: &generator) < 0.9)
        }
        return ContributionRecord(
            sourceCloud: source, targetCloud: target, resourceTypes: samplers[source]!.sampleSet(using: &generator),
            strategy: MigrationStrategy.allCases.randomElement(using: &generator)!, steps: steps,
            successRate: Double(Int.random(in: 50...100, using: &generator)) / 100,
            durationHours: Double(Int.random(in: 1...400, using: &generator)),
            costSavingsPercent: Double(Int.random(in: -20...60, using: &generator)))
    }

    package func query(limit: Int = 10, using generator: inout SeededGenerator) -> SearchQuery {
        let source = CloudProvider.allCases.randomElement(using: &generator)!
        return SearchQuery(
            sourceCloud: source, targetCloud: CloudProvider.targets.randomElement(using: &generator)!,
            resourceTypes: samplers[source]!.sampleSet(using: &generator), limit: limit)
    }
}
