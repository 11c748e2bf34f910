import AuditLog
import ErrorCodes
import Privacy
import Replication
import Storage

/// Every module's errors, mapped once to a `GatewayError` (kind, code, safe message). The
/// HTTP edge answers with the kind's status and `{"error":{"code","message"}}`; the CLI prints
/// `code: message` and exits by `exitStatus`. Codes come from `ErrorCode`; messages are the
/// modules' own safe messages (never a value from a request or a file's contents).
package enum ErrorReport {
    /// The error as the gateway reports it, or nil for an error no module of ours threw
    /// (reported as `internal_error`, its type logged, never its description).
    package static func gatewayError(for error: any Error) -> GatewayError? {
        switch error {
        case let error as GatewayError:
            return error
        case let error as StorageError:
            let conflict = error == .sequenceConflict || error == .contentHashMismatch || error == .networkKeyMismatch
            return GatewayError(conflict ? .conflict : .internalFailure, code: error.code, message: error.message)
        case let error as PolicyError:
            return GatewayError(.invalidInput, code: error.code, message: error.description)
        case let error as KeyError:
            return GatewayError(.internalFailure, code: error.code, message: error.reason)
        case let error as AuditLogError:
            return GatewayError(.invalidInput, code: error.code, message: error.message)
        case let error as ClockError:
            return GatewayError(.invalidInput, code: error.code, message: error.message)
        case let error as SecretFile.Failure:
            return GatewayError(.internalFailure, code: error.code, message: error.description)
        case is ScanBudgetExceeded:
            return .gateBudgetExceeded
        default:
            return nil
        }
    }

    /// How the CLI exits for it (DESIGN.md: 1 failed, 3 unreadable).
    package static func exitStatus(for error: GatewayError) -> Int32 {
        unreadable.contains(error.code) ? 3 : 1
    }

    /// Codes that mean a file could not be read.
    static let unreadable: Set<ErrorCode> = [
        .policyUnreadable, .networkKeyUnreadable, .identityKeyUnreadable, .auditKeyUnreadable,
    ]
}
