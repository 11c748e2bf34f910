/// Every error code PatternGate answers with, in one place: HTTP clients, the CLI,
/// `docs/openapi.yaml`, audit entries and auditors' scripts match on these strings, so none of
/// them may change (`ErrorCodeTests` pins the list). A code is made only from this file: the
/// backing enum is private, so a new code is a new case here, never a string at a throw site.
///
/// Two spellings, both kept as they shipped: `snake_case` for the gateway's API and CLI
/// errors, `kebab-case` for the audit log's own errors and its verifier's verdicts
/// (`audit/README.md`).
package struct ErrorCode: Hashable, Sendable, CustomStringConvertible {
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
        case auditRotationInProgress = "audit_rotation_in_progress"
        case auditSegmentUnknown = "audit_segment_unknown"
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
        case planRequired = "plan_required"
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
        case unknownNetwork = "unknown_network"
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
        case retiredNotRecorded = "retired-not-recorded"
        case cosignatureBadSignature = "cosignature-bad-signature"
        case cosignaturesMissing = "cosignatures-missing"
        case retiredSegmentInvalid = "retired-segment-invalid"
        case segmentChainBroken = "segment-chain-broken"
        case segmentMalformed = "segment-malformed"
        case segmentNotClosed = "segment-not-closed"
        case tailNotCheckpointed = "tail-not-checkpointed"
        case truncatedLine = "truncated-line"
    }

    private let backing: Backing

    private init(_ backing: Backing) { self.backing = backing }

    /// The stable string.
    package var rawValue: String { backing.rawValue }
    package var description: String { backing.rawValue }

    /// The code with this string, or nil: for reading a code a peer or a server sent.
    package init?(rawValue: String) {
        guard let backing = Backing(rawValue: rawValue) else { return nil }
        self.backing = backing
    }

    /// Every code, in declaration order.
    package static var all: [ErrorCode] { Backing.allCases.map(ErrorCode.init) }

    /// Reading a code as its string (`error.code == "invalid_field"`).
    package static func == (code: ErrorCode, string: String) -> Bool { code.rawValue == string }
    package static func != (code: ErrorCode, string: String) -> Bool { code.rawValue != string }

    package static let auditKeyExposed = ErrorCode(.auditKeyExposed)
    package static let auditKeyMismatch = ErrorCode(.auditKeyMismatch)
    package static let auditKeyMissing = ErrorCode(.auditKeyMissing)
    package static let auditKeyUnreadable = ErrorCode(.auditKeyUnreadable)
    package static let auditKeyUnwritable = ErrorCode(.auditKeyUnwritable)
    package static let auditLogCorrupt = ErrorCode(.auditLogCorrupt)
    package static let auditNoCheckpoint = ErrorCode(.auditNoCheckpoint)
    package static let auditOutsideTransaction = ErrorCode(.auditOutsideTransaction)
    package static let auditPublicKeyUnwritable = ErrorCode(.auditPublicKeyUnwritable)
    package static let auditRange = ErrorCode(.auditRange)
    package static let auditRotationInProgress = ErrorCode(.auditRotationInProgress)
    package static let auditSegmentUnknown = ErrorCode(.auditSegmentUnknown)
    package static let badRequest = ErrorCode(.badRequest)
    package static let busy = ErrorCode(.busy)
    package static let clockOutOfBounds = ErrorCode(.clockOutOfBounds)
    package static let clockSkew = ErrorCode(.clockSkew)
    package static let consentRequired = ErrorCode(.consentRequired)
    package static let contentHashMismatch = ErrorCode(.contentHashMismatch)
    package static let contributionConflict = ErrorCode(.contributionConflict)
    package static let contributionErased = ErrorCode(.contributionErased)
    package static let contributionIdMismatch = ErrorCode(.contributionIdMismatch)
    package static let contributionNotFound = ErrorCode(.contributionNotFound)
    package static let dataDirChmodFailed = ErrorCode(.dataDirChmodFailed)
    package static let dataDirStatFailed = ErrorCode(.dataDirStatFailed)
    package static let erasureNotFound = ErrorCode(.erasureNotFound)
    package static let eventKindUnknown = ErrorCode(.eventKindUnknown)
    package static let eventMalformed = ErrorCode(.eventMalformed)
    package static let forbidden = ErrorCode(.forbidden)
    package static let planRequired = ErrorCode(.planRequired)
    package static let gateBudgetExceeded = ErrorCode(.gateBudgetExceeded)
    package static let gateFailed = ErrorCode(.gateFailed)
    package static let gatewayIdMismatch = ErrorCode(.gatewayIdMismatch)
    package static let gatewayNotRetired = ErrorCode(.gatewayNotRetired)
    package static let gatewayRetired = ErrorCode(.gatewayRetired)
    package static let identityKeyExposed = ErrorCode(.identityKeyExposed)
    package static let identityKeyMismatch = ErrorCode(.identityKeyMismatch)
    package static let identityKeyUnreadable = ErrorCode(.identityKeyUnreadable)
    package static let internalError = ErrorCode(.internalError)
    package static let invalidEncoding = ErrorCode(.invalidEncoding)
    package static let invalidField = ErrorCode(.invalidField)
    package static let invalidJson = ErrorCode(.invalidJson)
    package static let invalidSyncMessage = ErrorCode(.invalidSyncMessage)
    package static let methodNotAllowed = ErrorCode(.methodNotAllowed)
    package static let networkKeyExposed = ErrorCode(.networkKeyExposed)
    package static let networkKeyInvalid = ErrorCode(.networkKeyInvalid)
    package static let networkKeyMismatch = ErrorCode(.networkKeyMismatch)
    package static let networkKeyUnreadable = ErrorCode(.networkKeyUnreadable)
    package static let networkKeyUnwritable = ErrorCode(.networkKeyUnwritable)
    package static let noModel = ErrorCode(.noModel)
    package static let notFound = ErrorCode(.notFound)
    package static let patternNotFound = ErrorCode(.patternNotFound)
    package static let payloadTooLarge = ErrorCode(.payloadTooLarge)
    package static let peerIdentityMismatch = ErrorCode(.peerIdentityMismatch)
    package static let peerIdentityUnauthenticated = ErrorCode(.peerIdentityUnauthenticated)
    package static let peerRefused = ErrorCode(.peerRefused)
    package static let peerUnauthenticated = ErrorCode(.peerUnauthenticated)
    package static let piiDetected = ErrorCode(.piiDetected)
    package static let policyInvalid = ErrorCode(.policyInvalid)
    package static let policyUnreadable = ErrorCode(.policyUnreadable)
    package static let policyVersionMismatch = ErrorCode(.policyVersionMismatch)
    package static let rankerModelInvalid = ErrorCode(.rankerModelInvalid)
    package static let rankerNoExamples = ErrorCode(.rankerNoExamples)
    package static let rankerTrainingErased = ErrorCode(.rankerTrainingErased)
    package static let rankerTrainingFailed = ErrorCode(.rankerTrainingFailed)
    package static let secretFileCreateFailed = ErrorCode(.secretFileCreateFailed)
    package static let secretFileModeFailed = ErrorCode(.secretFileModeFailed)
    package static let secretFileWriteFailed = ErrorCode(.secretFileWriteFailed)
    package static let sequenceConflict = ErrorCode(.sequenceConflict)
    package static let unauthenticated = ErrorCode(.unauthenticated)
    package static let unknownAction = ErrorCode(.unknownAction)
    package static let unknownNetwork = ErrorCode(.unknownNetwork)
    package static let unknownGateway = ErrorCode(.unknownGateway)
    package static let unknownPattern = ErrorCode(.unknownPattern)
    package static let unknownRegion = ErrorCode(.unknownRegion)
    package static let unknownResourceType = ErrorCode(.unknownResourceType)
    package static let unsupportedEncoding = ErrorCode(.unsupportedEncoding)
    package static let unsupportedMediaType = ErrorCode(.unsupportedMediaType)
    package static let badHeader = ErrorCode(.badHeader)
    package static let checkpointBadSignature = ErrorCode(.checkpointBadSignature)
    package static let checkpointMalformed = ErrorCode(.checkpointMalformed)
    package static let checkpointMisplaced = ErrorCode(.checkpointMisplaced)
    package static let checkpointOriginMismatch = ErrorCode(.checkpointOriginMismatch)
    package static let checkpointRootMismatch = ErrorCode(.checkpointRootMismatch)
    package static let checkpointSizeDecreased = ErrorCode(.checkpointSizeDecreased)
    package static let checkpointUnknownKey = ErrorCode(.checkpointUnknownKey)
    package static let entryNotCanonical = ErrorCode(.entryNotCanonical)
    package static let entrySeqMismatch = ErrorCode(.entrySeqMismatch)
    package static let exportOutOfOrder = ErrorCode(.exportOutOfOrder)
    package static let invalidEntry = ErrorCode(.invalidEntry)
    package static let invalidFrontier = ErrorCode(.invalidFrontier)
    package static let invalidKey = ErrorCode(.invalidKey)
    package static let invalidProofRequest = ErrorCode(.invalidProofRequest)
    package static let malformedCheckpoint = ErrorCode(.malformedCheckpoint)
    package static let malformedLine = ErrorCode(.malformedLine)
    package static let malformedNote = ErrorCode(.malformedNote)
    package static let noCheckpoint = ErrorCode(.noCheckpoint)
    package static let nonCanonicalEntry = ErrorCode(.nonCanonicalEntry)
    package static let savedCheckpointBadSignature = ErrorCode(.savedCheckpointBadSignature)
    package static let savedCheckpointBeyondLog = ErrorCode(.savedCheckpointBeyondLog)
    package static let savedCheckpointMalformed = ErrorCode(.savedCheckpointMalformed)
    package static let savedCheckpointMismatch = ErrorCode(.savedCheckpointMismatch)
    package static let savedCheckpointOriginMismatch = ErrorCode(.savedCheckpointOriginMismatch)
    package static let savedCheckpointUnknownKey = ErrorCode(.savedCheckpointUnknownKey)
    package static let retiredNotRecorded = ErrorCode(.retiredNotRecorded)
    package static let cosignatureBadSignature = ErrorCode(.cosignatureBadSignature)
    package static let cosignaturesMissing = ErrorCode(.cosignaturesMissing)
    package static let retiredSegmentInvalid = ErrorCode(.retiredSegmentInvalid)
    package static let segmentChainBroken = ErrorCode(.segmentChainBroken)
    package static let segmentMalformed = ErrorCode(.segmentMalformed)
    package static let segmentNotClosed = ErrorCode(.segmentNotClosed)
    package static let tailNotCheckpointed = ErrorCode(.tailNotCheckpointed)
    package static let truncatedLine = ErrorCode(.truncatedLine)
}
