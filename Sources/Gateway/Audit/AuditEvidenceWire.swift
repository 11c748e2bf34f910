package import AuditLog
import Foundation

/// `LogGrowthEvidence` on the sync wire: hashes as standard base64, entry lines and signed
/// notes as strings. `evidence` reads it back within bounds, so a peer cannot make a witness
/// hash or parse more than a few kilobytes per message.
package struct AuditEvidenceWire: Codable, Sendable, Hashable {
    package var fromOrigin: String
    package var fromSize: UInt64
    /// Optional on the wire; evidence without it is not judged.
    package var toSize: UInt64?
    package var consistency: [String]
    package var step: Step?

    package struct Step: Codable, Sendable, Hashable {
        package var finalCheckpoint: String
        package var handOver: String
        package var handOverProof: [String]
        package var nextCheckpoint: String
        package var opening: String
        package var openingProof: [String]
    }

    /// Hashes per proof: a tree of 2^64 leaves needs at most 2 × 64.
    static let maximumProofHashes = 128
    /// An entry line (the hand-over and the opening are small) and a signed note.
    static let maximumLineBytes = 16_384

    package init(_ evidence: LogGrowthEvidence) {
        fromOrigin = evidence.fromOrigin
        fromSize = evidence.fromSize
        toSize = evidence.toSize
        consistency = evidence.consistency.map(\.base64)
        step = evidence.step.map { step in
            Step(
                finalCheckpoint: step.finalCheckpoint, handOver: String(decoding: step.handOverLine, as: UTF8.self),
                handOverProof: step.handOverProof.map(\.base64), nextCheckpoint: step.nextCheckpoint,
                opening: String(decoding: step.openingLine, as: UTF8.self), openingProof: step.openingProof.map(\.base64))
        }
    }

    /// The evidence, or nil when any field is outside its bounds or not canonical base64.
    package var evidence: LogGrowthEvidence? {
        guard let toSize, fromOrigin.utf8.count <= 200, let consistency = Self.hashes(consistency) else { return nil }
        guard let step else {
            return LogGrowthEvidence(fromOrigin: fromOrigin, fromSize: fromSize, toSize: toSize, consistency: consistency)
        }
        guard [step.finalCheckpoint, step.handOver, step.nextCheckpoint, step.opening].allSatisfy({ $0.utf8.count <= Self.maximumLineBytes }),
            let handOverProof = Self.hashes(step.handOverProof), let openingProof = Self.hashes(step.openingProof)
        else { return nil }
        return LogGrowthEvidence(
            fromOrigin: fromOrigin, fromSize: fromSize, toSize: toSize, consistency: consistency,
            step: SegmentStepEvidence(
                finalCheckpoint: step.finalCheckpoint, handOverLine: Array(step.handOver.utf8), handOverProof: handOverProof,
                nextCheckpoint: step.nextCheckpoint, openingLine: Array(step.opening.utf8), openingProof: openingProof))
    }

    private static func hashes(_ texts: [String]) -> [MerkleHash]? {
        guard texts.count <= maximumProofHashes else { return nil }
        var hashes: [MerkleHash] = []
        for text in texts {
            guard let hash = MerkleHash(base64: text) else { return nil }
            hashes.append(hash)
        }
        return hashes
    }
}
