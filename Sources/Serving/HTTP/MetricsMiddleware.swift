import CoreMetrics
import Hummingbird

/// Records each request: its duration per route and method (`tickflow_http_request_duration_seconds`, a
/// histogram) and its answer per route and status (`tickflow_http_responses_total`). Outermost, so that it sees
/// the answer the error middleware made of a failure. Routes are the matched patterns (`/api/v1/orders/{orderId}`),
/// never raw paths, so that ids do not explode the label set; anything unmatched is `unmatched`.
struct MetricsMiddleware: RouterMiddleware {
    typealias Context = LedgerRequestContext

    let factory: any MetricsFactory

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let started = ContinuousClock.now
        let response = try await next(request, context)
        let route = context.endpointPath ?? "unmatched"
        let method = request.method.rawValue
        Timer(label: "tickflow_http_request_duration_seconds", dimensions: [("route", route), ("method", method)], factory: factory)
            .recordInterval(since: started)
        Counter(label: "tickflow_http_responses_total", dimensions: [("route", route), ("status", String(response.status.code))], factory: factory)
            .increment()
        return response
    }
}

extension Timer {
    /// Records the time since `start`.
    func recordInterval(since start: ContinuousClock.Instant) {
        recordNanoseconds((ContinuousClock.now - start).nanoseconds)
    }
}
