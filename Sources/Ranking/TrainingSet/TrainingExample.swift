/// One contribution that followed a pattern, as a learning example.
///
/// Its label is its own `successRate`: the realized outcome of following that pattern.
public struct TrainingExample: Sendable, Hashable {
    public var contributionId: String
    /// Position in the replicated order (HLC, origin, seq) among all live contributions.
    public var position: Int
    /// The evaluation's query key (`RankingQuery.key`).
    public var queryKey: String
    public var followedPatternId: String
    public var label: Double
    /// Features of the followed pattern as it stood just before this contribution.
    public var followed: FeatureVector
    /// Holdout examples only: every candidate in the formula's order (top N plus the
    /// followed one), with its features at that time; empty for training examples.
    public var candidates: [Candidate]

    public init(
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

    public struct Candidate: Sendable, Hashable {
        public var patternId: String
        public var features: FeatureVector

        public init(patternId: String, features: FeatureVector) {
            self.patternId = patternId
            self.features = features
        }
    }
}
