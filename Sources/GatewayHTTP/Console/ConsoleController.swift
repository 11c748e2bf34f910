import ErrorCodes
import Foundation
import Gateway
import HTTPTypes
import Hummingbird
import Storage

/// The officer's console behind `/console`: sessions, sign-in and sign-out, and the guard
/// every page and form passes. Pages call the same `PatternGateway` methods as the API, with
/// the session's principal, so they are checked and audited as the API's calls are.
struct ConsoleController: Sendable {
    let gateway: PatternGateway
    let sessions: ConsoleSessions
    let configuration: ConsoleConfiguration

    static let sessionCookie = "pg_console"
    /// The sign-in form's CSRF token, before there is a session (double submit).
    static let signInCookie = "pg_console_signin"

    init(gateway: PatternGateway, configuration: ConsoleConfiguration) {
        self.gateway = gateway
        self.configuration = configuration
        self.sessions = ConsoleSessions(configuration: configuration)
    }

    /// A signed-in request: its session and the principal its token is now.
    struct SignedIn: Sendable {
        var session: ConsoleSession
        var principal: Principal
    }

    // MARK: - The guard

    /// The session of `request`, if its cookie names a live session whose token still
    /// authenticates with the same role; a session whose token was revoked is ended.
    func signedIn(_ request: Request) async -> SignedIn? {
        guard let id = request.cookies[Self.sessionCookie]?.value, let session = await sessions.use(id) else { return nil }
        guard let principal = await gateway.currentPrincipal(tokenId: session.tokenId), principal.role == session.role else {
            await sessions.remove(id)
            return nil
        }
        return SignedIn(session: session, principal: principal)
    }

    /// A page (GET) for `roles`: a request without a live session goes to the sign-in form.
    func page(_ request: Request, for roles: Set<Role> = [.officer], _ body: (SignedIn) async throws -> Response) async -> Response {
        guard let signedIn = await signedIn(request) else { return ConsolePage.redirect("/console/sign-in") }
        guard roles.contains(signedIn.principal.role) else {
            return ConsolePage.failure(GatewayError.forbidden("open this console page"), frame: await frame("", signedIn))
        }
        do {
            return try await body(signedIn)
        } catch {
            return ConsolePage.failure(error, frame: await frame("", signedIn))
        }
    }

    /// A form post for `roles`: refused when cross-site (403), without a live session
    /// (to the sign-in form), or without the session's CSRF token (403).
    func action(
        _ request: Request, for roles: Set<Role> = [.officer], _ body: (SignedIn, ConsoleForm) async throws -> Response
    ) async -> Response {
        guard !Self.isCrossSite(request) else { return ConsolePage.failure(Self.crossSiteRefused) }
        guard let signedIn = await signedIn(request) else { return ConsolePage.redirect("/console/sign-in") }
        do {
            let form = try await ConsoleForm.read(request)
            guard ConsoleRandom.matches(form.csrf, signedIn.session.csrf) else { throw Self.csrfRefused }
            guard roles.contains(signedIn.principal.role) else { throw GatewayError.forbidden("use this console form") }
            return try await body(signedIn, form)
        } catch {
            return ConsolePage.failure(error, frame: await frame("", signedIn))
        }
    }

    static let crossSiteRefused = GatewayError(.forbidden, code: .forbidden, message: "a console form may be posted only from the console itself")
    static let csrfRefused = GatewayError(.forbidden, code: .forbidden, message: "the form's CSRF token is missing or stale; reload the page")

    /// A post another site made the browser send: `Sec-Fetch-Site` other than `same-origin`,
    /// or an `Origin` that is not this server's. `Origin: null` decides nothing: under
    /// `Referrer-Policy: no-referrer` browsers send it for same-origin posts too, and the CSRF
    /// token still has to match.
    static func isCrossSite(_ request: Request) -> Bool {
        if let site = request.headers[.secFetchSite], site != "same-origin" { return true }
        guard let origin = request.headers[.origin], origin != "null" else { return false }
        guard let host = request.head.authority, let separator = origin.range(of: "://") else { return true }
        return origin[separator.upperBound...].lowercased() != host.lowercased()
    }

    /// The layout's frame for a page titled `title`, taking the session's one-time notice.
    func frame(_ title: String, _ signedIn: SignedIn?) async -> ConsoleFrame {
        var frame = ConsoleFrame(title: title, gateway: gateway.identity.gatewayId)
        if let signedIn {
            frame.signedIn = true
            frame.officer = signedIn.principal.role == .officer
            frame.role = signedIn.principal.role.rawValue
            frame.tokenId = signedIn.principal.tokenId
            frame.csrf = signedIn.session.csrf
            frame.notice = await sessions.takeNotice(signedIn.session.id)
        }
        return frame
    }

    // MARK: - Sign-in and sign-out

    struct SignInView {
        var frame: ConsoleFrame
        var csrf: String
        var refused: String?
    }

    /// `GET /console/sign-in`: the form, with a CSRF token also set as a cookie.
    func signInForm(_ request: Request) async -> Response {
        if await signedIn(request) != nil { return ConsolePage.redirect("/console") }
        return signInPage(request, refused: nil, status: .ok)
    }

    private func signInPage(_ request: Request, refused: String?, status: HTTPResponse.Status) -> Response {
        let csrf = ConsoleRandom.token()
        var response = ConsolePage.render(
            "sign-in", SignInView(frame: ConsoleFrame(title: "Sign in", gateway: gateway.identity.gatewayId), csrf: csrf, refused: refused),
            status: status)
        response.setCookie(cookie(Self.signInCookie, csrf))
        return response
    }

    /// `POST /console/sign-in`: an officer or auditor token opens a session; anything else
    /// is refused. Both are audited by the gateway, without the token.
    func signIn(_ request: Request) async -> Response {
        guard !Self.isCrossSite(request) else { return ConsolePage.failure(Self.crossSiteRefused) }
        let form: ConsoleForm
        do {
            form = try await ConsoleForm.read(request)
        } catch {
            return ConsolePage.failure(error)
        }
        guard ConsoleRandom.matches(form.csrf, request.cookies[Self.signInCookie]?.value) else { return ConsolePage.failure(Self.csrfRefused) }
        let principal: Principal
        do {
            principal = try await gateway.consoleSignIn(bearer: form.token ?? "")
        } catch let error as GatewayError where error.kind == .forbidden {
            return signInPage(request, refused: "This token may not sign in to the console: only officer and auditor tokens may.", status: .forbidden)
        } catch let error as GatewayError where error.kind == .unauthenticated || error.kind == .gone {
            return signInPage(request, refused: "This token is not valid on this gateway.", status: .unauthorized)
        } catch {
            return ConsolePage.failure(error)
        }
        let session = await sessions.create(for: principal)
        var response = ConsolePage.redirect(principal.role == .officer ? "/console" : "/console/audit")
        response.setCookie(cookie(Self.sessionCookie, session.id))
        response.setCookie(cookie(Self.signInCookie, "", expired: true))
        return response
    }

    /// `POST /console/sign-out`: ends the session and its cookie; audited.
    func signOut(_ request: Request) async -> Response {
        await action(request, for: PatternGateway.consoleRoles) { signedIn, _ in
            await sessions.remove(signedIn.session.id)
            try await gateway.consoleSignOut(signedIn.principal)
            var response = ConsolePage.redirect("/console/sign-in")
            response.setCookie(cookie(Self.sessionCookie, "", expired: true))
            return response
        }
    }

    /// A console cookie: `HttpOnly; SameSite=Strict; Path=/console`, `Secure` under TLS; no
    /// lifetime (the server ends sessions), or expired at once to delete it.
    func cookie(_ name: String, _ value: String, expired: Bool = false) -> Cookie {
        Cookie(
            name: name, value: value, maxAge: expired ? 0 : nil, path: "/console", secure: configuration.secureCookies, httpOnly: true,
            sameSite: .strict)
    }
}
