import Crypto
import PatternCore

/// What a trained model is, what it was trained on and how it did: the record the officer
/// reads, the audit log cites and erasure consults.
///
/// Only ids, counts, digests and scores: no pattern, pseudonym or free text.
public struct ModelCard: Codable, Sendable, Hashable {
    /// The first 32 hex digits of `modelDigest`.
    public var modelId: String
    /// When training ran, as the caller formatted it (RFC 3339).
    public var trainedAt: String
    /// Training examples the model was fitted on (the holdout is counted in `evaluation`).
    public var examples: Int
    /// SHA-256 over `trainingContributionIds` (`TrainingSet.digest`).
    public var trainingSetDigest: String
    /// Sorted ids of every contribution the run used (`TrainingSet.usedContributionIds`):
    /// an erasure covering any of them deletes this model.
    public var trainingContributionIds: [String]
    /// SHA-256 of the model bytes (hex).
    public var modelDigest: String
    public var evaluation: Evaluation
    /// Whether the model beat the formula enough to serve.
    public var active: Bool
    /// Why it is active or not, with the figures.
    public var reason: String
    /// The feature columns, in order (`FeatureName.names`).
    public var features: [String]

    public init(
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
    public func isTrained(onAnyOf contributionIds: some Sequence<String>) -> Bool {
        let used = Set(trainingContributionIds)
        return contributionIds.contains { used.contains($0) }
    }

    /// SHA-256 of model bytes, hex.
    public static func digest(_ modelBytes: [UInt8]) -> String {
        Hex.encode(SHA256.hash(data: modelBytes))
    }
}
