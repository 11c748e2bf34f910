import Foundation
import Gateway
import Hummingbird

/// Erasure requests: the list (overdue first, filtered by state), a request's progress per
/// gateway, and the two-step erase form (type the deployment id, then confirm).
extension ConsoleController {
    struct ErasureListView {
        var frame: ConsoleFrame
        var filters: [Filter]
        var stateLabel: String
        var requests: [ErasureRequestView]
        var hasRequests: Bool
        var nextCursor: String?
        var nextQuery: String

        struct Filter {
            var label: String
            var query: String
            var selected: Bool
        }
    }

    /// `GET /console/erasure?state=&cursor=`: a page of `GET /api/v1/erasure`, most urgent first.
    func erasureList(_ request: Request) async -> Response {
        await page(request) { signedIn in
            let query = request.uri.queryParameters
            let state = query.get("state")
            let cursor = query.get("cursor")
            let list = try await gateway.listErasures(signedIn.principal, state: state, limit: "100", cursor: cursor)
            var statuses = list.requests
            // Overdue first across every page, not only within one: the first page of the
            // unfiltered and the open lists starts with every overdue request (up to 200), and
            // later pages leave them out.
            if state == nil || state == "open" {
                if cursor == nil {
                    let overdue = try await gateway.listErasures(signedIn.principal, state: "overdue", limit: "200", cursor: nil).requests
                    let shown = Set(overdue.map(\.requestId))
                    statuses = overdue + statuses.filter { !shown.contains($0.requestId) }
                } else {
                    statuses = statuses.filter { !$0.gateways.contains(where: \.overdue) }
                }
            }
            let now = configuration.now()
            let requests = statuses.map { ErasureRequestView($0, now: now) }.sorted(by: ErasureRequestView.urgentFirst)
            let filters = [("All", nil), ("Open", "open"), ("Overdue", "overdue"), ("Complete", "complete")].map { label, value in
                ErasureListView.Filter(label: label, query: value.map { "?state=\($0)" } ?? "", selected: value == state)
            }
            var next = URLComponents()
            next.queryItems = [state.map { URLQueryItem(name: "state", value: $0) }, URLQueryItem(name: "cursor", value: list.nextCursor)]
                .compactMap { $0 }
            let view = ErasureListView(
                frame: await frame("Erasure requests", signedIn), filters: filters, stateLabel: state.map { " (\($0))" } ?? "",
                requests: requests, hasRequests: !requests.isEmpty, nextCursor: list.nextCursor,
                nextQuery: next.percentEncodedQuery?.replacingOccurrences(of: "+", with: "%2B") ?? "")
            return ConsolePage.render("erasure-list", view)
        }
    }

    struct ErasureDetailView {
        var frame: ConsoleFrame
        var request: ErasureRequestView
    }

    /// `GET /console/erasure/requests/{id}`: `GET /api/v1/erasure/{id}`, per gateway.
    func erasureDetail(_ request: Request, id: String) async -> Response {
        await page(request) { signedIn in
            let status = try await gateway.erasureStatus(signedIn.principal, requestId: id)
            let view = ErasureDetailView(
                frame: await frame("Erasure request", signedIn), request: ErasureRequestView(status, now: configuration.now()))
            return ConsolePage.render("erasure-detail", view)
        }
    }

    /// `GET /console/erasure/requests/{id}/certificate`: the purge certificate of a complete
    /// request, downloaded as `purge-certificate-<request id>.json`.
    func purgeCertificate(_ request: Request, id: String) async -> Response {
        await page(request) { signedIn in
            let certificate = try await gateway.purgeCertificate(signedIn.principal, requestId: id)
            return ConsolePage.download(
                try GatewayJSONEncoder.data(certificate), name: "purge-certificate-\(certificate.request.requestId).json", type: "application/json")
        }
    }

    struct TypedIdView {
        var frame: ConsoleFrame
        var form: TypedIdForm?
        var deploymentId: String?
    }

    /// `GET /console/erasure/new`: the form to type a deployment id.
    func erasureForm(_ request: Request) async -> Response {
        await page(request) { signedIn in
            ConsolePage.render("erasure-new", TypedIdView(frame: await frame("Erase a deployment", signedIn), form: .erase))
        }
    }

    /// `POST /console/erasure/new`: keeps the typed id in the session (never a URL) and
    /// redirects to the confirm step.
    func erasureTyped(_ request: Request) async -> Response {
        await action(request) { signedIn, form in
            let typed = try Self.deploymentId(form)
            await sessions.update(signedIn.session.id) { $0.pendingErasure = typed }
            return ConsolePage.redirect("/console/erasure/confirm")
        }
    }

    /// `GET /console/erasure/confirm`: the typed id, shown once more, with confirm and cancel.
    func erasureConfirmation(_ request: Request) async -> Response {
        await page(request) { signedIn in
            guard let typed = signedIn.session.pendingErasure else { return ConsolePage.redirect("/console/erasure/new") }
            return ConsolePage.render(
                "erasure-confirm", TypedIdView(frame: await frame("Confirm the erasure", signedIn), deploymentId: typed))
        }
    }

    /// `POST /console/erasure/confirm`: `POST /api/v1/erasure` with the typed id, then the
    /// request's page.
    func erasureConfirmed(_ request: Request) async -> Response {
        await action(request) { signedIn, _ in
            guard let typed = signedIn.session.pendingErasure else { return ConsolePage.redirect("/console/erasure/new") }
            let receipt = try await gateway.requestErasure(signedIn.principal, body: ErasureRequestBody(deploymentId: typed))
            await sessions.update(signedIn.session.id) {
                $0.pendingErasure = nil
                $0.notice =
                    receipt.duplicate
                    ? "This deployment already has an open erasure request; it is shown here."
                    : "Erasure recorded: \(receipt.contributionsCovered) contributions hidden on this gateway."
            }
            return ConsolePage.redirect("/console/erasure/requests/\(receipt.requestId)")
        }
    }

    /// `POST /console/erasure/cancel`: forgets the typed id.
    func erasureCancelled(_ request: Request) async -> Response {
        await action(request) { signedIn, _ in
            await sessions.update(signedIn.session.id) { $0.pendingErasure = nil }
            return ConsolePage.redirect("/console/erasure")
        }
    }

    /// The typed deployment id of `form`, as the API checks it (1–256 bytes).
    static func deploymentId(_ form: ConsoleForm) throws(GatewayError) -> String {
        guard let typed = form.deploymentId, !typed.isEmpty, typed.utf8.count <= 256 else {
            throw GatewayError.invalidField("deploymentId", "is required (1–256 bytes)")
        }
        return typed
    }
}
