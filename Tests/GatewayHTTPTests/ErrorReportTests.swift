import AuditLog
import ErrorCodes
import Gateway
import Privacy
import Replication
import Storage
import Testing

/// Every module's errors go through one mapping (`ErrorReport`), which the HTTP edge and the
/// CLI both use: the kind decides the status and the exit code, the code is the module's own.
@Suite("Error report")
struct ErrorReportTests {
    struct Unknown: Error {}

    @Test("each module's error keeps its code and gets a kind; an unknown error maps to nothing")
    func mapping() {
        let cases: [(any Error, GatewayError.Kind, ErrorCode)] = [
            (GatewayError.consentRequired, .forbidden, .consentRequired),
            (StorageError.sequenceConflict, .conflict, .sequenceConflict),
            (StorageError.gatewayIdMismatch, .internalFailure, .gatewayIdMismatch),
            (PolicyError(code: .policyInvalid, field: "limits", reason: "must be positive"), .invalidInput, .policyInvalid),
            (KeyError(code: .networkKeyInvalid, reason: "a network key is exactly 32 bytes"), .internalFailure, .networkKeyInvalid),
            (AuditLogError(code: .malformedNote, message: "no signature line"), .invalidInput, .malformedNote),
            (ClockError.outOfBounds, .invalidInput, .clockOutOfBounds),
        ]
        for (error, kind, code) in cases {
            let report = ErrorReport.gatewayError(for: error)
            #expect(report?.kind == kind, "\(code)")
            #expect(report?.code == code)
        }
        #expect(ErrorReport.gatewayError(for: Unknown()) == nil)
    }

    @Test("the CLI exits 3 for what could not be read and 1 for the rest")
    func exitStatus() {
        #expect(ErrorReport.exitStatus(for: GatewayError(.invalidInput, code: .policyUnreadable, message: "cannot read the policy file")) == 3)
        #expect(ErrorReport.exitStatus(for: GatewayError(.internalFailure, code: .networkKeyUnreadable, message: "x")) == 3)
        #expect(ErrorReport.exitStatus(for: .consentRequired) == 1)
    }
}
