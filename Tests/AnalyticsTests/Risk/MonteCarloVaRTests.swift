import Testing
import TickFlowTestSupport
@testable import Analytics

@Suite struct MonteCarloVaRTests {
    struct Input: Encodable {
        var sigma: Double
        var nu: Double?
    }

    struct Reference: Decodable {
        var confidence: Double
        var valueAtRisk: Double
        var expectedShortfall: Double
        var valueAtRiskStandardError: Double
        var expectedShortfallStandardError: Double
    }

    /// Analytic VaR/ES of a P&L `σ·X` (X standard normal, or Student-t scaled to unit variance) and the
    /// asymptotic standard errors of their estimates from N = 10,000 scenarios:
    /// `SE(VaR) = √(α(1−α)/N) / f(VaR)`, `SE(ES) = √((Var(L | L > VaR) + α(ES − VaR)²) / (N(1−α)))`.
    static func reference(sigma: Double, nu: Double?) throws -> [Reference] {
        try PythonReference.run(
            """
            from scipy import stats, integrate
            s = data["sigma"]; nu = data.get("nu"); N = 10000
            d = stats.norm(scale=s) if nu is None else stats.t(nu, scale=s * np.sqrt((nu - 2) / nu))
            out = []
            for a in (0.95, 0.975, 0.99):
                v = d.ppf(a)
                es = d.expect(lambda x: x, lb=v, conditional=True)
                second = d.expect(lambda x: x * x, lb=v, conditional=True)
                out.append({"confidence": a, "valueAtRisk": v, "expectedShortfall": es,
                            "valueAtRiskStandardError": np.sqrt(a * (1 - a) / N) / d.pdf(v),
                            "expectedShortfallStandardError": np.sqrt((second - es ** 2 + a * (es - v) ** 2) / (N * (1 - a)))})
            print(json.dumps(out))
            """, input: Input(sigma: sigma, nu: nu), as: [Reference].self)
    }

    static let n = 40

    static func portfolio() throws -> (exposures: [Double], covariance: Matrix, sigma: Double) {
        let covariance = try Matrix(rowArrays: TestData.covarianceRows(n, seed: 51))
        let exposures: [Double] = (0..<n).map { i -> Double in
            let size = 250_000 * (1 + Double(i % 4))
            return i % 5 == 0 ? -size : size
        }
        let variance = Matrix.dot(exposures, covariance.symmetricMultiplied(by: exposures))
        return (exposures, covariance, variance.squareRoot())
    }

    /// Normal shocks: VaR and ES within three standard errors of the closed form, for three seeds.
    @Test func normalScenariosAgreeWithTheAnalyticValue() throws {
        let (exposures, covariance, sigma) = try Self.portfolio()
        let references = try Self.reference(sigma: sigma, nu: nil)
        for seed: UInt64 in [1, 2, 3] {
            let result = try MonteCarloVaR(configuration: .init(seed: seed)).simulate(exposures: exposures, covariance: covariance)
            #expect(result.sortedLosses.count == 10_000)
            #expect(!result.repairedCovariance)
            for reference in references {
                let ours = try result.measure(confidence: reference.confidence)
                let varGap = abs(ours.valueAtRisk - reference.valueAtRisk)
                let esGap = abs(ours.expectedShortfall - reference.expectedShortfall)
                #expect(varGap < 3 * reference.valueAtRiskStandardError, "seed \(seed) \(reference.confidence): \(ours.valueAtRisk)")
                #expect(esGap < 3 * reference.expectedShortfallStandardError, "seed \(seed) \(reference.confidence): \(ours.expectedShortfall)")
            }
        }
    }

    /// Student-t (ν = 5) shocks scaled to the same covariance: within three standard errors of the scaled t
    /// quantile, and above the normal 99 % VaR (fatter tail at equal variance).
    @Test func studentTScenariosAgreeWithTheScaledTDistribution() throws {
        let (exposures, covariance, sigma) = try Self.portfolio()
        let references = try Self.reference(sigma: sigma, nu: 5)
        let engine = MonteCarloVaR(configuration: .init(seed: 9, shocks: .studentT(degreesOfFreedom: 5)))
        let result = try engine.simulate(exposures: exposures, covariance: covariance)
        for reference in references {
            let ours = try result.measure(confidence: reference.confidence)
            let varGap = abs(ours.valueAtRisk - reference.valueAtRisk)
            #expect(varGap < 3 * reference.valueAtRiskStandardError, "\(reference.confidence): \(ours.valueAtRisk) vs \(reference.valueAtRisk)")
        }
        let normal = try ParametricVaR.measure(portfolioVariance: sigma * sigma, confidence: 0.99)
        #expect(try result.measure(confidence: 0.99).valueAtRisk > normal.valueAtRisk)
    }

    @Test func theSameSeedGivesTheSameScenarios() throws {
        let (exposures, covariance, _) = try Self.portfolio()
        let engine = MonteCarloVaR(configuration: .init(scenarios: 3_000, seed: 77))
        let first = try engine.simulate(exposures: exposures, covariance: covariance)
        let second = try engine.simulate(exposures: exposures, covariance: covariance)
        let other = try MonteCarloVaR(configuration: .init(scenarios: 3_000, seed: 78)).simulate(exposures: exposures, covariance: covariance)
        #expect(first == second)
        #expect(first != other)
    }

    /// With gammas, the simulated delta-gamma P&L agrees with the Cornish–Fisher VaR (5 % relative: the
    /// expansion is an approximation) and a long-gamma book loses less than its delta-only twin.
    @Test func gammaTermsEnterTheScenarioPnL() throws {
        let (exposures, covariance, _) = try Self.portfolio()
        let gammas = exposures.map { 8 * abs($0) }
        let engine = MonteCarloVaR(configuration: .init(scenarios: 20_000, seed: 5))
        let withGamma = try engine.simulate(exposures: exposures, gammas: gammas, covariance: covariance)
        let deltaOnly = try engine.simulate(exposures: exposures, covariance: covariance)
        let gammaVaR = try withGamma.measure(confidence: 0.99).valueAtRisk
        #expect(gammaVaR < (try deltaOnly.measure(confidence: 0.99).valueAtRisk))
        let cornishFisher = try DeltaGammaVaR(deltas: exposures, gamma: .diagonal(gammas), covariance: covariance)
        #expect(close(gammaVaR, try cornishFisher.measure(confidence: 0.99).valueAtRisk, relative: 0.05))
    }

    @Test func anIndefiniteCovarianceIsRepairedAndBadSettingsRejected() throws {
        let broken = try Matrix(rowArrays: [[0.0004, 0.0005, 0], [0.0005, 0.0004, 0], [0, 0, 0.0001]])
        let result = try MonteCarloVaR(configuration: .init(scenarios: 500)).simulate(exposures: [1, 1, 1], covariance: broken)
        #expect(result.repairedCovariance)
        let ok = try Matrix(rowArrays: [[0.0004]])
        #expect(throws: AnalyticsError.self) {
            try MonteCarloVaR(configuration: .init(shocks: .studentT(degreesOfFreedom: 2))).simulate(exposures: [1], covariance: ok)
        }
        #expect(throws: AnalyticsError.self) {
            try MonteCarloVaR(configuration: .init(scenarios: 1)).simulate(exposures: [1], covariance: ok)
        }
        #expect(throws: AnalyticsError.self) {
            try MonteCarloVaR().simulate(exposures: [1], gammas: [1, 2], covariance: ok)
        }
    }
}
