import Foundation

/// Delta-normal (variance–covariance) VaR and ES of a linear portfolio: P&L = `wᵀ r` with `r ~ N(0, Σ)`,
/// `w` the exposures (base-currency value sensitive to each instrument's return), `Σ` the 1-day covariance
/// of returns. Horizons scale by `√h` (square-root-of-time, i.i.d. returns).
///
/// `VaR = z_α σ_p √h`, `ES = σ_p √h φ(z_α) / (1 − α)`, `σ_p = √(wᵀ Σ w)`.
public enum ParametricVaR {
    /// A confidence level and horizon with their normal quantile and ES factor precomputed, so that a VaR
    /// read after an O(n) update costs a square root and two multiplications.
    public struct Level: Sendable, Equatable {
        /// Confidence α.
        public let confidence: Double
        /// Horizon in days.
        public let horizonDays: Double
        /// `z_α √h`.
        public let valueAtRiskFactor: Double
        /// `√h φ(z_α) / (1 − α)`.
        public let expectedShortfallFactor: Double

        /// Precomputes the factors.
        /// - Throws: `AnalyticsError.invalidInput` unless `0 < confidence < 1` and `horizonDays > 0`.
        public init(confidence: Double, horizonDays: Double = 1) throws {
            try RiskMeasure.validate(confidence: confidence, horizonDays: horizonDays, context: "ParametricVaR.Level")
            let z = NormalDistribution.quantile(confidence), root = horizonDays.squareRoot()
            self.confidence = confidence
            self.horizonDays = horizonDays
            valueAtRiskFactor = z * root
            expectedShortfallFactor = root * NormalDistribution.pdf(z) / (1 - confidence)
        }

        /// VaR and ES of a P&L with variance `portfolioVariance` (negative rounding residue is read as 0).
        public func measure(portfolioVariance: Double) -> RiskMeasure {
            let sigma = max(portfolioVariance, 0).squareRoot()
            return RiskMeasure(
                confidence: confidence, horizonDays: horizonDays, valueAtRisk: valueAtRiskFactor * sigma,
                expectedShortfall: expectedShortfallFactor * sigma)
        }
    }

    /// VaR and ES from the portfolio variance `wᵀ Σ w` (1-day).
    /// - Throws: `AnalyticsError.invalidInput` for a negative variance, a confidence outside (0, 1) or a
    ///   non-positive horizon.
    public static func measure(portfolioVariance: Double, confidence: Double, horizonDays: Double = 1) throws -> RiskMeasure {
        guard portfolioVariance >= -1e-12 * max(1, abs(portfolioVariance)), portfolioVariance.isFinite else {
            throw AnalyticsError(
                .invalidInput, context: "ParametricVaR.measure", "portfolio variance \(portfolioVariance) is negative")
        }
        return try Level(confidence: confidence, horizonDays: horizonDays).measure(portfolioVariance: portfolioVariance)
    }

    /// VaR and ES of exposures `w` under covariance `Σ` (lower triangle read), O(n²).
    /// - Throws: `AnalyticsError.invalidInput` for mismatched sizes, non-finite exposures, bad levels.
    public static func measure(
        exposures: [Double], covariance: Matrix, confidence: Double, horizonDays: Double = 1
    ) throws -> RiskMeasure {
        try RiskMeasure.validate(covariance: covariance, exposures: exposures, context: "ParametricVaR.measure")
        let variance = Matrix.dot(exposures, covariance.symmetricMultiplied(by: exposures))
        return try measure(portfolioVariance: variance, confidence: confidence, horizonDays: horizonDays)
    }

    /// Marginal, component and incremental VaR per holding (O(n²) for `Σw`, then O(n)).
    /// - Throws: as `measure(exposures:covariance:confidence:horizonDays:)`.
    public static func decomposition(
        exposures: [Double], covariance: Matrix, confidence: Double, horizonDays: Double = 1
    ) throws -> VaRDecomposition {
        try RiskMeasure.validate(covariance: covariance, exposures: exposures, context: "ParametricVaR.decomposition")
        try RiskMeasure.validate(confidence: confidence, horizonDays: horizonDays, context: "ParametricVaR.decomposition")
        let sigmaW = covariance.symmetricMultiplied(by: exposures)
        return VaRDecomposition(
            exposures: exposures, sigmaW: sigmaW, variance: Matrix.dot(exposures, sigmaW),
            covarianceDiagonal: covariance.diagonalElements, confidence: confidence, horizonDays: horizonDays)
    }
}
