import Analytics
import Backtest
import Foundation
import Model
import TickFlowTestSupport
import Testing
import Warehouse

@Suite struct BacktestEngineTests {
    static let parameters = ["fast=3", "slow=8", "quantity=500", "short=true"]

    /// An hour of two instruments, traded by a crossover that is always in the market once it started.
    static func history(_ store: WarehouseStore) throws {
        let history = RandomHistory(symbols: ["AAPL": 189.5, "MSFT": 377.8], minutes: 60, seed: 0xB4C7)
        try BacktestFixtures.write(store, trades: history.trades, quotes: history.quotes)
    }

    /// Two runs over the same warehouse: the same run id, the same result and byte-identical result rows.
    @Test func sameInputsGiveIdenticalResults() async throws {
        let (store, cleanUp) = try BacktestFixtures.warehouse()
        defer { cleanUp() }
        try Self.history(store)
        let first = try await BacktestFixtures.run(store, minutes: 60, strategy: "ma-crossover", Self.parameters)
        let second = try await BacktestFixtures.run(store, minutes: 60, strategy: "ma-crossover", Self.parameters)
        #expect(first.fills.count > 10)
        #expect(first == second)
        let firstRows = try first.batches().map(\.batch), secondRows = try second.batches().map(\.batch)
        #expect(firstRows == secondRows)
        let firstLines = firstRows.flatMap { BatchFormatter.lines($0, format: .csv) }
        let secondLines = secondRows.flatMap { BatchFormatter.lines($0, format: .csv) }
        #expect(firstLines == secondLines)
        let other = BacktestFixtures.configuration(minutes: 60, strategy: "ma-crossover", ["fast=4", "slow=8"])
        #expect(other.runId != BacktestFixtures.configuration(minutes: 60, strategy: "ma-crossover", Self.parameters).runId)
    }

    /// The run's positions reach the portfolio stage: its parametric VaR is replayed, each window's loss is tested
    /// against it, and Kupiec's statistic matches the closed form from numpy.
    @Test func testsLossesAgainstTheReplayedVaR() async throws {
        let (store, cleanUp) = try BacktestFixtures.warehouse()
        defer { cleanUp() }
        try Self.history(store)
        let result = try await BacktestFixtures.run(store, minutes: 60, strategy: "ma-crossover", Self.parameters)
        let exceptions = result.varExceptions
        let test = try #require(exceptions.test)
        #expect(exceptions.observations >= 20)
        #expect(test.observations == exceptions.observations)
        #expect(test.exceptions == zip(exceptions.losses, exceptions.valueAtRisk).filter { $0 > $1 }.count)
        #expect(exceptions.valueAtRisk.allSatisfy { $0 > 0 })
        struct Input: Encodable { var t: Int, x: Int, p: Double }
        let reference: Double = try PythonReference.run(
            """
            t, x, p = data["t"], data["x"], data["p"]
            def xlog(a, b): return 0.0 if a == 0 else a * np.log(b)
            lr = -2 * (xlog(t - x, 1 - p) + xlog(x, p) - xlog(t - x, 1 - x / t) - xlog(x, x / t))
            print(json.dumps(max(float(lr), 0.0)))
            """, input: Input(t: test.observations, x: test.exceptions, p: 0.01))
        #expect(abs(test.kupiecStatistic - reference) <= 1e-9 * max(1, reference))
        // The equity curve: one point per minute, drawdowns consistent with the curve.
        #expect(result.equity.count == 60)
        let values = result.equity.map { Money.double($0.equity) }
        #expect(abs(result.maxDrawdown - PerformanceMetrics.maxDrawdown(values)) < 1e-15)
    }

    /// Results go to `backtest_runs`, `backtest_equity` and `backtest_trades`, readable by a scan.
    @Test func writesResultsToTheWarehouse() async throws {
        let (store, cleanUp) = try BacktestFixtures.warehouse()
        defer { cleanUp() }
        try Self.history(store)
        let result = try await BacktestFixtures.run(store, minutes: 60, strategy: "ma-crossover", Self.parameters)
        try result.write(to: store)
        let scanner = TableScanner(store: store)
        let runs = try scanner.collect(ScanRequest(table: BacktestTables.runs))
        let equity = try scanner.collect(ScanRequest(table: BacktestTables.equity))
        let trades = try scanner.collect(ScanRequest(table: BacktestTables.trades))
        #expect(runs.count == 1)
        #expect(runs.column("run_id")?.stringValues?[0] == result.runId)
        #expect(equity.count == result.equity.count)
        #expect(trades.count == result.fills.count)
        #expect(trades.column("price")?.doubleValues?.map { $0 } == result.fills.map(\.price))
    }

    @Test func refusesAnEmptyPeriod() async throws {
        let (store, cleanUp) = try BacktestFixtures.warehouse()
        defer { cleanUp() }
        var configuration = BacktestFixtures.configuration(minutes: 1, strategy: "ma-crossover")
        configuration.toNanos = configuration.fromNanos
        await #expect(throws: BacktestError.self) {
            _ = try await BacktestEngine(store: store, master: BacktestFixtures.master).run(
                configuration, strategy: try StrategyCatalog.make("ma-crossover", parameters: []))
        }
    }
}
