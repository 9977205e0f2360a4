import Foundation

/// Delta-gamma VaR and ES with the Cornish–Fisher expansion, for portfolios with options.
///
/// P&L `Q = δᵀ r + ½ rᵀ Γ r`, `r ~ N(0, Σ)`, has the exact cumulants (with `A = ΓΣ`)
/// `κ₁ = ½ tr A`, `κ₂ = δᵀΣδ + ½ tr A²`, `κ₃ = 3 δᵀΣΓΣδ + tr A³`, `κ₄ = 12 δᵀΣΓΣΓΣδ + 3 tr A⁴`;
/// the P&L quantile at `1 − α` is `κ₁ + √κ₂ · w(z)` with the Cornish–Fisher
/// `w = z + (z² − 1)S/6 + (z³ − 3z)K/24 − (2z³ − 5z)S²/36`, `S` skewness, `K` excess kurtosis. ES averages
/// that quantile over the tail in closed form (truncated normal moments of the cubic `w`). Horizons scale by `√h`.
public struct DeltaGammaVaR: Sendable, Equatable {
    /// The P&L mean κ₁.
    public let mean: Double
    /// The P&L variance κ₂.
    public let variance: Double
    /// The P&L skewness κ₃ / κ₂^{3/2}.
    public let skewness: Double
    /// The P&L excess kurtosis κ₄ / κ₂².
    public let excessKurtosis: Double

    /// The cumulants of a delta-gamma portfolio: one dgemm for `A = ΓΣ` and one for `A²`.
    /// - Parameters:
    ///   - deltas: first-order sensitivities (base currency per unit return).
    ///   - gamma: symmetric second-order sensitivities (base currency per unit return², diagonal for options
    ///     on distinct underlyings).
    ///   - covariance: 1-day covariance of returns.
    /// - Throws: `AnalyticsError.invalidInput` for mismatched sizes or a zero-variance P&L.
    public init(deltas: [Double], gamma: Matrix, covariance: Matrix) throws {
        try RiskMeasure.validate(covariance: covariance, exposures: deltas, context: "DeltaGammaVaR.init")
        guard gamma.isSquare, gamma.rows == deltas.count else {
            throw AnalyticsError(.invalidInput, context: "DeltaGammaVaR.init", "gamma must be \(deltas.count)×\(deltas.count)")
        }
        var sigma = covariance
        sigma.symmetrizeFromLower()
        let a = gamma.multiplied(by: sigma)
        let a2 = a.multiplied(by: a)
        let sigmaDelta = sigma.multiplied(by: deltas)
        let gammaSigmaDelta = gamma.multiplied(by: sigmaDelta)
        let k1 = 0.5 * Self.trace(a)
        let k2 = Matrix.dot(deltas, sigmaDelta) + 0.5 * Self.traceOfProduct(a, a)
        let k3 = 3 * Matrix.dot(sigmaDelta, gammaSigmaDelta) + Self.traceOfProduct(a2, a)
        let k4 = 12 * Matrix.dot(gammaSigmaDelta, sigma.multiplied(by: gammaSigmaDelta)) + 3 * Self.traceOfProduct(a2, a2)
        guard k2 > 0 else {
            throw AnalyticsError(.invalidInput, context: "DeltaGammaVaR.init", "the P&L has zero variance")
        }
        mean = k1
        variance = k2
        skewness = k3 / Foundation.pow(k2, 1.5)
        excessKurtosis = k4 / (k2 * k2)
    }

    /// VaR and ES at `confidence` over `horizonDays`.
    /// - Throws: `AnalyticsError.invalidInput` for bad levels.
    public func measure(confidence: Double, horizonDays: Double = 1) throws -> RiskMeasure {
        try RiskMeasure.validate(confidence: confidence, horizonDays: horizonDays, context: "DeltaGammaVaR.measure")
        let tail = 1 - confidence, q = NormalDistribution.quantile(tail), density = NormalDistribution.pdf(q)
        // E[w(Z) | Z < q] for the cubic w(z) = c₀ + c₁z + c₂z² + c₃z³, from the truncated normal moments
        // ∫_{−∞}^q z^k φ = Φ(q), −φ(q), Φ(q) − qφ(q), −(q² + 2)φ(q).
        let a = skewness / 6, b = excessKurtosis / 24, c = skewness * skewness / 36
        let moments = [tail, -density, tail - q * density, -(q * q + 2) * density]
        let coefficients = [-a, 1 - 3 * b + 5 * c, a, b - 2 * c]
        let tailMean = zip(coefficients, moments).reduce(0) { $0 + $1.0 * $1.1 } / tail
        let scale = horizonDays.squareRoot()
        return RiskMeasure(
            confidence: confidence, horizonDays: horizonDays, valueAtRisk: loss(atTailProbability: tail) * scale,
            expectedShortfall: -(mean + variance.squareRoot() * tailMean) * scale)
    }

    /// The loss exceeded with probability `p` (the negated Cornish–Fisher P&L quantile at `p`).
    public func loss(atTailProbability p: Double) -> Double {
        let z = NormalDistribution.quantile(p)
        let s = skewness, k = excessKurtosis
        let w = z + (z * z - 1) * s / 6 + (z * z * z - 3 * z) * k / 24 - (2 * z * z * z - 5 * z) * s * s / 36
        return -(mean + variance.squareRoot() * w)
    }

    private static func trace(_ m: Matrix) -> Double { m.diagonalElements.reduce(0, +) }

    /// `tr(X Y) = Σᵢⱼ Xᵢⱼ Yⱼᵢ`, O(n²).
    private static func traceOfProduct(_ x: Matrix, _ y: Matrix) -> Double {
        var sum = 0.0
        for j in 0..<x.columns {
            for i in 0..<x.rows { sum += x[i, j] * y[j, i] }
        }
        return sum
    }
}
