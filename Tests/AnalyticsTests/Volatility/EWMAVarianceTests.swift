import Testing
import TickFlowTestSupport
@testable import Analytics

@Suite struct EWMAVarianceTests {
    struct Input: Encodable {
        var returns: [Double]
        var lambda: Double
    }

    /// The O(1) update equals numpy's direct recursion `σ² = λσ² + (1−λ)r²` seeded with `r₀²` (1e-13 relative).
    @Test func matchesTheDirectRecursion() throws {
        let returns = TestData.normals(2_000, seed: 3).map { 0.012 * $0 }
        for lambda in [0.94, 0.97] {
            let reference = try PythonReference.run(
                """
                r = np.array(data["returns"]); lam = data["lambda"]
                v = np.empty(len(r)); v[0] = r[0] ** 2
                for t in range(1, len(r)): v[t] = lam * v[t - 1] + (1 - lam) * r[t] ** 2
                print(json.dumps(v.tolist()))
                """, input: Input(returns: returns, lambda: lambda), as: [Double].self)
            var ewma = try EWMAVariance(lambda: lambda)
            var worst = 0.0
            for (r, expected) in zip(returns, reference) {
                try ewma.update(r)
                worst = max(worst, abs((ewma.variance ?? 0) - expected) / expected)
            }
            #expect(worst < 1e-13)
            #expect(ewma.count == 2_000)
        }
    }

    @Test func defaultsToRiskMetricsDecayAndRejectsBadInput() throws {
        var ewma = try EWMAVariance()
        #expect(ewma.lambda == 0.94)
        #expect(ewma.volatility == nil)
        try ewma.update(0.02)
        #expect(throws: AnalyticsError.self) { try ewma.update(.nan) }
        #expect(ewma.count == 1)
        #expect(throws: AnalyticsError.self) { try EWMAVariance(lambda: 1) }
        #expect(throws: AnalyticsError.self) { try EWMAVariance(lambda: 0.9, initialVariance: -1) }
    }
}
