import Testing
import TickFlowTestSupport
@testable import Analytics

@Suite struct SpecialFunctionsTests {
    struct Input: Encodable {
        var points: [[Double]]
        var probabilities: [Double]
    }

    struct Reference: Decodable {
        var gammaP: [Double]
        var gammaQ: [Double]
        var erfc: [Double]
        var normalQuantile: [Double]
        var chi2Survival: [Double]
    }

    /// Regularized incomplete gamma, erfc, the normal quantile and chi-square tails against scipy.special /
    /// scipy.stats (1e-13 relative; 1e-12 for tails below 1e-100).
    @Test func matchScipy() throws {
        let points: [[Double]] = [[0.5, 0.01], [0.5, 2], [0.5, 30], [1, 1], [2.5, 0.3], [5, 12], [10, 3], [50, 60], [0.5, 400]]
        let probabilities = [1e-10, 0.001, 0.01, 0.025, 0.05, 0.3, 0.5, 0.8, 0.95, 0.975, 0.99, 0.999999]
        let reference = try PythonReference.run(
            """
            from scipy import special, stats
            pts = data["points"]; ps = data["probabilities"]
            print(json.dumps({"gammaP": [special.gammainc(a, x) for a, x in pts], "gammaQ": [special.gammaincc(a, x) for a, x in pts],
                              "erfc": [special.erfc(x) for _, x in pts] + [special.erfc(-x) for _, x in pts],
                              "normalQuantile": [stats.norm.ppf(p) for p in ps],
                              "chi2Survival": [stats.chi2.sf(x, 2 * a) for a, x in pts]}))
            """, input: Input(points: points, probabilities: probabilities), as: Reference.self)
        for (k, point) in points.enumerated() {
            let (a, x) = (point[0], point[1])
            #expect(close(SpecialFunctions.regularizedGammaP(a, x), reference.gammaP[k], absolute: 1e-300, relative: 1e-13), "P\(point)")
            #expect(close(SpecialFunctions.regularizedGammaQ(a, x), reference.gammaQ[k], absolute: 1e-300, relative: 1e-12), "Q\(point)")
            #expect(close(SpecialFunctions.erfc(x), reference.erfc[k], absolute: 1e-300, relative: 1e-12), "erfc \(x)")
            #expect(close(SpecialFunctions.erfc(-x), reference.erfc[k + points.count], relative: 1e-13), "erfc \(-x)")
            let survival = ChiSquaredDistribution.survival(x, degreesOfFreedom: 2 * a)
            #expect(close(survival, reference.chi2Survival[k], absolute: 1e-300, relative: 1e-12), "chi2 \(point)")
        }
        for (p, expected) in zip(probabilities, reference.normalQuantile) {
            #expect(close(NormalDistribution.quantile(p), expected, relative: 1e-13), "Φ⁻¹(\(p))")
        }
    }

    @Test func empiricalQuantileFollowsNumpyLinear() {
        let sorted = [1.0, 2, 4, 8]
        #expect(EmpiricalQuantile.ofSorted(sorted, 0) == 1)
        #expect(EmpiricalQuantile.ofSorted(sorted, 1) == 8)
        #expect(EmpiricalQuantile.ofSorted(sorted, 0.5) == 3)  // h = 1.5
        #expect(close(EmpiricalQuantile.ofSorted(sorted, 0.9), 6.8, relative: 1e-14))  // h = 2.7: 4 + 0.7·4
    }
}
