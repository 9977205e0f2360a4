import Foundation

/// How a delta-normal VaR splits over holdings.
///
/// - marginal `∂VaR/∂wᵢ = z √h (Σw)ᵢ / σ_p`;
/// - component `wᵢ · marginalᵢ` (they sum to the total VaR, Euler allocation);
/// - incremental: VaR(w) − VaR(w without holding i), exact, from `σ²₋ᵢ = σ² − 2wᵢ(Σw)ᵢ + wᵢ² Σᵢᵢ`.
public struct VaRDecomposition: Sendable, Equatable {
    /// The portfolio VaR.
    public var valueAtRisk: Double
    /// Marginal VaR per unit of exposure, per holding.
    public var marginal: [Double]
    /// Component VaR per holding; sums to `valueAtRisk`.
    public var component: [Double]
    /// Incremental VaR per holding (the VaR removed by selling it).
    public var incremental: [Double]

    /// Builds the decomposition from the maintained `Σw` and `wᵀΣw`, O(n).
    init(
        exposures w: [Double], sigmaW: [Double], variance: Double, covarianceDiagonal: [Double], confidence: Double,
        horizonDays: Double
    ) {
        let scale = NormalDistribution.quantile(confidence) * horizonDays.squareRoot()
        let sigma = max(variance, 0).squareRoot()
        valueAtRisk = scale * sigma
        marginal = sigmaW.map { sigma > 0 ? scale * $0 / sigma : 0 }
        component = zip(w, marginal).map { $0 * $1 }
        incremental = w.indices.map { i in
            let without = variance - 2 * w[i] * sigmaW[i] + w[i] * w[i] * covarianceDiagonal[i]
            return scale * (sigma - max(without, 0).squareRoot())
        }
    }
}
