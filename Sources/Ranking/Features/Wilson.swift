/// The Wilson score interval's lower bound: a success estimate that accounts for sample size.
///
/// A contribution's `successRate` is a share in 0…1, so the pattern's mean over n
/// contributions is treated as the observed proportion of n trials. Two contributions at
/// 100% give about 0.34; two hundred at 100% give about 0.98.
package enum Wilson {
    /// The 95% two-sided normal quantile.
    package static let z = 1.959963984540054

    /// Lower bound for proportion `p` observed over `n` trials; 0 when n is 0.
    package static func lowerBound(successRate p: Double, trials n: Int, z: Double = Wilson.z) -> Double {
        guard n > 0 else { return 0 }
        let p = min(1, max(0, p))
        let n = Double(n)
        let z2 = z * z
        let centre = p + z2 / (2 * n)
        let spread = z * ((p * (1 - p) + z2 / (4 * n)) / n).squareRoot()
        return max(0, (centre - spread) / (1 + z2 / n))
    }
}
