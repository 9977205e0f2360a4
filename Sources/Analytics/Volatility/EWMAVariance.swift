/// RiskMetrics exponentially weighted variance of one instrument's returns, O(1) per return:
/// `σ²ₜ = λ σ²ₜ₋₁ + (1 − λ) r²ₜ` (zero mean, as RiskMetrics).
///
/// The first return seeds the variance with `r²` unless `initialVariance` is given.
public struct EWMAVariance: Sendable, Equatable, Codable {
    /// The decay λ in (0, 1); RiskMetrics daily uses 0.94 (the default).
    public let lambda: Double
    /// The current variance (the forecast for the next return); `nil` before any return.
    public private(set) var variance: Double?
    /// How many returns were accepted.
    public private(set) var count: Int = 0

    /// A state with decay `lambda` (default 0.94) and an optional starting variance.
    /// - Throws: `AnalyticsError.invalidInput` unless `0 < lambda < 1` and the starting variance is ≥ 0.
    public init(lambda: Double = 0.94, initialVariance: Double? = nil) throws {
        guard lambda > 0, lambda < 1 else {
            throw AnalyticsError(.invalidInput, context: "EWMAVariance.init", "lambda \(lambda) is not in (0, 1)")
        }
        if let initialVariance, !(initialVariance >= 0 && initialVariance.isFinite) {
            throw AnalyticsError(.invalidInput, context: "EWMAVariance.init", "initial variance \(initialVariance) < 0")
        }
        self.lambda = lambda
        self.variance = initialVariance
    }

    /// Folds one return in.
    /// - Throws: `AnalyticsError.invalidInput` for a non-finite return; the state is kept.
    public mutating func update(_ r: Double) throws {
        guard r.isFinite else {
            throw AnalyticsError(.invalidInput, context: "EWMAVariance.update", "return \(r) is not finite")
        }
        count += 1
        if let previous = variance {
            variance = lambda * previous + (1 - lambda) * r * r
        } else {
            variance = r * r
        }
    }

    /// The current volatility `σ`; `nil` before any return.
    public var volatility: Double? { variance.map { $0.squareRoot() } }
}
