public import Ranking

/// `GET /api/v1/admin/ranker` and `POST /api/v1/admin/ranker/train`: a model card without
/// its training set's ids (the digest stands for them; the gateway keeps the ids to forget).
public struct RankerCardResponse: Codable, Sendable, Hashable {
    public var modelId: String
    public var trainedAt: String
    public var examples: Int
    public var trainingSetDigest: String
    /// How many contributions the run used (the ids the digest covers).
    public var trainingSetSize: Int
    public var modelDigest: String
    public var evaluation: Evaluation
    public var active: Bool
    public var reason: String
    public var features: [String]

    public init(_ card: ModelCard) {
        modelId = card.modelId
        trainedAt = card.trainedAt
        examples = card.examples
        trainingSetDigest = card.trainingSetDigest
        trainingSetSize = card.trainingContributionIds.count
        modelDigest = card.modelDigest
        evaluation = card.evaluation
        active = card.active
        reason = card.reason
        features = card.features
    }
}
