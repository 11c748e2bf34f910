package import Foundation

/// How the officer's console runs: whether its cookies are `Secure` (under TLS), how long a
/// session may sit idle, and the clock it reads (injected by tests).
package struct ConsoleConfiguration: Sendable {
    /// Set the cookies' `Secure` attribute: the server speaks TLS.
    package var secureCookies: Bool
    /// A session unused this long is gone (30 minutes).
    package var idleTimeout: TimeInterval
    /// Most sessions held at once; the least recently used goes first beyond it.
    package var maximumSessions: Int
    /// Now, for idle expiry.
    package var now: @Sendable () -> Date

    package init(
        secureCookies: Bool = false, idleTimeout: TimeInterval = 30 * 60, maximumSessions: Int = 1_000,
        now: @escaping @Sendable () -> Date = { Date() }
    ) {
        self.secureCookies = secureCookies
        self.idleTimeout = idleTimeout
        self.maximumSessions = maximumSessions
        self.now = now
    }
}
