/// What the `layout` template shows around every page: the title, the gateway, who is
/// signed in (role and token id, never the token), the sign-out form's CSRF token and a
/// one-time notice.
struct ConsoleFrame: Sendable {
    var title: String
    var gateway: String = ""
    var signedIn = false
    var officer = false
    var role = ""
    var tokenId = ""
    var csrf = ""
    var notice: String?
}
