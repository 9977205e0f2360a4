import Backtest
import TickFlowTestSupport
import Testing

@Suite struct PerformanceMetricsTests {
    static let equity: [Double] = [1_000_000, 1_012_500, 1_003_100, 989_750.25, 1_001_000, 1_020_300.5, 1_015_000, 1_030_000]

    /// Sharpe (mean / sample σ × √periods) and the maximum drawdown against numpy, within 1e-12 relative.
    @Test func matchNumpy() throws {
        struct Input: Encodable { var equity: [Double], periods: Double }
        struct Reference: Decodable { var sharpe: Double, drawdown: Double }
        let periods = 252.0 * 390
        let reference: Reference = try PythonReference.run(
            """
            e = np.array(data["equity"]); r = e[1:] / e[:-1] - 1
            dd = 1 - e / np.maximum.accumulate(e)
            print(json.dumps({"sharpe": float(r.mean() / r.std(ddof=1) * np.sqrt(data["periods"])), "drawdown": float(dd.max())}))
            """, input: Input(equity: Self.equity, periods: periods))
        let sharpe = PerformanceMetrics.sharpe(returns: PerformanceMetrics.returns(Self.equity), periodsPerYear: periods)
        let drawdown = PerformanceMetrics.maxDrawdown(Self.equity)
        #expect(abs(sharpe - reference.sharpe) <= 1e-12 * abs(reference.sharpe))
        #expect(abs(drawdown - reference.drawdown) <= 1e-12)
    }

    /// Closed forms: the drawdown of 100 → 110 → 99 → 121 is 1 − 99/110; a constant curve has Sharpe 0.
    @Test func closedForms() {
        #expect(abs(PerformanceMetrics.maxDrawdown([100, 110, 99, 121]) - (1 - 99.0 / 110)) < 1e-15)
        #expect(PerformanceMetrics.sharpe(returns: PerformanceMetrics.returns([5, 5, 5]), periodsPerYear: 252) == 0)
        #expect(PerformanceMetrics.returns([100]).isEmpty)
    }
}
