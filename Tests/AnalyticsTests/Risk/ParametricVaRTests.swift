import Testing
import TickFlowTestSupport
@testable import Analytics

@Suite struct ParametricVaRTests {
    struct Input: Encodable {
        var covariance: [[Double]]
        var exposures: [Double]
    }

    struct Level: Decodable {
        var confidence: Double
        var horizon: Double
        var valueAtRisk: Double
        var expectedShortfall: Double
    }

    static let exposures = (0..<25).map { 1_000_000 * (Double($0 % 7) - 2.5) }

    /// Delta-normal VaR/ES at 95/97.5/99 % and 1/10 days against scipy.stats.norm closed forms (1e-12 relative).
    @Test func matchesScipyClosedForms() throws {
        let rows = TestData.covarianceRows(25, seed: 31)
        let levels = try PythonReference.run(
            """
            from scipy.stats import norm
            S = np.array(data["covariance"]); w = np.array(data["exposures"]); s = np.sqrt(w @ S @ w)
            out = []
            for a in (0.95, 0.975, 0.99):
                for h in (1.0, 10.0):
                    z = norm.ppf(a)
                    out.append({"confidence": a, "horizon": h, "valueAtRisk": z * s * np.sqrt(h),
                                "expectedShortfall": s * np.sqrt(h) * norm.pdf(z) / (1 - a)})
            print(json.dumps(out))
            """, input: Input(covariance: rows, exposures: Self.exposures), as: [Level].self)
        let covariance = try Matrix(rowArrays: rows)
        #expect(levels.count == 6)
        for level in levels {
            let ours = try ParametricVaR.measure(
                exposures: Self.exposures, covariance: covariance, confidence: level.confidence, horizonDays: level.horizon)
            #expect(close(ours.valueAtRisk, level.valueAtRisk, relative: 1e-12), "\(level)")
            #expect(close(ours.expectedShortfall, level.expectedShortfall, relative: 1e-12), "\(level)")
        }
    }

    /// Component VaRs sum to the VaR; incremental VaR equals the VaR lost by removing the holding; marginal VaR
    /// equals a central finite difference.
    @Test func decompositionIsConsistent() throws {
        let covariance = try Matrix(rowArrays: TestData.covarianceRows(25, seed: 32))
        let w = Self.exposures
        let total = try ParametricVaR.measure(exposures: w, covariance: covariance, confidence: 0.99).valueAtRisk
        let parts = try ParametricVaR.decomposition(exposures: w, covariance: covariance, confidence: 0.99)
        #expect(close(parts.valueAtRisk, total, relative: 1e-12))
        #expect(close(parts.component.reduce(0, +), total, relative: 1e-10))
        for i in [0, 3, 11, 24] {
            var without = w
            without[i] = 0
            let reduced = try ParametricVaR.measure(exposures: without, covariance: covariance, confidence: 0.99).valueAtRisk
            #expect(close(parts.incremental[i], total - reduced, absolute: 1e-6 * total), "holding \(i)")
            var up = w, down = w
            up[i] += 1_000; down[i] -= 1_000
            let upVaR = try ParametricVaR.measure(exposures: up, covariance: covariance, confidence: 0.99).valueAtRisk
            let downVaR = try ParametricVaR.measure(exposures: down, covariance: covariance, confidence: 0.99).valueAtRisk
            #expect(close(parts.marginal[i], (upVaR - downVaR) / 2_000, absolute: 1e-7))
        }
    }

    @Test func badLevelsAndShapesAreRejected() throws {
        let covariance = try Matrix(rowArrays: [[0.0004, 0], [0, 0.0001]])
        #expect(throws: AnalyticsError.self) { try ParametricVaR.measure(exposures: [1, 2], covariance: covariance, confidence: 1) }
        #expect(throws: AnalyticsError.self) {
            try ParametricVaR.measure(exposures: [1, 2], covariance: covariance, confidence: 0.99, horizonDays: 0)
        }
        #expect(throws: AnalyticsError.self) { try ParametricVaR.measure(exposures: [1], covariance: covariance, confidence: 0.99) }
        #expect(throws: AnalyticsError.self) { try ParametricVaR.measure(exposures: [1, .nan], covariance: covariance, confidence: 0.99) }
    }
}
