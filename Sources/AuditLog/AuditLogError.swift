/// The one error type of the audit log module.
///
/// `code` is stable (callers map it to HTTP or exit codes); `message` is safe to show and log:
/// it never contains key material or entry contents, only positions and sizes.
public struct AuditLogError: Error, Sendable, Hashable, CustomStringConvertible {
    public let code: String
    public let message: String

    public init(code: String, message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { "\(code): \(message)" }

    static func invalidEntry(_ message: String) -> AuditLogError {
        AuditLogError(code: "invalid-entry", message: message)
    }

    static func nonCanonical(_ message: String) -> AuditLogError {
        AuditLogError(code: "non-canonical-entry", message: message)
    }

    static func invalidProofRequest(_ message: String) -> AuditLogError {
        AuditLogError(code: "invalid-proof-request", message: message)
    }

    static func malformedNote(_ message: String) -> AuditLogError {
        AuditLogError(code: "malformed-note", message: message)
    }

    static func malformedCheckpoint(_ message: String) -> AuditLogError {
        AuditLogError(code: "malformed-checkpoint", message: message)
    }

    static func invalidKey(_ message: String) -> AuditLogError {
        AuditLogError(code: "invalid-key", message: message)
    }

    static func invalidFrontier(_ message: String) -> AuditLogError {
        AuditLogError(code: "invalid-frontier", message: message)
    }

    static func exportOrder(_ message: String) -> AuditLogError {
        AuditLogError(code: "export-out-of-order", message: message)
    }
}
