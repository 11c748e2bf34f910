import Foundation
import Gateway
import Hummingbird
import NIOCore

extension PatternGateRoutes {
    /// The officer's console at `/console` (docs/console.md). Its own session cookie, never
    /// read by `/api/*` (which takes bearer tokens only); every response carries the console's
    /// security headers.
    static func addConsoleRoutes(to router: Router<GatewayRequestContext>, gateway: PatternGateway, configuration: ConsoleConfiguration) {
        let console = ConsoleController(gateway: gateway, configuration: configuration)
        let pages = router.group().add(middleware: ConsoleHeadersMiddleware())
        pages.get("/console/static/console.css") { _, _ in
            Response(
                status: .ok, headers: [.contentType: "text/css; charset=utf-8"],
                body: .init(byteBuffer: ByteBuffer(string: ConsoleStylesheet.css)))
        }
        pages.get("/console/sign-in") { request, _ in await console.signInForm(request) }
        pages.post("/console/sign-in") { request, _ in await console.signIn(request) }
        pages.post("/console/sign-out") { request, _ in await console.signOut(request) }
        pages.get("/console") { request, _ in
            guard let signedIn = await console.signedIn(request) else { return ConsolePage.redirect("/console/sign-in") }
            return signedIn.principal.role == .officer ? await console.overview(request) : ConsolePage.redirect("/console/audit")
        }
        pages.get("/console/erasure") { request, _ in await console.erasureList(request) }
        pages.get("/console/erasure/requests/{id}") { request, context in
            await console.erasureDetail(request, id: context.parameters.get("id") ?? "")
        }
        pages.get("/console/erasure/requests/{id}/certificate") { request, context in
            await console.purgeCertificate(request, id: context.parameters.get("id") ?? "")
        }
        pages.get("/console/erasure/new") { request, _ in await console.erasureForm(request) }
        pages.post("/console/erasure/new") { request, _ in await console.erasureTyped(request) }
        pages.get("/console/erasure/confirm") { request, _ in await console.erasureConfirmation(request) }
        pages.post("/console/erasure/confirm") { request, _ in await console.erasureConfirmed(request) }
        pages.post("/console/erasure/cancel") { request, _ in await console.erasureCancelled(request) }
        pages.get("/console/consent") { request, _ in await console.consentPage(request) }
        pages.post("/console/consent") { request, _ in await console.consentLookUp(request) }
        pages.post("/console/consent/revoke") { request, _ in await console.consentRevoke(request) }
        pages.get("/console/export") { request, _ in await console.exportForm(request) }
        pages.post("/console/export") { request, _ in await console.exportDownload(request) }
        pages.get("/console/purge") { request, _ in await console.purgePage(request) }
        pages.post("/console/purge/dry-run") { request, _ in await console.purgeDryRun(request) }
        pages.post("/console/purge/confirm") { request, _ in await console.purgeConfirmed(request) }
        pages.get("/console/network") { request, _ in await console.network(request) }
        pages.get("/console/audit") { request, _ in await console.auditPage(request) }
        pages.get("/console/audit/checkpoint") { request, _ in await console.auditCheckpointDownload(request) }
        pages.get("/console/audit/public-key") { request, _ in await console.auditKeyDownload(request) }
        pages.get("/console/audit/export") { request, _ in await console.auditExportDownload(request) }
    }
}
