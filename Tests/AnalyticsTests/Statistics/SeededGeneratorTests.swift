import Model
import Testing
import TickFlowTestSupport
@testable import Analytics

@Suite struct SeededGeneratorTests {
    struct Input: Encodable {
        var normals: [Double]
        var chiSquared: [Double]
    }

    struct Reference: Decodable {
        var normalPValue: Double
        var chiSquaredPValue: Double
        var tailFraction: Double
        var expectedTailFraction: Double
    }

    /// 200,000 ziggurat normals and 50,000 χ²(5) draws pass scipy's Kolmogorov–Smirnov test (p > 0.001, fixed
    /// seed), and the share beyond the ziggurat's tail start R = 3.4426 is within 4 binomial standard errors.
    @Test func variatesFollowTheirDistributions() throws {
        var generator = SeededGenerator(seed: 2_026)
        var normals = [Double](repeating: 0, count: 200_000)
        normals.withUnsafeMutableBufferPointer { generator.fillNormals($0) }
        let chiSquared = (0..<50_000).map { _ in generator.nextChiSquared(degreesOfFreedom: 5) }
        let reference = try PythonReference.run(
            """
            from scipy import stats
            z = np.array(data["normals"]); c = np.array(data["chiSquared"]); R = 3.442619855899
            print(json.dumps({"normalPValue": stats.kstest(z, "norm").pvalue, "chiSquaredPValue": stats.kstest(c, stats.chi2(5).cdf).pvalue,
                              "tailFraction": float(np.mean(np.abs(z) > R)), "expectedTailFraction": 2 * stats.norm.sf(R)}))
            """, input: Input(normals: normals, chiSquared: chiSquared), as: Reference.self)
        #expect(reference.normalPValue > 0.001)
        #expect(reference.chiSquaredPValue > 0.001)
        let p = reference.expectedTailFraction
        let standardError = (p * (1 - p) / 200_000).squareRoot()
        #expect(abs(reference.tailFraction - p) < 4 * standardError)
    }

    @Test func theSameSeedGivesTheSameStream() {
        var a = SeededGenerator(seed: 9), b = SeededGenerator(seed: 9), c = SeededGenerator(seed: 10)
        let first = (0..<100).map { _ in a.next() }
        #expect(first == (0..<100).map { _ in b.next() })
        #expect(first != (0..<100).map { _ in c.next() })
    }
}
