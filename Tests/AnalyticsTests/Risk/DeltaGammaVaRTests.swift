import Testing
import TickFlowTestSupport
@testable import Analytics

@Suite struct DeltaGammaVaRTests {
    struct Input: Encodable {
        var deltas: [Double]
        var gamma: [[Double]]
        var covariance: [[Double]]
    }

    struct Cumulants: Decodable {
        var mean: Double
        var variance: Double
        var skewness: Double
        var kurtosis: Double
        var valueAtRisk: Double
        var expectedShortfall: Double
    }

    /// The cumulants against numpy by a different route: diagonalising `Σ^½ Γ Σ^½ = P Λ Pᵀ` makes the P&L a
    /// sum of independent `bⱼ yⱼ + ½ λⱼ yⱼ²` (1e-9 relative).
    @Test func cumulantsMatchTheDiagonalisedForm() throws {
        let n = 15
        let covarianceRows = TestData.covarianceRows(n, seed: 61)
        let deltas = (0..<n).map { 1e5 * Double($0 % 4 - 1) }
        let gammaRows: [[Double]] = (0..<n).map { i in
            (0..<n).map { j -> Double in
                if i == j { return -2e6 * Double(i % 3) }
                return abs(i - j) == 1 ? 1e5 : 0
            }
        }
        let reference = try PythonReference.run(
            """
            S = np.array(data["covariance"]); G = np.array(data["gamma"]); d = np.array(data["deltas"])
            w, v = np.linalg.eigh(S); R = v @ np.diag(np.sqrt(w)) @ v.T
            lam, P = np.linalg.eigh(R @ G @ R); b = P.T @ R @ d
            k1 = 0.5 * lam.sum(); k2 = (b ** 2 + 0.5 * lam ** 2).sum()
            k3 = (3 * b ** 2 * lam + lam ** 3).sum(); k4 = (12 * b ** 2 * lam ** 2 + 3 * lam ** 4).sum()
            from scipy import stats, integrate
            S3 = k3 / k2 ** 1.5; K4 = k4 / k2 ** 2
            def loss(u):
                z = stats.norm.ppf(u)
                w = z + (z * z - 1) * S3 / 6 + (z ** 3 - 3 * z) * K4 / 24 - (2 * z ** 3 - 5 * z) * S3 ** 2 / 36
                return -(k1 + np.sqrt(k2) * w)
            es = integrate.quad(loss, 0, 0.01, limit=200, epsabs=0, epsrel=1e-12)[0] / 0.01
            print(json.dumps({"mean": k1, "variance": k2, "skewness": S3, "kurtosis": K4,
                              "valueAtRisk": loss(0.01), "expectedShortfall": es}))
            """, input: Input(deltas: deltas, gamma: gammaRows, covariance: covarianceRows), as: Cumulants.self)
        let model = try DeltaGammaVaR(
            deltas: deltas, gamma: try Matrix(rowArrays: gammaRows), covariance: try Matrix(rowArrays: covarianceRows))
        #expect(close(model.mean, reference.mean, relative: 1e-9))
        #expect(close(model.variance, reference.variance, relative: 1e-9))
        #expect(close(model.skewness, reference.skewness, absolute: 1e-12, relative: 1e-9))
        #expect(close(model.excessKurtosis, reference.kurtosis, absolute: 1e-12, relative: 1e-9))
        // VaR and ES against the Cornish–Fisher quantile integrated by scipy.integrate.quad (1e-9 relative).
        let measure = try model.measure(confidence: 0.99)
        #expect(close(measure.valueAtRisk, reference.valueAtRisk, relative: 1e-9))
        #expect(close(measure.expectedShortfall, reference.expectedShortfall, relative: 1e-9))
        // Short gamma skews the P&L left: the Cornish–Fisher VaR exceeds the delta-normal one of equal variance.
        let cornishFisher = try model.measure(confidence: 0.99).valueAtRisk
        let normal = try ParametricVaR.measure(portfolioVariance: model.variance, confidence: 0.99).valueAtRisk
        #expect(cornishFisher > normal - model.mean)
    }

    /// Without gamma the Cornish–Fisher VaR and ES are the delta-normal closed forms (1e-12).
    @Test func zeroGammaReducesToDeltaNormal() throws {
        let covariance = try Matrix(rowArrays: TestData.covarianceRows(10, seed: 62))
        let deltas = (0..<10).map { 1e6 * Double($0 + 1) }
        let model = try DeltaGammaVaR(deltas: deltas, gamma: Matrix(rows: 10, columns: 10), covariance: covariance)
        for confidence in RiskMeasure.standardConfidences {
            let ours = try model.measure(confidence: confidence, horizonDays: 10)
            let closed = try ParametricVaR.measure(exposures: deltas, covariance: covariance, confidence: confidence, horizonDays: 10)
            #expect(close(ours.valueAtRisk, closed.valueAtRisk, relative: 1e-12))
            #expect(close(ours.expectedShortfall, closed.expectedShortfall, relative: 1e-12))
        }
    }
}
