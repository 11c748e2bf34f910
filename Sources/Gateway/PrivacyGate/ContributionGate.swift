import PatternCore

/// The seam where the privacy gate sits: it takes a validated contribution and returns the
/// record the network may keep, or rejects the whole contribution.
///
/// The anonymizer and the independent verification scan (the privacy issue) implement this.
public protocol ContributionGate: Sendable {
    func admit(_ contribution: ValidatedContribution) throws(GatewayError) -> ContributionRecord
}

/// Until the anonymizer and verification scan are in place, free text is refused outright,
/// so nothing unscanned is ever stored. Everything else in a validated record is closed-list
/// names and numbers, and sensitive terms are dropped here.
public struct FreeTextRefusingGate: ContributionGate {
    public init() {}

    public func admit(_ contribution: ValidatedContribution) throws(GatewayError) -> ContributionRecord {
        var record = contribution.record
        for index in record.steps.indices {
            guard let message = record.steps[index].errorMessage else { continue }
            if message.isEmpty {
                record.steps[index].errorMessage = nil
                continue
            }
            throw GatewayError(
                .rejected, code: "free_text_not_accepted",
                message: "field 'steps[\(index)].errorMessage' holds free text, which this gateway cannot scan yet; send the step without it")
        }
        return record
    }
}
