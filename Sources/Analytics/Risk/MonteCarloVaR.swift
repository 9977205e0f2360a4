import Model

/// Monte Carlo VaR and ES: scenarios of 1-day returns `r = L z` (`Σ = L Lᵀ` by Cholesky, repaired to the
/// nearest PSD matrix when it fails), with `z` standard normal or multivariate Student-t scaled to unit
/// variance, valued with the exposures (and optional per-holding gammas, the delta-gamma P&L
/// `δᵀr + ½ Σᵢ Γᵢ rᵢ²`). Scenarios are drawn in blocks, `R = Z Lᵀ` by one dgemm per block.
///
/// The same seed gives the same scenarios; VaR and ES follow `HistoricalVaR`'s quantile convention over the
/// simulated P&L and scale to longer horizons by `√h`.
public struct MonteCarloVaR: Sendable {
    /// The distribution of the shocks.
    public enum Shocks: Sendable, Equatable {
        /// Multivariate normal.
        case normal
        /// Multivariate Student-t with `degreesOfFreedom > 2`, scaled so the covariance stays `Σ`.
        case studentT(degreesOfFreedom: Double)
    }

    /// Settings.
    public struct Configuration: Sendable, Equatable {
        /// Number of scenarios; 10,000 by default.
        public var scenarios: Int
        /// Seed of the `SeededGenerator`; 42 by default.
        public var seed: UInt64
        /// Shock distribution; normal by default.
        public var shocks: Shocks

        /// Creates settings (defaults: 10,000 normal scenarios, seed 42).
        public init(scenarios: Int = 10_000, seed: UInt64 = 42, shocks: Shocks = .normal) {
            self.scenarios = scenarios
            self.seed = seed
            self.shocks = shocks
        }
    }

    /// Simulated 1-day losses (−P&L), ascending, and whether the covariance needed a PSD repair.
    public struct Result: Sendable, Equatable {
        /// The losses, ascending.
        public var sortedLosses: [Double]
        /// Whether `Σ` was not positive definite and was repaired before factorisation.
        public var repairedCovariance: Bool

        /// VaR and ES at `confidence` over `horizonDays` (√h scaling).
        /// - Throws: `AnalyticsError.invalidInput` for bad levels.
        public func measure(confidence: Double, horizonDays: Double = 1) throws -> RiskMeasure {
            try RiskMeasure.validate(confidence: confidence, horizonDays: horizonDays, context: "MonteCarloVaR.measure")
            return HistoricalVaR.measure(sortedLosses: sortedLosses, confidence: confidence, horizonDays: horizonDays)
        }
    }

    /// The settings.
    public var configuration: Configuration

    /// An engine with the given settings.
    public init(configuration: Configuration = Configuration()) {
        self.configuration = configuration
    }

    private static let blockSize = 1_024

    /// Simulates the portfolio.
    /// - Parameters:
    ///   - exposures: value sensitivity δᵢ to each instrument's return (base currency).
    ///   - gammas: optional second-order sensitivity Γᵢ per holding (base currency per unit return²).
    ///   - covariance: 1-day covariance of returns (lower triangle read).
    /// - Throws: `AnalyticsError.invalidInput` for mismatched sizes, fewer than 2 scenarios or ν ≤ 2;
    ///   `.notPositiveDefinite` when `Σ` cannot be repaired.
    public func simulate(exposures: [Double], gammas: [Double]? = nil, covariance: Matrix) throws -> Result {
        try RiskMeasure.validate(covariance: covariance, exposures: exposures, context: "MonteCarloVaR.simulate")
        if let gammas, gammas.count != exposures.count || !gammas.allSatisfy(\.isFinite) {
            throw AnalyticsError(.invalidInput, context: "MonteCarloVaR.simulate", "gammas must be finite, one per exposure")
        }
        guard configuration.scenarios >= 2 else {
            throw AnalyticsError(.invalidInput, context: "MonteCarloVaR.simulate", "need at least 2 scenarios")
        }
        if case .studentT(let nu) = configuration.shocks, !(nu > 2) {
            throw AnalyticsError(.invalidInput, context: "MonteCarloVaR.simulate", "Student-t needs ν > 2, got \(nu)")
        }
        let (factor, repaired) = try NearestPSD.choleskyRepairing(covariance)
        let n = exposures.count
        // A linear book's P&L is wᵀ L z = (Lᵀw)ᵀ z: one matrix-vector product per block instead of forming every
        // scenario's returns Z Lᵀ (a matrix product) first. Same draws, same P&L; the returns are only needed for
        // the gamma terms.
        let loadings = gammas == nil ? factor.multiplied(by: exposures, transposeSelf: true) : nil
        var generator = SeededGenerator(seed: configuration.seed)
        var losses = [Double](); losses.reserveCapacity(configuration.scenarios)
        var start = 0
        while start < configuration.scenarios {
            let rows = min(Self.blockSize, configuration.scenarios - start)
            var z = Matrix(rows: rows, columns: n)
            z.elements.withUnsafeMutableBufferPointer { generator.fillNormals($0) }
            if case .studentT(let nu) = configuration.shocks { scaleToStudentT(&z, nu: nu, generator: &generator) }
            var pnl: [Double]
            if let loadings {
                pnl = z.multiplied(by: loadings)
            } else {
                let returns = z.multiplied(by: factor, transposeOther: true)
                pnl = returns.multiplied(by: exposures)
                if let gammas { addGammaTerms(returns, gammas, to: &pnl) }
            }
            losses.append(contentsOf: pnl.lazy.map { -$0 })
            start += rows
        }
        losses.sort()
        return Result(sortedLosses: losses, repairedCovariance: repaired)
    }

    /// Multiplies each scenario row by `√((ν − 2) / W)`, `W ~ χ²_ν`: a multivariate t with covariance `Σ`.
    private func scaleToStudentT(_ z: inout Matrix, nu: Double, generator: inout SeededGenerator) {
        let scales = (0..<z.rows).map { _ in ((nu - 2) / generator.nextChiSquared(degreesOfFreedom: nu)).squareRoot() }
        let rows = z.rows
        z.elements.withUnsafeMutableBufferPointer { buffer in
            for j in 0..<z.columns {
                for i in 0..<rows { buffer[i + j * rows] *= scales[i] }
            }
        }
    }

    private func addGammaTerms(_ returns: Matrix, _ gammas: [Double], to pnl: inout [Double]) {
        let rows = returns.rows
        returns.elements.withUnsafeBufferPointer { r in
            for (j, gamma) in gammas.enumerated() where gamma != 0 {
                for i in 0..<rows {
                    let x = r[i + j * rows]
                    pnl[i] += 0.5 * gamma * x * x
                }
            }
        }
    }
}
