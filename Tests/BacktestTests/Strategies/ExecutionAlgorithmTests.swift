import Backtest
import Foundation
import Model
import Testing

@Suite struct ExecutionAlgorithmTests {
    /// TWAP, 4 slices of a 4-minute period, 1,000 units. The first event of the instrument is bar 0, as of its
    /// window end (1:00): slices 0 and 1 have both started, so one child of 500 goes; bars 1 and 2 (as of 2:00 and
    /// 3:00) start slices 2 and 3, 250 each. Each child fills at the open of the bar after the one that sent it:
    /// 101, 102, 103 (the trade at 4:30 is outside the period). Average 101.75 against the period VWAP of the
    /// bars 0–3 (100..103, equal volumes) 101.5: slippage +24.63 bps on a buy.
    @Test func twapSlicesEvenlyAndReportsSlippage() async throws {
        let (store, cleanUp) = try BacktestFixtures.warehouse()
        defer { cleanUp() }
        try BacktestFixtures.write(store, trades: BacktestFixtures.minuteTrades("AAPL", [100, 101, 102, 103, 104]))
        let result = try await BacktestFixtures.run(store, minutes: 4, strategy: "twap", ["side=buy", "quantity=1000", "instrument=AAPL", "slices=4"])
        #expect(BacktestFixtures.describe(result.fills) == ["buy 500 @ 101.0 bar +60s", "buy 250 @ 102.0 bar +120s", "buy 250 @ 103.0 bar +180s"])
        #expect(result.openOrders == 0)
        let average = try #require(result.statistics["average_price"])
        let vwap = try #require(result.statistics["period_vwap"])
        let slippage = try #require(result.statistics["slippage_bps"])
        #expect(abs(average - 101.75) < 1e-12)
        #expect(abs(vwap - 101.5) < 1e-12)
        #expect(abs(slippage - (101.75 - 101.5) / 101.5 * 10_000) < 1e-9)
        #expect(result.statistics["filled_quantity"] == 1_000)
    }

    /// VWAP shares follow the historical volume of each slice's time of day over the lookback days.
    @Test func vwapFollowsTheHistoricalVolumeProfile() throws {
        let t0 = BacktestFixtures.t0, minute = BacktestFixtures.minute, day = Timestamp.nanosPerDay
        let aapl = BacktestFixtures.instrument("AAPL")
        var configuration = BacktestFixtures.configuration(minutes: 4, strategy: "vwap")
        configuration.toNanos = t0 + 4 * minute
        // Two earlier days; per minute of the period, volumes 10/20/30/40 (day −1) and 30/20/10/0 (day −2).
        let history: [Bar] = [(1, [10.0, 20, 30, 40]), (2, [30.0, 20, 10, 0])].flatMap { daysBack, volumes in
            volumes.enumerated().map { index, volume in
                Bar(
                    instrumentId: aapl.id, symbol: "AAPL", interval: .oneMinute, windowStartNanos: t0 - Int64(daysBack) * day + Int64(index) * minute,
                    open: 100, high: 100, low: 100, close: 100, volume: volume, vwap: 100, tradeCount: volume > 0 ? 1 : 0, currency: "USD",
                    notionalBase: 100 * volume, baseCurrency: "USD", revision: 0, eventTimeNanos: 0, ingestTimeNanos: 0)
            }
        }
        let setup = StrategySetup(
            configuration: configuration, historicalBars: { id, from, to in
                history.filter { $0.instrumentId == id && $0.windowStartNanos >= from && $0.windowStartNanos < to }
            }, resolveInstrument: { $0 == "AAPL" ? aapl.id : nil })
        var parameters = try StrategyParameters(strategy: "vwap", ["side=sell", "quantity=1000", "instrument=AAPL", "slices=4", "lookback=2"])
        var vwap = try ExecutionAlgorithm(.vwap, parameters: &parameters)
        try vwap.prepare(setup)
        // Volumes per slice 40, 40, 40, 40 → equal; with lookback 1 only day −1 counts: 10 %, 30 %, 60 %, 100 %.
        #expect(vwap.cumulativeTargets == [250, 500, 750, 1000])
        var oneDay = try StrategyParameters(strategy: "vwap", ["side=sell", "quantity=1000", "instrument=AAPL", "slices=4", "lookback=1"])
        var recent = try ExecutionAlgorithm(.vwap, parameters: &oneDay)
        try recent.prepare(setup)
        #expect(recent.cumulativeTargets == [100, 300, 600, 1000])
    }

    @Test func refusesMissingOrMalformedParameters() throws {
        #expect(throws: BacktestError.self) { try StrategyCatalog.make("vwap", parameters: ["quantity=10", "instrument=AAPL"]) }
        #expect(throws: BacktestError.self) { try StrategyCatalog.make("twap", parameters: ["side=hold", "quantity=10", "instrument=AAPL"]) }
        #expect(throws: BacktestError.self) { try StrategyCatalog.make("twap", parameters: ["side=buy", "quantity=-5", "instrument=AAPL"]) }
        #expect(throws: BacktestError.self) { try StrategyCatalog.make("twap", parameters: ["side=buy", "quantity=10"]) }
        #expect(throws: BacktestError.self) { try StrategyCatalog.make("twap", parameters: ["side=buy", "quantity=10", "instrument=AAPL", "lookback=3"]) }
    }
}
