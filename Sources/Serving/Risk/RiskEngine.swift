import Analytics
import Foundation
import Model

/// The on-demand risk computations of the `/risk` endpoints, from positions and their return history, with the
/// math of the Analytics module.
enum RiskEngine {
    /// How a VaR request is computed.
    struct Options: Sendable {
        var method: RiskMethod = .parametric
        var confidence = 0.99
        var horizonDays = 1.0
        /// EWMA decay of the covariance (RiskMetrics' 0.94).
        var lambda = 0.94
        var monteCarlo = MonteCarloVaR.Configuration()
    }

    /// A VaR answer: the measure by the method asked, and the per-holding split.
    struct Answer: Sendable {
        var measure: RiskMeasure
        /// Marginal, component and incremental VaR per holding, by the delta-normal decomposition whatever the
        /// method (the components add up to the parametric VaR).
        var decomposition: VaRDecomposition
        /// Whether the covariance needed a nearest-PSD repair before the Monte Carlo Cholesky.
        var repairedCovariance = false
    }

    /// VaR and ES of `positions` (in the history's instrument order).
    ///
    /// - Parametric: delta-normal on the EWMA covariance of the returns.
    /// - Historical: the portfolio P&L of each past return vector applied to today's exposures,
    ///   `Σᵢ eᵢ (exp(rᵢ) − 1)`, numpy's quantile convention.
    /// - Monte Carlo: correlated normal or Student-t shocks (Cholesky of the same covariance), seeded.
    ///
    /// - Throws: ``ServingError`` `validation` for levels the math refuses (the field named).
    static func valueAtRisk(_ positions: [RiskPosition], history: ReturnHistory, options: Options) throws(ServingError) -> Answer {
        let exposures = positions.map(\.exposure)
        let covariance = try history.covariance(lambda: options.lambda)
        return try analytics("confidence") {
            let decomposition = try ParametricVaR.decomposition(
                exposures: exposures, covariance: covariance, confidence: options.confidence, horizonDays: options.horizonDays)
            switch options.method {
            case .historical:
                let pnl = history.returns.map { vector in zip(exposures, vector).reduce(0) { $0 + $1.0 * Foundation.expm1($1.1) } }
                let measure = try HistoricalVaR.measure(pnl: pnl, confidence: options.confidence, horizonDays: options.horizonDays)
                return Answer(measure: measure, decomposition: decomposition)
            case .monteCarlo:
                let result = try MonteCarloVaR(configuration: options.monteCarlo).simulate(exposures: exposures, covariance: covariance)
                let measure = try result.measure(confidence: options.confidence, horizonDays: options.horizonDays)
                return Answer(measure: measure, decomposition: decomposition, repairedCovariance: result.repairedCovariance)
            default:  // parametric (the request refuses the stages-only methods)
                let measure = try ParametricVaR.measure(
                    exposures: exposures, covariance: covariance, confidence: options.confidence, horizonDays: options.horizonDays)
                return Answer(measure: measure, decomposition: decomposition)
            }
        }
    }

    /// The correlation matrix `D⁻¹ Σ D⁻¹` of the returns and the (per-period) volatilities `√Σᵢᵢ`; an instrument
    /// with zero variance correlates 0 with the others (1 with itself).
    static func correlation(_ history: ReturnHistory, lambda: Double) throws(ServingError) -> (matrix: [[Double]], volatilities: [Double]) {
        let covariance = try history.covariance(lambda: lambda)
        let volatilities = covariance.diagonalElements.map { max($0, 0).squareRoot() }
        let n = volatilities.count
        let matrix = (0..<n).map { i in
            (0..<n).map { j in
                i == j ? 1 : (volatilities[i] > 0 && volatilities[j] > 0 ? covariance[i, j] / (volatilities[i] * volatilities[j]) : 0)
            }
        }
        return (matrix, volatilities)
    }

    /// The P&L of each scenario on positions worth `values` (base currency).
    static func stress(_ instruments: [Instrument], values: [Double], scenarios: [StressScenario], baseCurrency: String) -> [StressResult] {
        let holdings = zip(instruments, values).map { StressHolding(instrument: $0, marketValue: $1) }
        return scenarios.map { StressTest.run($0, holdings: holdings, baseCurrency: baseCurrency) }
    }

    /// Runs Analytics code, turning its errors into a validation error on `field`.
    static func analytics<T>(_ field: String, _ body: () throws -> T) throws(ServingError) -> T {
        do { return try body() } catch let error as ServingError { throw error } catch {
            throw ServingError(.validation, field: field, "\(error)")
        }
    }
}
