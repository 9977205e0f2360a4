import Hummingbird
import Logging
import Metrics
import Model

/// Applies ``RateLimits`` to `/api/v1`: counts each request against its caller's budget (the user of a valid
/// bearer token, else the client address) and answers 429 `RATE_LIMITED` with `Retry-After` once a budget is
/// spent. If the counters cannot be reached (Redis down) requests are let through and counted in
/// `tickflow_rate_limit_unavailable_total`: losing the limiter must not take the API down with it.
struct RateLimitMiddleware: RouterMiddleware {
    typealias Context = LedgerRequestContext

    let api: LedgerAPI
    let limiting: RateLimiting
    var limits: RateLimits { limiting.limits }

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        try await charge(request, remoteAddress: context.remoteAddress, logger: context.logger)
        return try await next(request, context)
    }

    /// Counts `request` against its budgets: its user's (and the expensive endpoints' one), or its address's
    /// when it carries no valid token. System requests (API key) are not counted. If the counters cannot be
    /// reached the request is let through (and counted as such).
    ///
    /// - Throws: ``ServingError`` (`rateLimited`, with `retryAfterSeconds`) when a budget is spent.
    func charge(_ request: Request, remoteAddress: String?, logger: Logger) async throws(ServingError) {
        guard request.headers[.apiKey] == nil else { return }
        let now = limiting.clock()
        var budgets: [(key: String, limit: Int)] = []
        if let user = await user(of: request) {
            budgets.append(("user:\(user)", limits.perUser))
            if request.uri.path.hasPrefix(limits.expensivePrefix) { budgets.append(("expensive:\(user)", limits.expensivePerUser)) }
        } else {
            budgets.append(("address:\(remoteAddress ?? "unknown")", limits.perAddress))
        }
        for budget in budgets {
            let count: Int
            do {
                count = try await limiting.store.increment(budget.key, windowNanos: limits.windowNanos, nowNanos: now)
            } catch {
                Counter(label: "tickflow_rate_limit_unavailable_total").increment()
                logger.warning("rate limits unavailable, request let through", metadata: ["error": "\(error.message)"])
                return
            }
            if count > budget.limit {
                let windowEnd = (now / limits.windowNanos + 1) * limits.windowNanos
                var error = ServingError(
                    .rateLimited, "more than \(budget.limit) requests in \(limits.window) (\(budget.key.split(separator: ":")[0]) budget)")
                error.retryAfterSeconds = Int((windowEnd - now + Timestamp.nanosPerSecond - 1) / Timestamp.nanosPerSecond)
                Counter(label: "tickflow_rate_limited_total", dimensions: [("budget", String(budget.key.split(separator: ":")[0]))]).increment()
                throw error
            }
        }
    }

    /// The user of a valid bearer token, nil otherwise (the handler answers 401 for a bad one; here it only picks
    /// the budget, and verified tokens are cached, so this costs no database round trip).
    private func user(of request: Request) async -> String? {
        guard let token = try? LedgerAPI.bearerToken(request) else { return nil }
        return try? await api.tokens.verifyAccess(token).userId
    }
}
