import Foundation

/// Normalized discounted cumulative gain: how close an order comes to the best order of the
/// same gains, weighting the top most.
///
/// DCG@k = Σ_{i<k} gain_i / log2(i + 2) (linear gains: they are success rates in 0…1);
/// NDCG@k = DCG@k of the order / DCG@k of the gains sorted descending.
package enum NDCG {
    /// DCG@k of `gains` in the order given.
    package static func dcg(_ gains: [Double], k: Int) -> Double {
        var total = 0.0
        for (position, gain) in gains.prefix(k).enumerated() { total += gain / log2(Double(position) + 2) }
        return total
    }

    /// NDCG@k of `gains` in the order given; nil when no gain is positive (no order is
    /// better than another, so the example says nothing).
    package static func ndcg(_ gains: [Double], k: Int) -> Double? {
        let ideal = dcg(gains.sorted(by: >), k: k)
        guard ideal > 0 else { return nil }
        return dcg(gains, k: k) / ideal
    }
}
