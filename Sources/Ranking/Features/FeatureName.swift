/// Every feature the learned ranker sees, in column order: the one list the feature vector,
/// the trainer, `docs/ranking.md` and the model card refer to.
///
/// Each is a number about the query's shape or the candidate pattern's aggregate. None is a
/// pseudonym, an id or free text (no step action, no error message, no region), so neither
/// a training matrix nor a model file can carry one.
package enum FeatureName: String, CaseIterable, Sendable, Codable {
    /// |Q ∩ P| / √(|Q|·|P|), the seed's cosine over resource-type sets.
    case cosine
    /// |Q ∩ P| / |Q|, the seed's shared-type boost.
    case sharedTypeBoost
    /// 0.7 · cosine + 0.3 · boost, the seed's similarity.
    case similarity
    /// The seed's rank: 0.6 · similarity + 0.3 · successRate + 0.1 · ln(contributors + 1).
    case formulaScore
    /// Query types the pattern has.
    case sharedTypes
    /// Query types the pattern lacks (a missing database is what the formula cannot weigh).
    case missingTypes
    /// Pattern types the query lacks.
    case extraTypes
    /// Mean `successRate` of the pattern's live contributions.
    case successRate
    /// Wilson lower bound (z = 1.96) of the success rate over its contributions: small
    /// samples are pulled down, so one lucky contribution does not look like a sure thing.
    case wilsonLowerBound
    /// Live contributions in the pattern.
    case contributions
    /// Distinct contributor pseudonyms (a count, never a pseudonym).
    case contributors
    /// Mean `durationHours`.
    case meanDurationHours
    /// Mean `costSavingsPercent`.
    case costSavingsPercent
    /// Steps per contribution.
    case stepsPerContribution
    /// Share of the pattern's steps that succeeded (missing when it has no steps).
    case stepSuccessRate
    /// The pattern's strategy as 0 (rehost), 1 (replatform), 2 (refactor).
    case strategy
    /// Days since the pattern's earliest live contribution (missing when unknown).
    case ageDays

    /// The column of this feature.
    package var index: Int { Self.indices[self]! }

    private static let indices: [FeatureName: Int] = Dictionary(uniqueKeysWithValues: allCases.enumerated().map { ($1, $0) })

    /// Column names in order, for docs and the model card.
    package static let names: [String] = allCases.map(\.rawValue)

    package static let count = allCases.count
}
