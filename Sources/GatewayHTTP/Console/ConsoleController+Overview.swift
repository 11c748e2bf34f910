import Foundation
import Gateway
import Hummingbird
import Privacy
import Storage

/// The overview and the network figures (officers).
extension ConsoleController {
    struct OverviewView {
        var frame: ConsoleFrame
        var gatewayId: String
        var liveContributions: Int
        var policyVersion: String
        var policyHash: String
        var openErasures: String
        var overdueErasures: String
        var overdueClass: String
        var checkpointSize: UInt64
        var checkpointAt: String
        var checkpointAge: String
        var cosignatures: String
        var quarantinedEvents: Int
        var digest: String
        var peers: [Peer]
        var hasPeers: Bool

        struct Peer {
            var peer: String
            var lastSync: String
            var eventsBehind: Int
            /// `agrees`, `differs`, or not yet comparable (no announcement at equal vectors).
            var digest: String
            var policy: String
            var lastError: String
        }
    }

    /// `GET /console`: this gateway, its peers, quarantines, policy, the latest checkpoint, and
    /// open and overdue erasures, each from the gateway method its API endpoint uses.
    func overview(_ request: Request) async -> Response {
        await page(request) { signedIn in
            let principal = signedIn.principal
            let open = try await gateway.listErasures(principal, state: "open", limit: "200", cursor: nil)
            let overdue = try await gateway.listErasures(principal, state: "overdue", limit: "200", cursor: nil)
            let checkpoint = try await gateway.auditCheckpoint(principal)
            let sync = try await gateway.syncStatus()
            // A note's first signature is this gateway's; any further one is a cosignature.
            let signatures = checkpoint.note.split(separator: "\n").filter { $0.hasPrefix("\u{2014} ") }.count
            let view = OverviewView(
                frame: await frame("Overview", signedIn), gatewayId: gateway.identity.gatewayId,
                liveContributions: gateway.liveContributionCount, policyVersion: gateway.policy.version, policyHash: gateway.policy.hash,
                openErasures: Self.counted(open), overdueErasures: Self.counted(overdue),
                overdueClass: overdue.requests.isEmpty ? "green" : "red", checkpointSize: checkpoint.size,
                checkpointAt: ErasureRequestView.shown(checkpoint.at), checkpointAge: age(of: checkpoint.at),
                cosignatures: signatures > 1 ? "\(signatures - 1) cosignatures" : "no cosignatures yet",
                quarantinedEvents: sync.quarantinedEvents, digest: sync.digest,
                peers: sync.peers.map {
                    OverviewView.Peer(
                        peer: $0.peer, lastSync: $0.lastSuccessfulSync.map(ErasureRequestView.shown) ?? "never",
                        eventsBehind: $0.eventsBehind,
                        digest: $0.digestAgrees.map { $0 ? "agrees" : "differs" } ?? "not compared yet",
                        policy: $0.policyMismatch ? "differs" : $0.halted.map { "halted: \($0)" } ?? "same",
                        lastError: $0.lastError ?? "")
                }, hasPeers: !sync.peers.isEmpty)
            return ConsolePage.render("overview", view)
        }
    }

    /// The number of requests in a first page, `200+` when there are more.
    static func counted(_ list: ErasureListResponse) -> String {
        list.nextCursor == nil ? "\(list.requests.count)" : "\(list.requests.count)+"
    }

    struct NetworkView {
        var frame: ConsoleFrame
        var asOf: String
        var figures: [Figure]
        var chart: WeeklyChart
        var minCount: Int

        struct Figure {
            var name: String
            var gateway: String
            var network: String
        }
    }

    /// `GET /console/network`: the figures `GET /api/v1/network/stats` publishes, and a chart
    /// of the network's contributions per week under the same rounding and suppression.
    func network(_ request: Request) async -> Response {
        await page(request) { signedIn in
            let stats = try await gateway.networkFigures()
            func shown(_ figure: NetworkFigure) -> String {
                guard let value = figure.value, !figure.suppressed else { return "suppressed" }
                return value == value.rounded() ? "\(Int(value))" : "\(value)"
            }
            let rows: [(String, KeyPath<NetworkScopeFigures, NetworkFigure>)] = [
                ("Active deployments", \.activeDeployments), ("Contributions", \.contributions), ("Unique patterns", \.uniquePatterns),
                ("Reuse rate", \.reuseRate), ("Multiplier", \.multiplier),
            ]
            let view = NetworkView(
                frame: await frame("Network", signedIn), asOf: ErasureRequestView.shown(stats.asOf),
                figures: rows.map {
                    NetworkView.Figure(name: $0.0, gateway: shown(stats.gateway[keyPath: $0.1]), network: shown(stats.network[keyPath: $0.1]))
                }, chart: WeeklyChart(try await gateway.contributionsPerWeek(signedIn.principal, now: configuration.now())),
                minCount: gateway.policy.stats.minCount)
            return ConsolePage.render("network", view)
        }
    }
}
