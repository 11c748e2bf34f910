import Foundation
import Gateway
import Hummingbird
import Storage

/// The purge: a dry run as of now, then a confirm step; the result shows the WAL
/// checkpoint. No date can be chosen (the API's `asOf` is not offered).
extension ConsoleController {
    struct PurgeView {
        var frame: ConsoleFrame
        var report: Report?

        struct Report {
            var dryRun: Bool
            var asOf: String
            var events: Int
            var requestCount: Int
            var requests: [PurgeCandidate]
            var hasRequests: Bool
            var checkpoint: String
            var freePages: Int
            var supersededVersions: Int
        }
    }

    /// `GET /console/purge`.
    func purgePage(_ request: Request) async -> Response {
        await page(request) { signedIn in
            let report = signedIn.session.purgeReport.map {
                PurgeView.Report(
                    dryRun: $0.dryRun, asOf: ErasureRequestView.shown($0.asOf), events: $0.events, requestCount: $0.requests.count,
                    requests: $0.requests, hasRequests: !$0.requests.isEmpty, checkpoint: $0.checkpoint, freePages: $0.freePages,
                    supersededVersions: $0.supersededVersions)
            }
            return ConsolePage.render("purge", PurgeView(frame: await frame("Purge", signedIn), report: report))
        }
    }

    /// `POST /console/purge/dry-run`: `POST /api/v1/admin/purge` with `dryRun`.
    func purgeDryRun(_ request: Request) async -> Response {
        await action(request) { signedIn, _ in
            let report = try await gateway.purge(signedIn.principal, body: PurgeRequestBody(dryRun: true))
            await sessions.update(signedIn.session.id) { $0.purgeReport = report }
            return ConsolePage.redirect("/console/purge")
        }
    }

    /// `POST /console/purge/confirm`: the purge itself, only right after a dry run.
    func purgeConfirmed(_ request: Request) async -> Response {
        await action(request) { signedIn, _ in
            guard signedIn.session.purgeReport?.dryRun == true else {
                await sessions.update(signedIn.session.id) { $0.notice = "Run a dry run first." }
                return ConsolePage.redirect("/console/purge")
            }
            let report = try await gateway.purge(signedIn.principal, body: PurgeRequestBody(dryRun: false))
            await sessions.update(signedIn.session.id) { $0.purgeReport = report }
            return ConsolePage.redirect("/console/purge")
        }
    }
}
