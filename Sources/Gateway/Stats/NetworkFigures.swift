package import Foundation
package import Storage

/// One published figure: a rounded value, or null when it is suppressed.
package struct NetworkFigure: Sendable, Hashable, Encodable {
    package var value: Double?
    package var suppressed: Bool

    package static let suppressedFigure = NetworkFigure(value: nil, suppressed: true)

    private enum CodingKeys: String, CodingKey { case value, suppressed }

    /// `value` is written as `null` when suppressed, never left out.
    package func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(value, forKey: .value)
        try container.encode(suppressed, forKey: .suppressed)
    }

    /// A count rounded to the nearest 10 (halves up: 14 → 10, 15 → 20), or suppressed below `minCount`.
    package static func count(_ count: Int, minCount: Int) -> NetworkFigure {
        count < minCount ? suppressedFigure : NetworkFigure(value: Double(roundedToTen(count)), suppressed: false)
    }

    /// A share in tenths (10 percentage points: 0.0, 0.1, …, 1.0), from the exact counts;
    /// suppressed when the numerator or the denominator is below `minCount`.
    package static func share(_ numerator: Int, of denominator: Int, minCount: Int) -> NetworkFigure {
        guard numerator >= minCount, denominator >= minCount else { return suppressedFigure }
        // round(10 · n / d), halves up, in integers: ⌊(20n + d) / 2d⌋.
        let tenths = (20 * numerator + denominator) / (2 * denominator)
        return NetworkFigure(value: Double(tenths) / 10, suppressed: false)
    }

    /// Halves up, for non-negative counts.
    package static func roundedToTen(_ value: Int) -> Int { (max(0, value) + 5) / 10 * 10 }
}

/// The five figures of one scope.
package struct NetworkScopeFigures: Sendable, Hashable, Encodable {
    package var activeDeployments: NetworkFigure
    package var contributions: NetworkFigure
    package var uniquePatterns: NetworkFigure
    package var reuseRate: NetworkFigure
    /// The seed's network-effect multiplier, log10(deployments) × unique patterns, from the two
    /// published (rounded) figures, itself rounded to 10; suppressed when either is.
    package var multiplier: NetworkFigure

    /// Rounds and suppresses exact counts; nothing exact leaves this initializer.
    package init(_ counts: ScopeCounts, minCount: Int) {
        activeDeployments = .count(counts.activeDeployments, minCount: minCount)
        contributions = .count(counts.contributions, minCount: minCount)
        uniquePatterns = .count(counts.uniquePatterns, minCount: minCount)
        reuseRate = .share(counts.recentFollowing, of: counts.recentContributions, minCount: minCount)
        if let deployments = activeDeployments.value, let patterns = uniquePatterns.value {
            multiplier = NetworkFigure(value: Double(NetworkFigure.roundedToTen(Int((log10(deployments) * patterns).rounded()))), suppressed: false)
        } else {
            multiplier = .suppressedFigure
        }
    }
}

/// `GET /api/v1/network/stats`.
package struct NetworkStatsResponse: Sendable, Hashable, Encodable {
    /// When the counts were taken (ISO 8601, UTC).
    package var asOf: String
    package var gateway: NetworkScopeFigures
    package var network: NetworkScopeFigures
    /// The private network these figures are of (issue 18): `network` is then that network
    /// and `gateway` this gateway's part of it. Absent for the global network.
    package var privateNetwork: String?

    package init(asOf: Date, counts: NetworkCounts, minCount: Int, privateNetwork: String? = nil) {
        self.privateNetwork = privateNetwork
        self.asOf = Timestamps.iso8601(asOf)
        gateway = NetworkScopeFigures(counts.gateway, minCount: minCount)
        network = NetworkScopeFigures(counts.network, minCount: minCount)
    }
}
