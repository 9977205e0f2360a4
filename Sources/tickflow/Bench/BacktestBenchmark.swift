import Backtest
import Foundation
import Model
import Stream
import Warehouse

/// `backtest`: ticks per second replayed by `tickflow backtest`'s engine, against the `stream-bars` figure of
/// TickFlow (the tick processor alone over records already in memory) measured in the same run on the same ticks.
///
/// Setup: ``StreamBarsBenchmark``'s ticks (120 instruments, trades, quotes and FX rates) written to a fresh
/// warehouse as `trades`, `quotes` and `fx_rates`. Ours: the whole backtest — Parquet scan and decode, event-time
/// merge, tick processor, analytics stages, the `ma-crossover` strategy and its fills — over every tick; the peer:
/// ``StreamBarsBenchmark/measure(_:)``. Each side runs twice, alternating; the best run counts. The backtest must
/// replay every record and see bars, or the benchmark fails.
struct BacktestBenchmark {
    let ticks: Int
    let streamBars: StreamBarsBenchmark
    let directory: URL

    init(ticks: Int) throws {
        self.ticks = ticks
        streamBars = try StreamBarsBenchmark(ticks: ticks)
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("tickflow-bench-backtest-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    }

    func cleanUp() {
        streamBars.cleanUp()
        try? FileManager.default.removeItem(at: directory)
    }

    func run() async throws -> BenchMeasurement {
        let (records, _) = try streamBars.makeTicks()
        let store = try WarehouseStore(root: directory.path)
        try write(records, to: store)
        let first = records.map(\.eventTimeNanos).min() ?? 0, last = records.map(\.eventTimeNanos).max() ?? 0
        print("backtest: \(records.count) records (\(ticks) ticks) written to a warehouse")
        let batches = stride(from: 0, to: records.count, by: 4_096).map { Array(records[$0..<min(records.count, $0 + 4_096)]) }
        let engine = BacktestEngine(store: store, master: streamBars.master)
        var configuration = BacktestConfiguration(fromNanos: first, toNanos: last + 1)
        configuration.strategyName = MovingAverageCrossover.name
        var ours = Double.infinity, peer = Double.infinity
        for round in 1...2 {
            let peerElapsed = try streamBars.measure(batches).0
            peer = min(peer, peerElapsed)
            let clock = ContinuousClock(), started = clock.now
            let result = try await engine.run(configuration, strategy: try StrategyCatalog.make(MovingAverageCrossover.name, parameters: []))
            let elapsed = (clock.now - started).seconds
            ours = min(ours, elapsed)
            guard result.recordsReplayed == records.count, result.bars > 0 else {
                throw BenchError("backtest: replayed \(result.recordsReplayed) of \(records.count) records, \(result.bars) bars")
            }
            print("round \(round): stream-bars \(Int(Double(ticks) / peerElapsed)) ticks/s, backtest \(Int(Double(ticks) / elapsed)) ticks/s (\(result.bars) bars, \(result.fills.count) fills)")
        }
        return BenchMeasurement(name: "backtest", ours: Double(ticks) / ours, peer: Double(ticks) / peer, unit: "ticks/s", higherIsBetter: true)
    }

    /// The raw records as the warehouse sink stores them: one table per kind, in files of 250,000 rows.
    private func write(_ records: [StreamRecord<TickInput>], to store: WarehouseStore) throws {
        var trades: [Trade] = [], quotes: [Quote] = [], rates: [FXRate] = []
        for record in records {
            switch record.value {
            case .market(.trade(let trade)): trades.append(trade)
            case .market(.quote(let quote)): quotes.append(quote)
            case .fx(let rate): rates.append(rate)
            default: break
            }
        }
        func append<Row>(_ rows: [Row], _ encoder: RowEncoder<Row>, _ table: TableDefinition) throws {
            for start in stride(from: 0, to: rows.count, by: 250_000) {
                _ = try store.append(try encoder.encode(Array(rows[start..<min(rows.count, start + 250_000)])), to: table)
            }
        }
        try append(trades, Tables.tradeRows, Tables.trades)
        try append(quotes, Tables.quoteRows, Tables.quotes)
        try append(rates, Tables.fxRateRows, Tables.fxRates)
    }
}
