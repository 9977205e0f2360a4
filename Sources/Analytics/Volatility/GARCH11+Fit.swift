import Foundation

extension GARCH11 {
    /// The outcome of a maximum-likelihood fit.
    public struct Fit: Sendable, Equatable {
        /// The fitted parameters.
        public var parameters: Parameters
        /// The maximised Gaussian log-likelihood, `−½ Σ (ln 2π + ln σ²ₜ + r²ₜ / σ²ₜ)`.
        public var logLikelihood: Double
        /// The variance the recursion starts from (see `backcast(_:)`).
        public var backcastVariance: Double
        /// The filter after the last return: its `variance` is the forecast for the next one.
        public var filter: GARCH11
        /// Nelder–Mead iterations the optimiser used.
        public var iterations: Int
    }

    /// Fits `ω, α, β` by Gaussian maximum likelihood on zero-mean `returns`.
    ///
    /// The recursion starts from the backcast `σ²₀ = ω + (α + β)·b` where `b` is the exponentially weighted
    /// (0.94) mean of the first `min(75, T)` squared returns — the convention of Python's `arch` package, so
    /// that log-likelihoods compare. The optimiser is Nelder–Mead on unconstrained parameters
    /// `(ln ω, logit(α+β), logit(α/(α+β)))`, which keeps every trial point stationary; it starts from the best
    /// of a small grid and restarts until the likelihood stops improving.
    /// - Throws: `AnalyticsError.invalidInput` for fewer than 10 returns, non-finite returns or a zero-variance
    ///   series; `.notConverged` when no finite likelihood was found.
    public static func fit(_ returns: [Double]) throws -> Fit {
        guard returns.count >= 10 else {
            throw AnalyticsError(.invalidInput, context: "GARCH11.fit", "\(returns.count) returns, need at least 10")
        }
        if let bad = returns.firstIndex(where: { !$0.isFinite }) {
            throw AnalyticsError(.invalidInput, context: "GARCH11.fit[\(bad)]", "return \(returns[bad]) is not finite")
        }
        let sampleVariance = returns.reduce(0) { $0 + $1 * $1 } / Double(returns.count)
        guard sampleVariance > 0 else {
            throw AnalyticsError(.invalidInput, context: "GARCH11.fit", "the returns have zero variance")
        }
        let backcast = backcast(returns)
        let objective: ([Double]) -> Double = { theta in
            let p = Transform.parameters(theta)
            let nll = -logLikelihood(returns, omega: p.omega, alpha: p.alpha, beta: p.beta, backcast: backcast)
            return nll.isFinite ? nll : .greatestFiniteMagnitude
        }
        var start = Transform.theta(omega: sampleVariance * 0.05, alpha: 0.1, beta: 0.85)
        var startValue = objective(start)
        for alpha in [0.02, 0.05, 0.1, 0.2] {
            for persistence in [0.8, 0.9, 0.95, 0.98, 0.995] where alpha < persistence {
                let theta = Transform.theta(omega: sampleVariance * (1 - persistence), alpha: alpha, beta: persistence - alpha)
                let value = objective(theta)
                if value < startValue { (start, startValue) = (theta, value) }
            }
        }
        let result = NelderMead().minimize(objective, start: start)
        guard result.value < .greatestFiniteMagnitude else {
            throw AnalyticsError(.notConverged, context: "GARCH11.fit", "no parameters gave a finite likelihood")
        }
        let fitted = Transform.parameters(result.point)
        let parameters = try Parameters(omega: fitted.omega, alpha: fitted.alpha, beta: fitted.beta)
        // Replays the likelihood's recursion to the last return, then steps once: the next-return forecast.
        var variance = backcast, laggedSquare = backcast
        for r in returns {
            variance = parameters.omega + parameters.alpha * laggedSquare + parameters.beta * variance
            laggedSquare = r * r
        }
        var filter = GARCH11(parameters: parameters, initialVariance: variance)
        try filter.update(returns[returns.count - 1])
        return Fit(
            parameters: parameters, logLikelihood: -result.value, backcastVariance: backcast, filter: filter,
            iterations: result.iterations)
    }

    /// `arch`'s backcast: the 0.94-weighted mean of the first `min(75, T)` squared returns.
    public static func backcast(_ returns: [Double]) -> Double {
        let tau = min(75, returns.count)
        var weightSum = 0.0, sum = 0.0, weight = 1.0
        for r in returns.prefix(tau) {
            sum += weight * r * r
            weightSum += weight
            weight *= 0.94
        }
        return sum / weightSum
    }

    /// The Gaussian log-likelihood of zero-mean `returns` under the given parameters, the recursion started
    /// from `backcast` for both the lagged squared return and the lagged variance.
    public static func logLikelihood(
        _ returns: [Double], omega: Double, alpha: Double, beta: Double, backcast: Double
    ) -> Double {
        var variance = backcast, laggedSquare = backcast, sum = 0.0
        for r in returns {
            variance = omega + alpha * laggedSquare + beta * variance
            sum += Foundation.log(variance) + r * r / variance
            laggedSquare = r * r
        }
        return -0.5 * (Double(returns.count) * Foundation.log(2 * Double.pi) + sum)
    }

    /// Maps unconstrained optimiser coordinates to stationary parameters and back.
    enum Transform {
        static let maxPersistence = 1 - 1e-8

        static func parameters(_ theta: [Double]) -> (omega: Double, alpha: Double, beta: Double) {
            let persistence = maxPersistence * logistic(theta[1])
            let alpha = persistence * logistic(theta[2])
            return (Foundation.exp(theta[0]), alpha, persistence - alpha)
        }

        static func theta(omega: Double, alpha: Double, beta: Double) -> [Double] {
            let persistence = alpha + beta
            return [Foundation.log(omega), logit(persistence / maxPersistence), logit(alpha / persistence)]
        }

        private static func logistic(_ x: Double) -> Double { 1 / (1 + Foundation.exp(-x)) }
        private static func logit(_ p: Double) -> Double { Foundation.log(p / (1 - p)) }
    }
}
