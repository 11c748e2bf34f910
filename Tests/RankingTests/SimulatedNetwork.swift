import PatternCore
import Ranking
import TestSupport

/// A network whose outcomes depend on more than the seed's formula sees.
///
/// Deployments ask one of a few dozen recurring questions (clouds + resource types), see the
/// formula's top 10, and follow one of them (the higher, the likelier). How it goes depends on
/// the followed pattern's hidden quality, and heavily on what it lacks: every query type the
/// pattern misses costs, a missing database costs most. The formula weighs a missing type like
/// any other similarity loss and trusts a pattern's mean success however few contributed, so a
/// popular or lucky pattern that misses the database ranks high and does badly.
struct SimulatedNetwork {
    var contributions: [RankingContribution] = []
    var followed = 0

    static let databases = ["aurora", "dynamodb", "cloudsql", "cosmosdb"]
    static let services = (0..<16).map { "svc\($0)" }
    static let pairs: [(CloudProvider, CloudProvider)] = [(.onPrem, .aws), (.aws, .gcp), (.azure, .aws)]

    struct Archetype {
        var source: CloudProvider
        var target: CloudProvider
        var types: [String]
    }

    /// The first `bootstrap` contributions follow nothing (the network's start); after that,
    /// 30% report their own migration and 70% follow one of the formula's top 10 for their
    /// question (weight 1/(1 + rank/5): a mild position bias).
    init(seed: UInt64, bootstrap: Int = 600, contributions total: Int) {
        var random = SeededGenerator(seed: seed)
        func unit() -> Double { Double(random.next() >> 11) / Double(1 << 53) }
        func gaussian() -> Double {
            let u = max(unit(), 1e-12)
            return (-2 * log(u)).squareRoot() * cos(2 * Double.pi * unit())
        }
        var archetypes: [Archetype] = []
        for _ in 0..<24 {
            let pair = Self.pairs[random.below(Self.pairs.count)]
            var types = Set<String>()
            let count = 2 + random.below(3)
            while types.count < count { types.insert(Self.services[random.below(Self.services.count)]) }
            if random.below(10) < 6 { types.insert(Self.databases[random.below(Self.databases.count)]) }
            archetypes.append(Archetype(source: pair.0, target: pair.1, types: types.sorted()))
        }
        func perturbed(_ types: [String]) -> [String] {
            var set = Set(types)
            switch random.below(3) {
            case 0 where set.count > 2: set.remove(types[random.below(types.count)])
            case 1: set.insert(Self.services[random.below(Self.services.count)])
            default: set.insert(Self.databases[random.below(Self.databases.count)])
            }
            return set.sorted()
        }
        /// Hidden quality of a pattern, fixed per pattern id.
        func quality(_ patternId: String) -> Double {
            let byte = Int(Hex.decode(String(patternId.prefix(4)))!.withUnsafeBytes { $0.load(as: UInt16.self) })
            return 0.6 + 0.35 * Double(byte) / 65535
        }
        let strategies = MigrationStrategy.allCases
        let origins = ["gw-a", "gw-b", "gw-c"]
        var seqs = [UInt64](repeating: 0, count: origins.count)
        var index = PatternIndex()
        let start: UInt64 = 1_760_000_000_000
        for n in 0..<total {
            // Recurring questions, some far more often than others.
            let archetype = archetypes[min(random.below(archetypes.count), random.below(archetypes.count))]
            let query = random.below(10) < 9 ? archetype.types : perturbed(archetype.types)
            var followedId: String?
            var outcome: Double
            var strategy = strategies[random.below(strategies.count)]
            var typesOut = query
            if n < bootstrap || random.below(10) < 3 {
                // Reports on its own migration, followed nothing. Half of those whose question
                // has a database moved the application tier only: they succeed more often, and
                // their database-less pattern grows popular and bright, which the formula trusts.
                let appTier = query.filter { !Self.databases.contains($0) }
                let skippedDatabase = appTier.count >= 2 && appTier.count < query.count && random.below(2) == 0
                typesOut = skippedDatabase ? appTier : perturbed(query)
                let key = PatternKey(sourceCloud: archetype.source, targetCloud: archetype.target, strategy: strategy, resourceTypes: typesOut)
                // Small samples are noisy.
                outcome = quality(key.patternId) + (skippedDatabase ? 0.1 + 0.05 * gaussian() : 0.2 * gaussian())
            } else {
                let top = index.search(
                    SearchQuery(sourceCloud: archetype.source, targetCloud: archetype.target, resourceTypes: query, limit: 10)
                ).matches
                if top.isEmpty {
                    outcome = 0.7 + 0.1 * gaussian()
                } else {
                    // A mild position bias: weight 1/(1 + rank/5).
                    let weights = top.indices.map { 1 / (1 + Double($0) / 5) }
                    var pick = unit() * weights.reduce(0, +)
                    var chosen = 0
                    for (i, w) in weights.enumerated() {
                        pick -= w
                        if pick <= 0 {
                            chosen = i
                            break
                        }
                    }
                    let pattern = top[chosen].pattern
                    followedId = pattern.patternId
                    strategy = pattern.strategy
                    let patternTypes = Set(pattern.resourceTypes)
                    let missing = query.filter { !patternTypes.contains($0) }
                    let missingDatabase = missing.contains { Self.databases.contains($0) }
                    let extra = patternTypes.subtracting(query).count
                    outcome =
                        quality(pattern.patternId) - 0.15 * Double(missing.count) - (missingDatabase ? 0.35 : 0)
                        - 0.03 * Double(extra) + 0.08 * gaussian()
                }
            }
            outcome = min(1, max(0, outcome))
            let steps = (0..<(2 + random.below(3))).map { s in
                MigrationStep(action: "step\(s)", durationSeconds: Double(60 + random.below(600)), success: unit() < outcome)
            }
            let record = ContributionRecord(
                sourceCloud: archetype.source, targetCloud: archetype.target, resourceTypes: typesOut, strategy: strategy, steps: steps,
                successRate: outcome, durationHours: Double(1 + random.below(48)), costSavingsPercent: Double(random.below(40)))
            let origin = random.below(origins.count)
            seqs[origin] += 1
            let contribution = RankingContribution(
                contributionId: Hex.encode(random.bytes(16)), pseudonym: "dep-\(random.below(400))", record: record,
                hlcWallMillis: start + UInt64(n) * 3_600_000 + UInt64(random.below(1000)), origin: origins[origin], seq: seqs[origin],
                followedPatternId: followedId)
            contributions.append(contribution)
            if followedId != nil { followed += 1 }
            index.upsert(LiveContribution(contributionId: contribution.contributionId, pseudonym: contribution.pseudonym, record: record))
        }
    }
}

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif
