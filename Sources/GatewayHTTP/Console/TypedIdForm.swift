/// The `typed-id` partial's form: where it posts, its button's id and label.
struct TypedIdForm: Sendable {
    var action: String
    var button: String
    var label: String

    static let erase = TypedIdForm(action: "/console/erasure/new", button: "erase-next", label: "Continue")
    static let consent = TypedIdForm(action: "/console/consent", button: "consent-look-up", label: "Look up")
    static let export = TypedIdForm(action: "/console/export", button: "export-download", label: "Download the export")
}
