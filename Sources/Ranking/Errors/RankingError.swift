package import ErrorCodes

/// Why training or loading a ranker failed. The code is from the catalogue (`ErrorCode`), so
/// the gateway maps it to HTTP and the CLI without string matching; the message never
/// repeats contribution data, only counts and XGBoost's own text.
package struct RankingError: Error, Sendable, Equatable, CustomStringConvertible {
    package var code: ErrorCode
    package var message: String

    package init(code: ErrorCode, message: String) {
        self.code = code
        self.message = message
    }

    package var description: String { "\(code): \(message)" }

    /// Fewer training examples than one leaf may be built from: there is nothing to learn
    /// without putting fewer than k contributions behind a leaf value.
    static func noExamples(_ count: Int, minimum: Int) -> RankingError {
        RankingError(code: .rankerNoExamples, message: "\(count) training examples, at least \(minimum) are needed")
    }

    /// A call into XGBoost returned non-zero; `XGBGetLastError` says why.
    static func training(_ call: String, _ detail: String) -> RankingError {
        RankingError(code: .rankerTrainingFailed, message: "\(call) failed: \(detail)")
    }

    /// Model bytes that are not an XGBoost JSON tree model this ranker can evaluate.
    static func invalidModel(_ detail: String) -> RankingError {
        RankingError(code: .rankerModelInvalid, message: "model bytes are not a usable XGBoost model: \(detail)")
    }
}
