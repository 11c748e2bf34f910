/// One step of a finished migration, as the network keeps it.
public struct MigrationStep: Codable, Sendable, Hashable {
    public var action: String
    public var durationSeconds: Double
    public var success: Bool
    /// Free text; only ever present after the privacy gate admitted it.
    public var errorMessage: String?

    public init(action: String, durationSeconds: Double, success: Bool, errorMessage: String? = nil) {
        self.action = action
        self.durationSeconds = durationSeconds
        self.success = success
        self.errorMessage = errorMessage
    }
}
