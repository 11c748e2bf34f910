import Foundation
import Gateway

/// Session ids and CSRF tokens: random as bearer tokens' secrets are, compared as they are.
enum ConsoleRandom {
    /// 32 random bytes as base64url without padding (valid in a cookie and a form).
    static func token() -> String {
        TokenAuthority.base64URL(TokenAuthority.randomBytes(32))
    }

    /// Whether `presented` is `expected`, in time independent of where they differ.
    static func matches(_ presented: String?, _ expected: String?) -> Bool {
        guard let presented, let expected, !expected.isEmpty else { return false }
        return TokenAuthority.constantTimeEqual(Data(presented.utf8), Data(expected.utf8))
    }
}
