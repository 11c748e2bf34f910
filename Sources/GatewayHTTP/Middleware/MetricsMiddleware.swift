import Hummingbird
import Prometheus
import Synchronization

/// Request counts and latencies per route template (never the raw path) and status.
struct RequestMetricsMiddleware<Context: RequestContext>: RouterMiddleware {
    let registry: PrometheusCollectorRegistry
    /// The registry's counters and histograms by label set, so a request does not build label
    /// arrays and look them up in the registry each time (a few percent of a search's CPU).
    private let handles = MetricHandles()

    init(registry: PrometheusCollectorRegistry) {
        self.registry = registry
    }

    static var requests: MetricNameDescriptor {
        MetricNameDescriptor(
            namespace: "patterngate", subsystem: "http", metricName: "requests", unitName: "total",
            helpText: "HTTP requests by method, route template and status")
    }
    static var duration: MetricNameDescriptor {
        MetricNameDescriptor(
            namespace: "patterngate", subsystem: "http", metricName: "request_duration", unitName: "seconds",
            helpText: "HTTP request latency by method and route template")
    }

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let started = ContinuousClock.now
        let response = try await next(request, context)
        let route = context.endpointPath ?? "unmatched"
        // Only standard methods become labels: a client's made-up method must not add series.
        let method: String
        switch request.method {
        case .get, .head, .post, .put, .delete, .patch, .options: method = request.method.rawValue
        default: method = "other"
        }
        let status = Int(response.status.code)
        let counter = handles.counter(MetricHandles.CounterKey(method: method, route: route, status: status)) {
            registry.makeCounter(descriptor: Self.requests, labels: [("method", method), ("route", route), ("status", String(status))])
        }
        counter.increment()
        let histogram = handles.histogram(MetricHandles.HistogramKey(method: method, route: route)) {
            registry.makeDurationHistogram(
                descriptor: Self.duration, labels: [("method", method), ("route", route)],
                buckets: [
                    .microseconds(250), .milliseconds(1), .milliseconds(5), .milliseconds(25), .milliseconds(100), .milliseconds(500), .seconds(2),
                ])
        }
        let elapsed = ContinuousClock.now - started
        histogram.recordNanoseconds(elapsed.components.seconds * 1_000_000_000 + elapsed.components.attoseconds / 1_000_000_000)
        return response
    }
}

/// Metric handles made once per label set. Label sets are bounded: methods and route
/// templates come from the router (unmatched paths share one label), statuses from the code.
final class MetricHandles: Sendable {
    struct CounterKey: Hashable, Sendable {
        var method: String
        var route: String
        var status: Int
    }

    struct HistogramKey: Hashable, Sendable {
        var method: String
        var route: String
    }

    private let counters = Mutex<[CounterKey: Counter]>([:])
    private let histograms = Mutex<[HistogramKey: DurationHistogram]>([:])

    func counter(_ key: CounterKey, make: () -> Counter) -> Counter {
        if let existing = counters.withLock({ $0[key] }) { return existing }
        let made = make()
        counters.withLock { $0[key] = made }
        return made
    }

    func histogram(_ key: HistogramKey, make: () -> DurationHistogram) -> DurationHistogram {
        if let existing = histograms.withLock({ $0[key] }) { return existing }
        let made = make()
        histograms.withLock { $0[key] = made }
        return made
    }
}
