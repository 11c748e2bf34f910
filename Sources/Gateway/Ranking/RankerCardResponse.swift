package import Ranking

/// `GET /api/v1/admin/ranker` and `POST /api/v1/admin/ranker/train`: a model card without
/// its training set's ids (the digest stands for them; the gateway keeps the ids to forget).
package struct RankerCardResponse: Codable, Sendable, Hashable {
    package var modelId: String
    package var trainedAt: String
    package var examples: Int
    package var trainingSetDigest: String
    /// How many contributions the run used (the ids the digest covers).
    package var trainingSetSize: Int
    package var modelDigest: String
    package var evaluation: Evaluation
    package var active: Bool
    package var reason: String
    package var features: [String]

    package init(_ card: ModelCard) {
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
