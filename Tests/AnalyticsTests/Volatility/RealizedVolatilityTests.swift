import Testing
import TickFlowTestSupport
@testable import Analytics

@Suite struct RealizedVolatilityTests {
    struct Input: Encodable {
        var returns: [Double]
        var window: Int
    }

    /// The running window equals numpy's sum of squares over the last `window` returns at every step (1e-12).
    @Test func matchesNumpyRollingSumOfSquares() throws {
        let returns = TestData.normals(700, seed: 5).map { 0.01 * $0 }
        let reference = try PythonReference.run(
            """
            r = np.array(data["returns"]); w = data["window"]
            print(json.dumps([float(np.sum(r[max(0, t - w + 1):t + 1] ** 2)) for t in range(len(r))]))
            """, input: Input(returns: returns, window: 63), as: [Double].self)
        var realized = try RealizedVolatility(window: 63)
        for (t, (r, expected)) in zip(returns, reference).enumerated() {
            try realized.update(r)
            let gap = abs(realized.realizedVariance - expected)
            #expect(gap <= 1e-12 * expected, "t=\(t)")
        }
        let perReturn = (reference.last! / 63).squareRoot()
        #expect(close(realized.volatility ?? 0, perReturn, relative: 1e-12))
        #expect(close(realized.annualizedVolatility() ?? 0, perReturn * 252.0.squareRoot(), relative: 1e-12))
    }

    @Test func logReturnsOfPricesAndInvalidPrices() throws {
        let returns = try LogReturns.of([100, 110, 99])
        #expect(close(returns[0], 0.09531017980432493, relative: 1e-15))
        #expect(close(returns[1], -0.10536051565782628, relative: 1e-15))
        do {
            _ = try LogReturns.of([100, -1, 3])
            Issue.record("a negative price was accepted")
        } catch let error as AnalyticsError {
            #expect(error.context == "LogReturns.of[1]")
        }
        #expect(throws: AnalyticsError.self) { try RealizedVolatility(window: 0) }
    }
}
