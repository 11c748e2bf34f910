import ErrorCodes
import Metrics

/// Counters of the gateway's decisions. Labels are fixed codes, never request values.
struct GatewayMetrics: Sendable {
    let factory: any MetricsFactory
    let accepted: Counter
    let duplicates: Counter
    /// Erasure requests past `purgeDueAt` that some gateway of the network has not purged.
    let erasuresOverdue: Gauge

    init(factory: any MetricsFactory) {
        self.factory = factory
        erasuresOverdue = Gauge(label: "patterngate_erasures_overdue", factory: factory)
        accepted = Counter(label: "patterngate_contributions_accepted_total", factory: factory)
        duplicates = Counter(label: "patterngate_contributions_duplicate_total", factory: factory)
    }

    /// Labelled by the error's code: a bounded set (`ErrorCode.all`), never a value from a request.
    func rejected(code: ErrorCode) {
        Counter(label: "patterngate_contributions_rejected_total", dimensions: [("code", code.rawValue)], factory: factory).increment()
    }
}
