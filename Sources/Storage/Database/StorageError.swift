public import ErrorCodes

/// A storage rule was broken. Codes are stable; messages never carry stored values.
public struct StorageError: Error, Sendable, Equatable, CustomStringConvertible {
    public var code: ErrorCode
    public var message: String

    public init(code: ErrorCode, message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { "\(code): \(message)" }

    public static let networkKeyMismatch = StorageError(
        code: .networkKeyMismatch,
        message: "this data dir belongs to a different network key; use the key it was created with")
    public static let sequenceConflict = StorageError(
        code: .sequenceConflict, message: "a peer sent a known event with different content; sync with it is halted")
    public static let contentHashMismatch = StorageError(
        code: .contentHashMismatch, message: "a peer sent an event whose content does not match its hash")
    public static let gatewayIdMismatch = StorageError(
        code: .gatewayIdMismatch, message: "this data dir already has a different gateway id")
}
