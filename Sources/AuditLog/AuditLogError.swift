package import ErrorCodes

/// The one error type of the audit log module.
///
/// `code` is stable (callers map it to HTTP or exit codes); `message` is safe to show and log:
/// it never contains key material or entry contents, only positions and sizes.
package struct AuditLogError: Error, Sendable, Hashable, CustomStringConvertible {
    package let code: ErrorCode
    package let message: String

    package init(code: ErrorCode, message: String) {
        self.code = code
        self.message = message
    }

    package var description: String { "\(code): \(message)" }

    static func invalidEntry(_ message: String) -> AuditLogError {
        AuditLogError(code: .invalidEntry, message: message)
    }

    static func nonCanonical(_ message: String) -> AuditLogError {
        AuditLogError(code: .nonCanonicalEntry, message: message)
    }

    static func invalidProofRequest(_ message: String) -> AuditLogError {
        AuditLogError(code: .invalidProofRequest, message: message)
    }

    static func malformedNote(_ message: String) -> AuditLogError {
        AuditLogError(code: .malformedNote, message: message)
    }

    static func malformedCheckpoint(_ message: String) -> AuditLogError {
        AuditLogError(code: .malformedCheckpoint, message: message)
    }

    static func invalidKey(_ message: String) -> AuditLogError {
        AuditLogError(code: .invalidKey, message: message)
    }

    static func invalidFrontier(_ message: String) -> AuditLogError {
        AuditLogError(code: .invalidFrontier, message: message)
    }

    static func exportOrder(_ message: String) -> AuditLogError {
        AuditLogError(code: .exportOutOfOrder, message: message)
    }
}
