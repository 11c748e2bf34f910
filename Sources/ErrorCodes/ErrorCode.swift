/// Every error code PatternGate answers with, in one place: HTTP clients, the CLI,
/// `docs/openapi.yaml`, audit entries and auditors' scripts match on these strings, so none of
/// them may change (`ErrorCodeTests` pins the list). A code is made only from this file: the
/// backing enum is private, so a new code is a new case here, never a string at a throw site.
///
/// Two spellings, both kept as they shipped: `snake_case` for the gateway's API and CLI
/// errors, `kebab-case` for the audit log's own errors and its verifier's verdicts
/// (`audit/README.md`).
public struct ErrorCode: Hashable, Sendable, CustomStringConvertible {
    private enum Backing: String, CaseIterable, Sendable {
        case auditKeyExposed = "audit_key_exposed"
        case auditKeyMismatch = "audit_key_mismatch"
        case auditKeyMissing = "audit_key_missing"
        case auditKeyUnreadable = "audit_key_unreadable"
        case auditKeyUnwritable = "audit_key_unwritable"
        case auditLogCorrupt = "audit_log_corrupt"
        case auditNoCheckpoint = "audit_no_checkpoint"
        case auditOutsideTransaction = "audit_outside_transaction"
        case auditPublicKeyUnwritable = "audit_public_key_unwritable"
        case auditRange = "audit_range"
        case badRequest = "bad_request"
        case busy = "busy"
        case clockOutOfBounds = "clock_out_of_bounds"
        case clockSkew = "clock_skew"
        case consentRequired = "consent_required"
        case contentHashMismatch = "content_hash_mismatch"
        case contributionConflict = "contribution_conflict"
        case contributionErased = "contribution_erased"
        case contributionIdMismatch = "contribution_id_mismatch"
        case contributionNotFound = "contribution_not_found"
        case dataDirChmodFailed = "data_dir_chmod_failed"
        case dataDirStatFailed = "data_dir_stat_failed"
        case erasureNotFound = "erasure_not_found"
        case eventKindUnknown = "event_kind_unknown"
        case eventMalformed = "event_malformed"
        case forbidden = "forbidden"
        case gateBudgetExceeded = "gate_budget_exceeded"
        case gateFailed = "gate_failed"
        case gatewayIdMismatch = "gateway_id_mismatch"
        case gatewayNotRetired = "gateway_not_retired"
        case gatewayRetired = "gateway_retired"
        case identityKeyExposed = "identity_key_exposed"
        case identityKeyMismatch = "identity_key_mismatch"
        case identityKeyUnreadable = "identity_key_unreadable"
        case internalError = "internal_error"
        case invalidEncoding = "invalid_encoding"
        case invalidField = "invalid_field"
        case invalidJson = "invalid_json"
        case invalidSyncMessage = "invalid_sync_message"
        case methodNotAllowed = "method_not_allowed"
        case networkKeyExposed = "network_key_exposed"
        case networkKeyInvalid = "network_key_invalid"
        case networkKeyMismatch = "network_key_mismatch"
        case networkKeyUnreadable = "network_key_unreadable"
        case networkKeyUnwritable = "network_key_unwritable"
        case noModel = "no_model"
        case notFound = "not_found"
        case patternNotFound = "pattern_not_found"
        case payloadTooLarge = "payload_too_large"
        case peerIdentityMismatch = "peer_identity_mismatch"
        case peerIdentityUnauthenticated = "peer_identity_unauthenticated"
        case peerRefused = "peer_refused"
        case peerUnauthenticated = "peer_unauthenticated"
        case piiDetected = "pii_detected"
        case policyInvalid = "policy_invalid"
        case policyUnreadable = "policy_unreadable"
        case policyVersionMismatch = "policy_version_mismatch"
        case rankerModelInvalid = "ranker_model_invalid"
        case rankerNoExamples = "ranker_no_examples"
        case rankerTrainingErased = "ranker_training_erased"
        case rankerTrainingFailed = "ranker_training_failed"
        case secretFileCreateFailed = "secret_file_create_failed"
        case secretFileModeFailed = "secret_file_mode_failed"
        case secretFileWriteFailed = "secret_file_write_failed"
        case sequenceConflict = "sequence_conflict"
        case unauthenticated = "unauthenticated"
        case unknownAction = "unknown_action"
        case unknownGateway = "unknown_gateway"
        case unknownPattern = "unknown_pattern"
        case unknownRegion = "unknown_region"
        case unknownResourceType = "unknown_resource_type"
        case unsupportedEncoding = "unsupported_encoding"
        case unsupportedMediaType = "unsupported_media_type"
        // The audit log and its verifier (kebab-case).
        case badHeader = "bad-header"
        case checkpointBadSignature = "checkpoint-bad-signature"
        case checkpointMalformed = "checkpoint-malformed"
        case checkpointMisplaced = "checkpoint-misplaced"
        case checkpointOriginMismatch = "checkpoint-origin-mismatch"
        case checkpointRootMismatch = "checkpoint-root-mismatch"
        case checkpointSizeDecreased = "checkpoint-size-decreased"
        case checkpointUnknownKey = "checkpoint-unknown-key"
        case entryNotCanonical = "entry-not-canonical"
        case entrySeqMismatch = "entry-seq-mismatch"
        case exportOutOfOrder = "export-out-of-order"
        case invalidEntry = "invalid-entry"
        case invalidFrontier = "invalid-frontier"
        case invalidKey = "invalid-key"
        case invalidProofRequest = "invalid-proof-request"
        case malformedCheckpoint = "malformed-checkpoint"
        case malformedLine = "malformed-line"
        case malformedNote = "malformed-note"
        case noCheckpoint = "no-checkpoint"
        case nonCanonicalEntry = "non-canonical-entry"
        case savedCheckpointBadSignature = "saved-checkpoint-bad-signature"
        case savedCheckpointBeyondLog = "saved-checkpoint-beyond-log"
        case savedCheckpointMalformed = "saved-checkpoint-malformed"
        case savedCheckpointMismatch = "saved-checkpoint-mismatch"
        case savedCheckpointOriginMismatch = "saved-checkpoint-origin-mismatch"
        case savedCheckpointUnknownKey = "saved-checkpoint-unknown-key"
        case tailNotCheckpointed = "tail-not-checkpointed"
        case truncatedLine = "truncated-line"
    }

    private let backing: Backing

    private init(_ backing: Backing) { self.backing = backing }

    /// The stable string.
    public var rawValue: String { backing.rawValue }
    public var description: String { backing.rawValue }

    /// The code with this string, or nil: for reading a code a peer or a server sent.
    public init?(rawValue: String) {
        guard let backing = Backing(rawValue: rawValue) else { return nil }
        self.backing = backing
    }

    /// Every code, in declaration order.
    public static var all: [ErrorCode] { Backing.allCases.map(ErrorCode.init) }

    /// Reading a code as its string (`error.code == "invalid_field"`).
    public static func == (code: ErrorCode, string: String) -> Bool { code.rawValue == string }
    public static func != (code: ErrorCode, string: String) -> Bool { code.rawValue != string }

    public static let auditKeyExposed = ErrorCode(.auditKeyExposed)
    public static let auditKeyMismatch = ErrorCode(.auditKeyMismatch)
    public static let auditKeyMissing = ErrorCode(.auditKeyMissing)
    public static let auditKeyUnreadable = ErrorCode(.auditKeyUnreadable)
    public static let auditKeyUnwritable = ErrorCode(.auditKeyUnwritable)
    public static let auditLogCorrupt = ErrorCode(.auditLogCorrupt)
    public static let auditNoCheckpoint = ErrorCode(.auditNoCheckpoint)
    public static let auditOutsideTransaction = ErrorCode(.auditOutsideTransaction)
    public static let auditPublicKeyUnwritable = ErrorCode(.auditPublicKeyUnwritable)
    public static let auditRange = ErrorCode(.auditRange)
    public static let badRequest = ErrorCode(.badRequest)
    public static let busy = ErrorCode(.busy)
    public static let clockOutOfBounds = ErrorCode(.clockOutOfBounds)
    public static let clockSkew = ErrorCode(.clockSkew)
    public static let consentRequired = ErrorCode(.consentRequired)
    public static let contentHashMismatch = ErrorCode(.contentHashMismatch)
    public static let contributionConflict = ErrorCode(.contributionConflict)
    public static let contributionErased = ErrorCode(.contributionErased)
    public static let contributionIdMismatch = ErrorCode(.contributionIdMismatch)
    public static let contributionNotFound = ErrorCode(.contributionNotFound)
    public static let dataDirChmodFailed = ErrorCode(.dataDirChmodFailed)
    public static let dataDirStatFailed = ErrorCode(.dataDirStatFailed)
    public static let erasureNotFound = ErrorCode(.erasureNotFound)
    public static let eventKindUnknown = ErrorCode(.eventKindUnknown)
    public static let eventMalformed = ErrorCode(.eventMalformed)
    public static let forbidden = ErrorCode(.forbidden)
    public static let gateBudgetExceeded = ErrorCode(.gateBudgetExceeded)
    public static let gateFailed = ErrorCode(.gateFailed)
    public static let gatewayIdMismatch = ErrorCode(.gatewayIdMismatch)
    public static let gatewayNotRetired = ErrorCode(.gatewayNotRetired)
    public static let gatewayRetired = ErrorCode(.gatewayRetired)
    public static let identityKeyExposed = ErrorCode(.identityKeyExposed)
    public static let identityKeyMismatch = ErrorCode(.identityKeyMismatch)
    public static let identityKeyUnreadable = ErrorCode(.identityKeyUnreadable)
    public static let internalError = ErrorCode(.internalError)
    public static let invalidEncoding = ErrorCode(.invalidEncoding)
    public static let invalidField = ErrorCode(.invalidField)
    public static let invalidJson = ErrorCode(.invalidJson)
    public static let invalidSyncMessage = ErrorCode(.invalidSyncMessage)
    public static let methodNotAllowed = ErrorCode(.methodNotAllowed)
    public static let networkKeyExposed = ErrorCode(.networkKeyExposed)
    public static let networkKeyInvalid = ErrorCode(.networkKeyInvalid)
    public static let networkKeyMismatch = ErrorCode(.networkKeyMismatch)
    public static let networkKeyUnreadable = ErrorCode(.networkKeyUnreadable)
    public static let networkKeyUnwritable = ErrorCode(.networkKeyUnwritable)
    public static let noModel = ErrorCode(.noModel)
    public static let notFound = ErrorCode(.notFound)
    public static let patternNotFound = ErrorCode(.patternNotFound)
    public static let payloadTooLarge = ErrorCode(.payloadTooLarge)
    public static let peerIdentityMismatch = ErrorCode(.peerIdentityMismatch)
    public static let peerIdentityUnauthenticated = ErrorCode(.peerIdentityUnauthenticated)
    public static let peerRefused = ErrorCode(.peerRefused)
    public static let peerUnauthenticated = ErrorCode(.peerUnauthenticated)
    public static let piiDetected = ErrorCode(.piiDetected)
    public static let policyInvalid = ErrorCode(.policyInvalid)
    public static let policyUnreadable = ErrorCode(.policyUnreadable)
    public static let policyVersionMismatch = ErrorCode(.policyVersionMismatch)
    public static let rankerModelInvalid = ErrorCode(.rankerModelInvalid)
    public static let rankerNoExamples = ErrorCode(.rankerNoExamples)
    public static let rankerTrainingErased = ErrorCode(.rankerTrainingErased)
    public static let rankerTrainingFailed = ErrorCode(.rankerTrainingFailed)
    public static let secretFileCreateFailed = ErrorCode(.secretFileCreateFailed)
    public static let secretFileModeFailed = ErrorCode(.secretFileModeFailed)
    public static let secretFileWriteFailed = ErrorCode(.secretFileWriteFailed)
    public static let sequenceConflict = ErrorCode(.sequenceConflict)
    public static let unauthenticated = ErrorCode(.unauthenticated)
    public static let unknownAction = ErrorCode(.unknownAction)
    public static let unknownGateway = ErrorCode(.unknownGateway)
    public static let unknownPattern = ErrorCode(.unknownPattern)
    public static let unknownRegion = ErrorCode(.unknownRegion)
    public static let unknownResourceType = ErrorCode(.unknownResourceType)
    public static let unsupportedEncoding = ErrorCode(.unsupportedEncoding)
    public static let unsupportedMediaType = ErrorCode(.unsupportedMediaType)
    public static let badHeader = ErrorCode(.badHeader)
    public static let checkpointBadSignature = ErrorCode(.checkpointBadSignature)
    public static let checkpointMalformed = ErrorCode(.checkpointMalformed)
    public static let checkpointMisplaced = ErrorCode(.checkpointMisplaced)
    public static let checkpointOriginMismatch = ErrorCode(.checkpointOriginMismatch)
    public static let checkpointRootMismatch = ErrorCode(.checkpointRootMismatch)
    public static let checkpointSizeDecreased = ErrorCode(.checkpointSizeDecreased)
    public static let checkpointUnknownKey = ErrorCode(.checkpointUnknownKey)
    public static let entryNotCanonical = ErrorCode(.entryNotCanonical)
    public static let entrySeqMismatch = ErrorCode(.entrySeqMismatch)
    public static let exportOutOfOrder = ErrorCode(.exportOutOfOrder)
    public static let invalidEntry = ErrorCode(.invalidEntry)
    public static let invalidFrontier = ErrorCode(.invalidFrontier)
    public static let invalidKey = ErrorCode(.invalidKey)
    public static let invalidProofRequest = ErrorCode(.invalidProofRequest)
    public static let malformedCheckpoint = ErrorCode(.malformedCheckpoint)
    public static let malformedLine = ErrorCode(.malformedLine)
    public static let malformedNote = ErrorCode(.malformedNote)
    public static let noCheckpoint = ErrorCode(.noCheckpoint)
    public static let nonCanonicalEntry = ErrorCode(.nonCanonicalEntry)
    public static let savedCheckpointBadSignature = ErrorCode(.savedCheckpointBadSignature)
    public static let savedCheckpointBeyondLog = ErrorCode(.savedCheckpointBeyondLog)
    public static let savedCheckpointMalformed = ErrorCode(.savedCheckpointMalformed)
    public static let savedCheckpointMismatch = ErrorCode(.savedCheckpointMismatch)
    public static let savedCheckpointOriginMismatch = ErrorCode(.savedCheckpointOriginMismatch)
    public static let savedCheckpointUnknownKey = ErrorCode(.savedCheckpointUnknownKey)
    public static let tailNotCheckpointed = ErrorCode(.tailNotCheckpointed)
    public static let truncatedLine = ErrorCode(.truncatedLine)
}
