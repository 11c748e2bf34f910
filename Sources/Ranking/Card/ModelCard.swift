import Crypto
import PatternCore

/// What a trained model is, what it was trained on and how it did: the record the officer
/// reads, the audit log cites and erasure consults.
///
/// Only ids, counts, digests and scores: no pattern, pseudonym or free text.
package struct ModelCard: Codable, Sendable, Hashable {
    /// The first 32 hex digits of `modelDigest`.
    package var modelId: String
    /// When training ran, as the caller formatted it (RFC 3339).
    package var trainedAt: String
    /// Training examples the model was fitted on (the holdout is counted in `evaluation`).
    package var examples: Int
    /// SHA-256 over `trainingContributionIds` (`TrainingSet.digest`).
    package var trainingSetDigest: String
    /// Sorted ids of every contribution the run used (`TrainingSet.usedContributionIds`):
    /// an erasure covering any of them deletes this model.
    package var trainingContributionIds: [String]
    /// SHA-256 of the model bytes (hex).
    package var modelDigest: String
    package var evaluation: Evaluation
    /// Whether the model beat the formula enough to serve.
    package var active: Bool
    /// Why it is active or not, with the figures.
    package var reason: String
    /// The feature columns, in order (`FeatureName.names`).
    package var features: [String]

    package init(
        modelDigest: String, trainedAt: String, examples: Int, trainingContributionIds: [String], evaluation: Evaluation, active: Bool,
        reason: String
    ) {
        self.modelId = String(modelDigest.prefix(32))
        self.trainedAt = trainedAt
        self.examples = examples
        self.trainingSetDigest = TrainingSet.digest(trainingContributionIds)
        self.trainingContributionIds = trainingContributionIds
        self.modelDigest = modelDigest
        self.evaluation = evaluation
        self.active = active
        self.reason = reason
        self.features = FeatureName.names
    }

    /// Whether erasing `contributionIds` must delete this model.
    package func isTrained(onAnyOf contributionIds: some Sequence<String>) -> Bool {
        let used = Set(trainingContributionIds)
        return contributionIds.contains { used.contains($0) }
    }

    /// SHA-256 of model bytes, hex.
    package static func digest(_ modelBytes: [UInt8]) -> String {
        Hex.encode(SHA256.hash(data: modelBytes))
    }
}
