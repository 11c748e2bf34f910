import Foundation
import Gateway
import Hummingbird

/// A data subject's consent (look up, revoke on their behalf) and export, by a typed
/// deployment id that travels in form bodies only and is shown only back to the officer
/// who typed it. Pseudonyms are shown shortened, as the CLI shows them.
extension ConsoleController {
    struct ConsentView {
        var frame: ConsoleFrame
        var form = TypedIdForm.consent
        var lookup: Lookup?

        struct Lookup {
            var deploymentId: String
            var pseudonym: String
            var contribute: Bool
            var purposes: String
            var history: [Receipt]
            var hasHistory: Bool
        }

        struct Receipt {
            var at: String
            var action: String
            var purposes: String
            var policyVersion: String
            var actor: String
            var eventId: String
            var hash: String
        }
    }

    /// `GET /console/consent`: the look-up form, and the last look-up's answer.
    func consentPage(_ request: Request) async -> Response {
        await page(request) { signedIn in
            let lookup = signedIn.session.consentLookup.map { lookup in
                ConsentView.Lookup(
                    deploymentId: lookup.deploymentId, pseudonym: Self.shortened(lookup.state.subject), contribute: lookup.state.contribute,
                    purposes: lookup.state.activePurposes.isEmpty ? "none" : lookup.state.activePurposes.joined(separator: ", "),
                    history: lookup.state.history.reversed().map {
                        ConsentView.Receipt(
                            at: ErasureRequestView.shown($0.at), action: $0.action, purposes: $0.purposes.joined(separator: ", "),
                            policyVersion: $0.policyVersion, actor: $0.actor, eventId: $0.eventId, hash: String($0.hash.prefix(16)))
                    }, hasHistory: !lookup.state.history.isEmpty)
            }
            return ConsolePage.render("consent", ConsentView(frame: await frame("Consent", signedIn), lookup: lookup))
        }
    }

    /// `POST /console/consent`: `POST /api/v1/admin/consent` (read), kept for the page.
    func consentLookUp(_ request: Request) async -> Response {
        await action(request) { signedIn, form in
            let typed = try Self.deploymentId(form)
            let state = try await gateway.officerConsent(signedIn.principal, request: OfficerConsentRequest(deploymentId: typed))
            await sessions.update(signedIn.session.id) { $0.consentLookup = .init(deploymentId: typed, state: state) }
            return ConsolePage.redirect("/console/consent")
        }
    }

    /// `POST /console/consent/revoke`: `POST /api/v1/admin/consent` with `revoke`, for the
    /// deployment last looked up.
    func consentRevoke(_ request: Request) async -> Response {
        await action(request) { signedIn, _ in
            guard let typed = signedIn.session.consentLookup?.deploymentId else { return ConsolePage.redirect("/console/consent") }
            let state = try await gateway.officerConsent(signedIn.principal, request: OfficerConsentRequest(deploymentId: typed, revoke: true))
            await sessions.update(signedIn.session.id) {
                $0.consentLookup = .init(deploymentId: typed, state: state)
                $0.notice =
                    state.erasure.map { "Consent revoked; its erasure request is \($0.requestId)." } ?? "Consent revoked on the subject's behalf."
            }
            return ConsolePage.redirect("/console/consent")
        }
    }

    /// `GET /console/export`: the form.
    func exportForm(_ request: Request) async -> Response {
        await page(request) { signedIn in
            ConsolePage.render("export", TypedIdView(frame: await frame("Export a deployment's data", signedIn), form: .export))
        }
    }

    /// `POST /console/export`: `POST /api/v1/export`, downloaded as `export-<pseudonym first 8>.json`.
    func exportDownload(_ request: Request) async -> Response {
        await action(request) { signedIn, form in
            let document = try await gateway.export(signedIn.principal, body: ExportRequestBody(deploymentId: try Self.deploymentId(form)))
            return ConsolePage.download(
                try GatewayJSONEncoder.data(document), name: "export-\(document.subject.prefix(8)).json", type: "application/json")
        }
    }

    /// A pseudonym as the CLI shows it: its first 12 hex digits.
    static func shortened(_ pseudonym: String) -> String {
        String(pseudonym.prefix(12)) + "…"
    }
}
