import Foundation

/// GARCH(1,1) on zero-mean returns: `σ²ₜ = ω + α r²ₜ₋₁ + β σ²ₜ₋₁`, Gaussian innovations.
///
/// `Parameters` are fitted by maximum likelihood (`GARCH11+Fit.swift`); a `GARCH11` value is the O(1)
/// per-return filter a stream stage keeps per instrument, and gives closed-form h-step forecasts.
public struct GARCH11: Sendable, Equatable, Codable {
    /// Model parameters, with the stationarity constraints `ω > 0, α ≥ 0, β ≥ 0, α + β < 1`.
    public struct Parameters: Sendable, Equatable, Codable {
        /// Constant ω.
        public var omega: Double
        /// ARCH coefficient α (reaction to the last squared return).
        public var alpha: Double
        /// GARCH coefficient β (persistence of the last variance).
        public var beta: Double

        /// Checked parameters.
        /// - Throws: `AnalyticsError.invalidInput` when they are not stationary and positive.
        public init(omega: Double, alpha: Double, beta: Double) throws {
            guard omega > 0, alpha >= 0, beta >= 0, alpha + beta < 1, omega.isFinite else {
                throw AnalyticsError(
                    .invalidInput, context: "GARCH11.Parameters",
                    "need ω > 0, α ≥ 0, β ≥ 0, α + β < 1; got ω=\(omega) α=\(alpha) β=\(beta)")
            }
            self.omega = omega
            self.alpha = alpha
            self.beta = beta
        }

        /// α + β, how slowly a variance shock decays.
        public var persistence: Double { alpha + beta }

        /// The unconditional (long-run) variance ω / (1 − α − β).
        public var unconditionalVariance: Double { omega / (1 - alpha - beta) }
    }

    /// The parameters.
    public let parameters: Parameters
    /// The conditional variance of the **next** return given everything seen so far.
    public private(set) var variance: Double

    /// A filter starting from `initialVariance` (the long-run variance when `nil`).
    public init(parameters: Parameters, initialVariance: Double? = nil) {
        self.parameters = parameters
        self.variance = initialVariance ?? parameters.unconditionalVariance
    }

    /// Folds one return in, O(1): the variance becomes the forecast for the following return.
    /// - Throws: `AnalyticsError.invalidInput` for a non-finite return; the state is kept.
    public mutating func update(_ r: Double) throws {
        guard r.isFinite else {
            throw AnalyticsError(.invalidInput, context: "GARCH11.update", "return \(r) is not finite")
        }
        variance = parameters.omega + parameters.alpha * r * r + parameters.beta * variance
    }

    /// The expected variance of the return `h` steps ahead (h = 1 is `variance`):
    /// `σ̄² + (α + β)^{h−1} (σ²ₜ₊₁ − σ̄²)`.
    public func forecastVariance(steps h: Int) -> Double {
        precondition(h >= 1, "forecast horizon must be ≥ 1")
        let longRun = parameters.unconditionalVariance
        return longRun + Foundation.pow(parameters.persistence, Double(h - 1)) * (variance - longRun)
    }

    /// The variance of the sum of the next `h` returns (the h-period variance): `Σ_{k=1…h}` of the step
    /// forecasts, in closed form.
    public func forecastCumulativeVariance(steps h: Int) -> Double {
        precondition(h >= 1, "forecast horizon must be ≥ 1")
        let longRun = parameters.unconditionalVariance, p = parameters.persistence
        let geometric = (1 - Foundation.pow(p, Double(h))) / (1 - p)
        return Double(h) * longRun + geometric * (variance - longRun)
    }
}
