import Foundation
import Model

/// Correlated returns from a factor model: each asset's return is `beta·market + gamma·sector + idiosyncratic`,
/// all scaled by a common stochastic volatility, plus idiosyncratic jumps.
///
/// The correlation the model implies is known in closed form (``impliedCorrelation(_:_:)``), which is what the
/// generated returns are tested against.
public struct FactorModel: Sendable {
    /// One asset's loadings.
    public struct Loading: Sendable, Hashable {
        /// Index of its sector factor.
        public var sector: Int
        /// Market beta.
        public var beta: Double
        /// Sector loading.
        public var gamma: Double
        /// Idiosyncratic volatility (per step, before the volatility multiplier).
        public var idiosyncratic: Double
    }

    /// Per-step volatility of the market factor.
    public var marketVolatility: Double
    /// Per-step volatility of each sector factor.
    public var sectorVolatility: Double
    /// Probability of a jump per asset and step.
    public var jumpProbability: Double
    /// Standard deviation of a jump (log return).
    public var jumpVolatility: Double
    /// Persistence of the log-variance AR(1) (stochastic volatility); 0 disables it together with ``volOfVol``.
    public var volPersistence: Double
    /// Volatility of the log-variance innovations.
    public var volOfVol: Double
    /// The assets' loadings.
    public var loadings: [Loading]
    /// The current log-variance of the common volatility multiplier.
    public private(set) var logVariance = 0.0

    /// Creates a model.
    public init(
        marketVolatility: Double, sectorVolatility: Double, jumpProbability: Double, jumpVolatility: Double,
        volPersistence: Double, volOfVol: Double, loadings: [Loading]
    ) {
        self.marketVolatility = marketVolatility
        self.sectorVolatility = sectorVolatility
        self.jumpProbability = jumpProbability
        self.jumpVolatility = jumpVolatility
        self.volPersistence = volPersistence
        self.volOfVol = volOfVol
        self.loadings = loadings
    }

    /// The current volatility multiplier, `exp(h/2)` (1 on average in log terms).
    public var volatilityMultiplier: Double { exp(logVariance / 2) }

    /// The unconditional variance of an asset's per-step return, before the common multiplier's scale.
    public func variance(_ i: Int) -> Double {
        let a = loadings[i]
        return a.beta * a.beta * marketVolatility * marketVolatility + a.gamma * a.gamma * sectorVolatility * sectorVolatility
            + a.idiosyncratic * a.idiosyncratic + jumpProbability * jumpVolatility * jumpVolatility
    }

    /// The correlation of assets `i` and `j` implied by the model.
    ///
    /// The common volatility multiplier scales covariance and variances alike, so it cancels; jumps are
    /// idiosyncratic and add only to the variances.
    public func impliedCorrelation(_ i: Int, _ j: Int) -> Double {
        if i == j { return 1 }
        let a = loadings[i], b = loadings[j]
        var covariance = a.beta * b.beta * marketVolatility * marketVolatility
        if a.sector == b.sector { covariance += a.gamma * b.gamma * sectorVolatility * sectorVolatility }
        return covariance / (variance(i) * variance(j)).squareRoot()
    }

    /// Draws one step of returns for every asset into `returns`.
    public mutating func step(_ random: inout SeededGenerator, sectors: Int, into returns: inout [Double]) {
        if volOfVol > 0 {
            // Mean-reverting log variance with E[exp(h)] ≈ 1 held by the drift correction.
            let stationary = volOfVol * volOfVol / (1 - volPersistence * volPersistence)
            logVariance = volPersistence * (logVariance + stationary / 2) - stationary / 2 + volOfVol * random.nextNormal()
        }
        let scale = volatilityMultiplier
        let market = marketVolatility * random.nextNormal()
        var sectorDraws = [Double](repeating: 0, count: sectors)
        for k in 0..<sectors { sectorDraws[k] = sectorVolatility * random.nextNormal() }
        if returns.count != loadings.count { returns = [Double](repeating: 0, count: loadings.count) }
        for (i, a) in loadings.enumerated() {
            var r = a.beta * market + a.gamma * sectorDraws[a.sector] + a.idiosyncratic * random.nextNormal()
            if jumpProbability > 0, random.nextUniform() < jumpProbability { r += jumpVolatility * random.nextNormal() }
            returns[i] = scale * r
        }
    }
}
