import Backtest
import Foundation
import Model
import TickFlowTestSupport
import Testing

@Suite struct ZScoreMeanReversionTests {
    /// Window 3, entry 1, exit 0.5 on closes 10,10,13,13,12,12,12,9,9,10,11. z of the last close against the
    /// window (sample σ): bar 2 [10,10,13] z = +1.155 → short; bar 4 [13,13,12] z = −1.155 → flat; bar 7
    /// [12,12,9] z = −1.155 → long; bar 8 [12,9,9] z = −0.577 holds (below −exit); bar 9 [9,9,10] z = +1.155 →
    /// flat. Fills at the next bars' opens: sell 13, buy 12, buy 9, sell 11 — cash +300.
    @Test func revertsOnTheZScore() async throws {
        let (store, cleanUp) = try BacktestFixtures.warehouse()
        defer { cleanUp() }
        let closes: [Double] = [10, 10, 13, 13, 12, 12, 12, 9, 9, 10, 11]
        try BacktestFixtures.write(store, trades: BacktestFixtures.minuteTrades("MSFT", closes))
        let result = try await BacktestFixtures.run(
            store, minutes: closes.count, strategy: "zscore", ["window=3", "entry=1", "exit=0.5", "quantity=100", "instrument=MSFT"])
        let fills = BacktestFixtures.describe(result.fills)
        #expect(fills == ["sell 100 @ 13.0 bar +180s", "buy 100 @ 12.0 bar +300s", "buy 100 @ 9.0 bar +480s", "sell 100 @ 11.0 bar +600s"])
        let expected: Decimal = 1_000_300
        #expect(result.finalEquity == expected)
    }

    /// The z-scores against numpy (ddof=1), within 1e-12.
    @Test func zScoreMatchesNumpy() throws {
        let windows: [[Double]] = [[10, 10, 13], [13, 13, 12], [12, 9, 9], [101.5, 99.25, 100.75, 98.5, 102.125]]
        let reference: [Double] = try PythonReference.run(
            "print(json.dumps([float((w[-1] - np.mean(w)) / np.std(w, ddof=1)) for w in data]))", input: windows)
        for (window, expected) in zip(windows, reference) {
            let z = try #require(ZScoreMeanReversion.zScore(window))
            #expect(abs(z - expected) <= 1e-12)
        }
        #expect(ZScoreMeanReversion.zScore([5, 5, 5]) == nil)
    }
}
