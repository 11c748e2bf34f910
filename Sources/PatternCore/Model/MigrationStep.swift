/// One step of a finished migration, as the network keeps it.
package struct MigrationStep: Codable, Sendable, Hashable {
    package var action: String
    package var durationSeconds: Double
    package var success: Bool
    /// Free text; only ever present after the privacy gate admitted it.
    package var errorMessage: String?

    package init(action: String, durationSeconds: Double, success: Bool, errorMessage: String? = nil) {
        self.action = action
        self.durationSeconds = durationSeconds
        self.success = success
        self.errorMessage = errorMessage
    }
}
