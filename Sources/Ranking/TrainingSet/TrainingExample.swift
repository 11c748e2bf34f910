/// One contribution that followed a pattern, as a learning example.
///
/// Its label is its own `successRate`: the realized outcome of following that pattern.
package struct TrainingExample: Sendable, Hashable {
    package var contributionId: String
    /// Position in the replicated order (HLC, origin, seq) among all live contributions.
    package var position: Int
    /// The evaluation's query key (`RankingQuery.key`).
    package var queryKey: String
    package var followedPatternId: String
    package var label: Double
    /// Features of the followed pattern as it stood just before this contribution.
    package var followed: FeatureVector
    /// Holdout examples only: every candidate in the formula's order (top N plus the
    /// followed one), with its features at that time; empty for training examples.
    package var candidates: [Candidate]

    package init(
        contributionId: String, position: Int, queryKey: String, followedPatternId: String, label: Double, followed: FeatureVector,
        candidates: [Candidate]
    ) {
        self.contributionId = contributionId
        self.position = position
        self.queryKey = queryKey
        self.followedPatternId = followedPatternId
        self.label = label
        self.followed = followed
        self.candidates = candidates
    }

    package struct Candidate: Sendable, Hashable {
        package var patternId: String
        package var features: FeatureVector

        package init(patternId: String, features: FeatureVector) {
            self.patternId = patternId
            self.features = features
        }
    }
}
