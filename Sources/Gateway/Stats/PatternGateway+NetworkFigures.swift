import Foundation
import Logging
import Metrics
import PatternCore
import Privacy
import Replication
import Storage

/// `GET /api/v1/network/stats` and the network-wide gauges of `/metrics` (docs/design.md,
/// "Network figures"): rounded, suppressed below the policy's `stats.minCount`, recomputed at
/// most once per `stats.recomputeSeconds`, never by deployment.
extension PatternGateway {
    /// A deployment's contributions or consent count as activity for this long.
    static let activeWindowMillis: Int64 = 90 * 24 * 3600 * 1000

    /// Any token may read the global figures: they are the same for everyone and hold nothing
    /// about one deployment. A private network's (`network`, issue 18) go only to that
    /// organization's tokens (checked as for a contribution there) and to officers of a
    /// gateway hosting it; anyone else gets 404 `unknown_network`.
    package func networkStats(_ principal: Principal, network: String? = nil) async throws -> NetworkStatsResponse {
        try principal.require(.deployment, .officer, .auditor, to: "read network figures")
        guard try Self.requestedNetwork(network) != .global else { return try await networkFigures() }
        let scope: NetworkScope
        switch principal.role {
        case .deployment: scope = try self.scope(for: principal, network: network)
        case .officer: scope = try hostedScope(network, for: principal)
        case .auditor: throw GatewayError.unknownNetwork
        }
        return try await networkFigures(in: scope)
    }

    /// The published global figures (recomputed when due); the `/metrics` gauges follow them.
    package func networkFigures() async throws -> NetworkStatsResponse {
        try await networkFigures(in: globalScope)
    }

    /// One network's figures, from its own cache; only the global ones reach `/metrics`.
    private func networkFigures(in scope: NetworkScope) async throws -> NetworkStatsResponse {
        let cache = scope.privateName.flatMap { privateFiguresCaches[$0] } ?? networkFiguresCache
        return try await cache.current { [self] asOf in
            let started = ContinuousClock.now
            let counts = try await database.networkCounts(
                gatewayId: scope.origin, asOfMillis: Int64(asOf.timeIntervalSince1970 * 1000),
                windowMillis: Self.activeWindowMillis, purpose: Self.contributePurpose, network: scope.network)
            let figures = NetworkStatsResponse(asOf: asOf, counts: counts, minCount: policy.stats.minCount, privateNetwork: scope.privateName)
            if scope.network == .global { metrics.publish(figures.network) }
            logger.info("network figures recomputed", metadata: ["elapsed": "\(ContinuousClock.now - started)"])
            return figures
        }
    }

    /// Called with every committed change to the matcher: a contribution that left it was erased.
    func noteErasures(in changes: [IndexChange]) {
        guard changes.contains(where: { if case .remove = $0 { true } else { false } }) else { return }
        networkFiguresCache.noteErasure()
        for cache in privateFiguresCaches.values { cache.noteErasure() }
    }
}

extension GatewayMetrics {
    /// The network-wide figures as gauges; a suppressed figure has no series at all (not 0,
    /// which would be a false value, nor NaN), so a scraper never sees a value below the threshold.
    func publish(_ figures: NetworkScopeFigures) {
        let gauges: [(String, NetworkFigure)] = [
            ("patterngate_network_active_deployments", figures.activeDeployments),
            ("patterngate_network_contributions", figures.contributions),
            ("patterngate_network_unique_patterns", figures.uniquePatterns),
            ("patterngate_network_reuse_rate", figures.reuseRate),
            ("patterngate_network_multiplier", figures.multiplier),
        ]
        for (label, figure) in gauges {
            let gauge = Gauge(label: label, factory: factory)
            if let value = figure.value { gauge.record(value) } else { gauge.destroy() }
        }
    }
}
