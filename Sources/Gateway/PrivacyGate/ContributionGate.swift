package import PatternCore

/// The seam where the privacy gate sits: it takes a validated contribution and returns the
/// record the network may keep, or rejects the whole contribution.
package protocol ContributionGate: Sendable {
    func admit(_ contribution: ValidatedContribution) throws(GatewayError) -> ContributionRecord
}
