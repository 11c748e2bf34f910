import ErrorCodes
import Foundation
import Testing

/// The error codes are a contract (clients, the CLI, auditors' scripts match on them): the
/// list is pinned here, and `docs/openapi.yaml` names the same API codes.
@Suite("Error codes")
struct ErrorCodeTests {
    /// The gateway's API and CLI codes, as shipped (snake_case).
    static let apiCodes: [String] = [
        "audit_key_exposed", "audit_key_mismatch", "audit_key_missing", "audit_key_unreadable",
        "audit_key_unwritable", "audit_log_corrupt", "audit_no_checkpoint", "audit_outside_transaction",
        "audit_public_key_unwritable", "audit_range", "audit_rotation_in_progress", "audit_segment_unknown", "bad_request", "busy",
        "clock_out_of_bounds", "clock_skew",
        "consent_required", "content_hash_mismatch", "contribution_conflict", "contribution_erased",
        "contribution_id_mismatch", "contribution_not_found", "data_dir_chmod_failed", "data_dir_stat_failed",
        "erasure_not_found", "event_kind_unknown", "event_malformed", "forbidden", "gate_budget_exceeded",
        "gate_failed", "gateway_id_mismatch", "gateway_not_retired", "gateway_retired", "identity_key_exposed",
        "identity_key_mismatch", "identity_key_unreadable", "internal_error", "invalid_encoding", "invalid_field",
        "invalid_json", "invalid_sync_message", "method_not_allowed", "network_key_exposed", "network_key_invalid",
        "network_key_mismatch", "network_key_unreadable", "network_key_unwritable", "no_model", "not_found", "pattern_not_found",
        "payload_too_large", "peer_identity_mismatch", "peer_identity_unauthenticated", "peer_refused", "peer_unauthenticated",
        "pii_detected", "plan_required", "policy_invalid", "policy_unreadable", "policy_version_mismatch", "ranker_model_invalid",
        "ranker_no_examples", "ranker_training_erased", "ranker_training_failed", "secret_file_create_failed",
        "secret_file_mode_failed", "secret_file_write_failed", "sequence_conflict", "unauthenticated",
        "unknown_action", "unknown_gateway", "unknown_network", "unknown_pattern", "unknown_region", "unknown_resource_type", "unsupported_encoding",
        "unsupported_media_type",
    ]
    /// The audit log's errors and its verifier's verdicts (kebab-case, `audit/README.md`).
    static let auditCodes: [String] = [
        "bad-header", "checkpoint-bad-signature", "checkpoint-malformed", "checkpoint-misplaced",
        "checkpoint-origin-mismatch", "checkpoint-root-mismatch", "checkpoint-size-decreased",
        "checkpoint-unknown-key", "entry-not-canonical", "entry-seq-mismatch", "export-out-of-order", "invalid-entry",
        "invalid-frontier", "invalid-key", "invalid-proof-request", "malformed-checkpoint", "malformed-line",
        "malformed-note", "no-checkpoint", "non-canonical-entry", "saved-checkpoint-bad-signature",
        "saved-checkpoint-beyond-log", "saved-checkpoint-malformed", "saved-checkpoint-mismatch",
        "saved-checkpoint-origin-mismatch", "saved-checkpoint-unknown-key", "tail-not-checkpointed", "truncated-line",
        "retired-not-recorded", "retired-segment-invalid", "cosignature-bad-signature", "cosignatures-missing", "segment-chain-broken",
        "segment-malformed", "segment-not-closed",
    ]

    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    @Test("the catalogue holds exactly the pinned codes, each once, each readable back from its string")
    func pinned() {
        let all = ErrorCode.all.map(\.rawValue)
        #expect(all.sorted() == (Self.apiCodes + Self.auditCodes).sorted())
        #expect(Set(all).count == all.count)
        for code in ErrorCode.all { #expect(ErrorCode(rawValue: code.rawValue) == code) }
        #expect(ErrorCode(rawValue: "no_such_code") == nil)
    }

    @Test("docs/openapi.yaml lists the same API codes as the catalogue")
    func openAPI() throws {
        let yaml = try String(contentsOf: Self.root.appendingPathComponent("docs/openapi.yaml"), encoding: .utf8)
        // The `code` property of `ErrorBody` carries an `enum:` of every API code, one per line.
        guard let start = yaml.range(of: "x-error-codes-begin"), let end = yaml.range(of: "x-error-codes-end") else {
            Issue.record("docs/openapi.yaml has no x-error-codes-begin/end markers around the code enum")
            return
        }
        let listed = yaml[start.upperBound..<end.lowerBound].split(separator: "\n").compactMap { line -> String? in
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            guard trimmed.hasPrefix("- ") else { return nil }
            return String(trimmed.dropFirst(2))
        }
        #expect(listed.sorted() == Self.apiCodes.sorted())
    }
}
