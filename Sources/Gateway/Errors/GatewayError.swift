package import ErrorCodes

/// A domain error: a stable code and a message safe to show anyone. Messages name fields,
/// never values: nothing a caller sent (and so no personal data) is ever echoed back.
package struct GatewayError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What kind of failure this is; the HTTP edge maps it to a status.
    package enum Kind: String, Sendable, Hashable {
        case invalidInput
        case unauthenticated
        case forbidden
        case notFound
        case conflict
        case gone
        case payloadTooLarge
        case unsupportedMediaType
        case rejected
        /// Well-formed but names something this gateway cannot use (422, not audited as a
        /// privacy rejection).
        case unprocessable
        case unavailable
        case internalFailure
    }

    package var kind: Kind
    package var code: ErrorCode
    package var message: String
    /// For `pii_detected`: what was found where (kinds and field paths, never values).
    package var findings: [GateFinding]?

    package init(_ kind: Kind, code: ErrorCode, message: String, findings: [GateFinding]? = nil) {
        self.kind = kind
        self.code = code
        self.message = message
        self.findings = findings
    }

    package var description: String { "\(code): \(message)" }

    package static func invalidField(_ field: String, _ reason: String) -> GatewayError {
        GatewayError(.invalidInput, code: .invalidField, message: "field '\(field)' \(reason)")
    }

    package static let unauthenticated = GatewayError(
        .unauthenticated, code: .unauthenticated,
        message:
            "a valid bearer token is required; a token made with `patterngate token create` holds on every gateway of the network once its gateway has published it, but a token made before network tokens holds only on the gateway whose data dir made it"
    )
    package static func forbidden(_ what: String) -> GatewayError {
        GatewayError(.forbidden, code: .forbidden, message: "this token's role may not \(what)")
    }
    /// A feature outside the token's plan; names the cheapest plan that has it, if any does.
    package static func planRequired(_ feature: String, plan: String?) -> GatewayError {
        GatewayError(
            .forbidden, code: .planRequired,
            message: plan.map { "\(feature) needs the \($0) plan or higher" } ?? "\(feature) is in no plan of this gateway's policy")
    }
    /// A private network this token may not use here: not its organization's, or not hosted
    /// by this gateway (one answer for both, so networks cannot be probed for).
    package static let unknownNetwork = GatewayError(
        .notFound, code: .unknownNetwork,
        message: "this gateway hosts no private network of that name for this token's organization")
    package static let consentRequired = GatewayError(
        .forbidden, code: .consentRequired,
        message: "this deployment has not granted 'contribute' consent; grant it with `patterngate consent grant` or PUT /api/v1/consent")
    package static let gatewayRetired = GatewayError(
        .gone, code: .gatewayRetired,
        message:
            "an officer retired this gateway: it serves no client, purges every erased payload and only delivers its purge certificates to its peers")
    package static let unknownFollowedPattern = GatewayError(
        .unprocessable, code: .unknownPattern,
        message:
            "field 'followedPatternId' names no pattern visible on this gateway (a pattern needs patterns.minContributors contributors to be visible)"
    )
    package static let contributionErased = GatewayError(
        .gone, code: .contributionErased, message: "this contribution was erased and cannot be made or revised again")
    package static func payloadTooLarge(_ what: String) -> GatewayError {
        GatewayError(.payloadTooLarge, code: .payloadTooLarge, message: what)
    }
    package static func personalDataDetected(_ findings: [GateFinding]) -> GatewayError {
        let kinds = Set(findings.map(\.kind)).sorted().joined(separator: ", ")
        let fields = Set(findings.map(\.field)).sorted().joined(separator: ", ")
        return GatewayError(
            .rejected, code: .piiDetected,
            message: "the verification scan found personal data or secrets (\(kinds)) in \(fields); nothing was stored",
            findings: findings)
    }
    package static let gateFailure = GatewayError(
        .rejected, code: .gateFailed, message: "the privacy gate could not check this contribution; nothing was stored")
    package static let gateBudgetExceeded = GatewayError(
        .rejected, code: .gateBudgetExceeded,
        message: "checking this contribution took more privacy-gate work than the policy allows (limits.gateWorkBudget); nothing was stored")
    package static let internalFailure = GatewayError(
        .internalFailure, code: .internalError, message: "the gateway could not complete the request; nothing was acknowledged")
    package static let auditRotationInProgress = GatewayError(
        .conflict, code: .auditRotationInProgress, message: "an audit segment rotation is already running; try again in a moment")
    package static let auditSegmentUnknown = GatewayError(
        .notFound, code: .auditSegmentUnknown, message: "no audit segment of this name has a known key on this gateway")
}
