import Hummingbird
import Prometheus

/// Request counts and latencies per route template (never the raw path) and status.
struct RequestMetricsMiddleware<Context: RequestContext>: RouterMiddleware {
    let registry: PrometheusCollectorRegistry

    static var requests: MetricNameDescriptor { MetricNameDescriptor(
        namespace: "patterngate", subsystem: "http", metricName: "requests", unitName: "total",
        helpText: "HTTP requests by method, route template and status") }
    static var duration: MetricNameDescriptor { MetricNameDescriptor(
        namespace: "patterngate", subsystem: "http", metricName: "request_duration", unitName: "seconds",
        helpText: "HTTP request latency by method and route template") }

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let started = ContinuousClock.now
        let response = try await next(request, context)
        let route = context.endpointPath ?? "unmatched"
        let method = request.method.rawValue
        registry.makeCounter(
            descriptor: Self.requests,
            labels: [("method", method), ("route", route), ("status", String(response.status.code))]
        ).increment()
        let elapsed = ContinuousClock.now - started
        registry.makeDurationHistogram(
            descriptor: Self.duration, labels: [("method", method), ("route", route)],
            buckets: [.microseconds(250), .milliseconds(1), .milliseconds(5), .milliseconds(25), .milliseconds(100), .milliseconds(500), .seconds(2)]
        ).recordNanoseconds(elapsed.components.seconds * 1_000_000_000 + elapsed.components.attoseconds / 1_000_000_000)
        return response
    }
}
