package import ErrorCodes

/// A storage rule was broken. Codes are stable; messages never carry stored values.
package struct StorageError: Error, Sendable, Equatable, CustomStringConvertible {
    package var code: ErrorCode
    package var message: String

    package init(code: ErrorCode, message: String) {
        self.code = code
        self.message = message
    }

    package var description: String { "\(code): \(message)" }

    package static let networkKeyMismatch = StorageError(
        code: .networkKeyMismatch,
        message: "this data dir belongs to a different network key; use the key it was created with")
    package static let sequenceConflict = StorageError(
        code: .sequenceConflict, message: "a peer sent a known event with different content; sync with it is halted")
    package static let contentHashMismatch = StorageError(
        code: .contentHashMismatch, message: "a peer sent an event whose content does not match its hash")
    package static let gatewayIdMismatch = StorageError(
        code: .gatewayIdMismatch, message: "this data dir already has a different gateway id")
}
