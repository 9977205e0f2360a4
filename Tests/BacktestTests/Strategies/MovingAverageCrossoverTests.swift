import Backtest
import Foundation
import Model
import Testing

@Suite struct MovingAverageCrossoverTests {
    /// Closes 10,10,10,10,11,12,11,10,9,9,10,12,12 with fast 2 / slow 4: the fast average crosses above the slow one
    /// on bar 4 (10.5 > 10.25), below on bar 7 (10.5 < 11), above again on bar 11 (11 > 10); bar 10 only touches
    /// (9.5 = 9.5). Each order fills at the open of the bar after its signal, never on the signal bar itself.
    @Test func tradesTheCrossesOnTheNextBarsOpen() async throws {
        let (store, cleanUp) = try BacktestFixtures.warehouse()
        defer { cleanUp() }
        let closes: [Double] = [10, 10, 10, 10, 11, 12, 11, 10, 9, 9, 10, 12, 12]
        try BacktestFixtures.write(store, trades: BacktestFixtures.minuteTrades("AAPL", closes))
        let result = try await BacktestFixtures.run(
            store, minutes: closes.count, strategy: "ma-crossover", ["fast=2", "slow=4", "quantity=100"])
        let fills = BacktestFixtures.describe(result.fills)
        #expect(fills == ["buy 100 @ 12.0 bar +300s", "sell 100 @ 9.0 bar +480s", "buy 100 @ 12.0 bar +720s"])
        #expect(result.bars == closes.count)
        // Cash 1,000,000 − 1,200 + 900 − 1,200; 100 units marked at the last close, 12.
        let expectedFinal: Decimal = 999_700
        #expect(result.finalEquity == expectedFinal)
        #expect(result.equity.last?.cash == Decimal(998_500))
        #expect(result.openOrders == 0)
    }

    /// A quote after the signal bar fills the order at its ask; a quote inside the signal bar's window (before the
    /// bar was emitted) does not.
    @Test func fillsOnTheNextQuoteAfterTheSignal() async throws {
        let (store, cleanUp) = try BacktestFixtures.warehouse()
        defer { cleanUp() }
        let t0 = BacktestFixtures.t0, minute = BacktestFixtures.minute, second = BacktestFixtures.second
        let closes: [Double] = [10, 10, 10, 10, 11, 12, 12]
        // Bar 4 (minute 4) is emitted when the trade at 5:30 moves the watermark past 5:00 + 2 s lateness.
        let quotes = [
            BacktestFixtures.quote("AAPL", bid: 10.9, ask: 11.1, at: t0 + 4 * minute + 40 * second, sequence: 1),
            BacktestFixtures.quote("AAPL", bid: 11.4, ask: 11.5, at: t0 + 5 * minute + 40 * second, sequence: 2),
        ]
        try BacktestFixtures.write(store, trades: BacktestFixtures.minuteTrades("AAPL", closes), quotes: quotes)
        let result = try await BacktestFixtures.run(store, minutes: closes.count, strategy: "ma-crossover", ["fast=2", "slow=4"])
        #expect(BacktestFixtures.describe(result.fills) == ["buy 100 @ 11.5 quote +340s"])
    }

    @Test func refusesAFastWindowNotBelowTheSlowOne() throws {
        #expect(throws: BacktestError.self) { try StrategyCatalog.make("ma-crossover", parameters: ["fast=30", "slow=30"]) }
    }
}
