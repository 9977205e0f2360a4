/// Exponentially weighted covariance of `n` instruments' returns, updated in O(n²) per return vector and
/// never recomputed from history: `Σₜ = λ Σₜ₋₁ + (1 − λ) rₜ rₜᵀ` (zero mean, RiskMetrics), a symmetric
/// rank-one update (BLAS dscal + dsyr on the lower triangle).
///
/// Starting from `Σ₀` (zero by default), after `T` vectors `Σ_T = λᵀ Σ₀ + (1 − λ) Σₜ λ^{T−t} rₜ rₜᵀ`,
/// which is exactly what a batch computation over the same returns gives.
public struct EWMACovariance: Sendable, Equatable, Codable {
    /// The decay λ in (0, 1).
    public let lambda: Double
    /// Number of instruments.
    public let dimension: Int
    /// How many return vectors were folded in.
    public private(set) var count = 0
    /// Σ with only its lower triangle maintained (what dsymv and dpotrf read).
    public private(set) var lowerTriangle: Matrix

    /// An estimator over `dimension` instruments with decay `lambda` (0.94 default) starting from
    /// `initial` (zero when `nil`; only its lower triangle is read).
    /// - Throws: `AnalyticsError.invalidInput` for a λ outside (0, 1) or an `initial` of another size.
    public init(dimension: Int, lambda: Double = 0.94, initial: Matrix? = nil) throws {
        guard lambda > 0, lambda < 1, dimension >= 1 else {
            throw AnalyticsError(
                .invalidInput, context: "EWMACovariance.init", "need 0 < λ < 1 and n ≥ 1; got λ=\(lambda) n=\(dimension)")
        }
        if let initial, initial.rows != dimension || initial.columns != dimension {
            throw AnalyticsError(
                .invalidInput, context: "EWMACovariance.init",
                "initial matrix is \(initial.rows)×\(initial.columns), expected \(dimension)×\(dimension)")
        }
        self.lambda = lambda
        self.dimension = dimension
        self.lowerTriangle = initial ?? Matrix(rows: dimension, columns: dimension)
    }

    /// Folds one return vector in, O(n²).
    /// - Throws: `AnalyticsError.invalidInput` for a vector of another length or with non-finite values; the
    ///   state is kept.
    public mutating func update(_ returns: [Double]) throws {
        guard returns.count == dimension else {
            throw AnalyticsError(
                .invalidInput, context: "EWMACovariance.update", "\(returns.count) returns for \(dimension) instruments")
        }
        if let bad = returns.firstIndex(where: { !$0.isFinite }) {
            throw AnalyticsError(
                .invalidInput, context: "EWMACovariance.update[\(bad)]", "return \(returns[bad]) is not finite")
        }
        lowerTriangle.decayAndAddRankOne(decay: lambda, weight: 1 - lambda, x: returns)
        count += 1
    }

    /// The full symmetric covariance matrix (an O(n²) copy).
    public var covariance: Matrix {
        var full = lowerTriangle
        full.symmetrizeFromLower()
        return full
    }

    /// The volatilities `√Σᵢᵢ`.
    public var volatilities: [Double] { lowerTriangle.diagonalElements.map { max($0, 0).squareRoot() } }

    /// The correlation matrix `Dᐨ¹ Σ Dᐨ¹` (0 off the diagonal for an instrument with zero variance).
    public var correlation: Matrix {
        let sigma = volatilities
        var result = covariance
        for j in 0..<dimension {
            for i in 0..<dimension {
                let scale = sigma[i] * sigma[j]
                result[i, j] = i == j ? 1 : (scale > 0 ? result[i, j] / scale : 0)
            }
        }
        return result
    }
}
