import Model
import Testing
import TickFlowTestSupport
@testable import Analytics

@Suite struct HistoricalVaRTests {
    struct Input: Encodable {
        var pnl: [Double]
    }

    struct Level: Decodable {
        var confidence: Double
        var valueAtRisk: Double
        var expectedShortfall: Double
    }

    /// VaR is numpy's `np.quantile(-pnl, α)` (linear) and ES `L[L >= VaR].mean()`, on fat-tailed P&L of 250
    /// and 1,000 days (1e-12 relative).
    @Test func matchesNumpyQuantiles() throws {
        for days in [250, 1_000, 7] {
            var generator = SeededGenerator(seed: UInt64(days))
            let pnl = (0..<days).map { _ in 1e5 * generator.nextNormal() / (generator.nextChiSquared(degreesOfFreedom: 4) / 4).squareRoot() }
            let levels = try PythonReference.run(
                """
                L = -np.array(data["pnl"]); out = []
                for a in (0.95, 0.975, 0.99):
                    v = np.quantile(L, a)
                    out.append({"confidence": a, "valueAtRisk": float(v), "expectedShortfall": float(L[L >= v].mean())})
                print(json.dumps(out))
                """, input: Input(pnl: pnl), as: [Level].self)
            for level in levels {
                let ours = try HistoricalVaR.measure(pnl: pnl, confidence: level.confidence)
                #expect(close(ours.valueAtRisk, level.valueAtRisk, relative: 1e-12), "\(days) days \(level)")
                #expect(close(ours.expectedShortfall, level.expectedShortfall, relative: 1e-12), "\(days) days \(level)")
                let tenDay = try HistoricalVaR.measure(pnl: pnl, confidence: level.confidence, horizonDays: 10)
                #expect(close(tenDay.valueAtRisk, level.valueAtRisk * 10.0.squareRoot(), relative: 1e-12))
            }
        }
    }

    @Test func emptyOrNonFiniteSamplesAreRejected() {
        #expect(throws: AnalyticsError.self) { try HistoricalVaR.measure(pnl: [], confidence: 0.99) }
        #expect(throws: AnalyticsError.self) { try HistoricalVaR.measure(pnl: [1, .nan], confidence: 0.99) }
    }
}
