import Foundation
import Gateway

/// One signed-in browser: the token's id and role (never the token), the CSRF token every
/// form of the session carries, when it was last used, and what a POST left for the page it
/// redirects to (POST-redirect-GET), so typed ids never reach a URL.
struct ConsoleSession: Sendable {
    /// The cookie's value: 32 random bytes, base64url.
    var id: String
    var tokenId: String
    var role: Role
    var csrf: String
    var lastSeen: Date
    /// The deployment id the officer typed on the erase form, until confirmed or cancelled.
    var pendingErasure: String?
    /// The deployment id the officer typed on the consent page, and what the gateway answered.
    var consentLookup: ConsentLookup?
    /// The last purge the officer ran from the console (a dry run, then the real one).
    var purgeReport: PurgeReport?
    /// A one-time message for the next page (no personal data).
    var notice: String?

    struct ConsentLookup: Sendable {
        var deploymentId: String
        var state: ConsentStateResponse
    }
}
