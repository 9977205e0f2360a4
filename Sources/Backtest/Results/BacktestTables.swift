import Foundation
import Model
import Warehouse

/// The warehouse tables of backtest results: one row per run, its equity curve, its fills.
public enum BacktestTables {
    /// One row per run (time column: the run's `to`).
    public static let runRows = RowEncoder<BacktestResult>([
        .timestamp("event_time") { $0.toNanos }, .timestamp("ingest_time") { $0.toNanos },
        .string("run_id") { $0.runId }, .string("strategy") { $0.strategy },
        .string("parameters") { $0.parameters.joined(separator: " ") },
        .timestamp("from_time") { $0.fromNanos }, .timestamp("to_time") { $0.toNanos },
        .string("instruments") { $0.instrumentIds.joined(separator: ",") }, .string("interval") { $0.interval.rawValue },
        .decimal("initial_cash", precision: 28, scale: 8) { $0.initialCash },
        .decimal("final_equity", precision: 28, scale: 8) { $0.finalEquity },
        .double("total_return") { $0.totalReturn }, .double("sharpe") { $0.sharpe }, .double("max_drawdown") { $0.maxDrawdown },
        .int64("fills") { Int64($0.fills.count) }, .int64("records_replayed") { Int64($0.recordsReplayed) },
        .int64("bars") { Int64($0.bars) }, .double("var_confidence") { $0.varExceptions.confidence },
        .int64("var_observations") { Int64($0.varExceptions.observations) },
        .int64("var_exceptions") { Int64($0.varExceptions.exceptions) },
        .double("kupiec_statistic") { $0.varExceptions.test?.kupiecStatistic },
        .double("kupiec_p_value") { $0.varExceptions.test?.kupiecPValue },
        .string("traffic_light") { $0.varExceptions.test?.zone.rawValue },
        .string("statistics") { result in
            result.statistics.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: ";")
        },
    ])
    /// One row per window end of a run.
    public static let equityRows = RowEncoder<(runId: String, point: EquityPoint)>([
        .timestamp("event_time") { $0.point.timeNanos }, .timestamp("ingest_time") { $0.point.timeNanos },
        .string("run_id") { $0.runId },
        .decimal("cash", precision: 28, scale: 8) { $0.point.cash },
        .decimal("positions_value", precision: 28, scale: 8) { $0.point.positionsValue },
        .decimal("equity", precision: 28, scale: 8) { $0.point.equity }, .double("drawdown") { $0.point.drawdown },
    ])
    /// One row per fill of a run.
    public static let tradeRows = RowEncoder<(runId: String, fill: SimulatedFill)>([
        .timestamp("event_time") { $0.fill.eventTimeNanos }, .timestamp("ingest_time") { $0.fill.eventTimeNanos },
        .string("run_id") { $0.runId }, .int64("order_id") { Int64($0.fill.orderId) },
        .string("instrument_id") { $0.fill.instrumentId }, .string("symbol") { $0.fill.symbol },
        .string("side") { $0.fill.side.rawValue }, .string("order_type") { $0.fill.pricing.name },
        .double("limit_price") { row -> Double? in
            if case .limit(let price) = row.fill.pricing { return price }
            return nil
        },
        .decimal("quantity", precision: 28, scale: 8) { $0.fill.quantity }, .double("price") { $0.fill.price },
        .decimal("notional", precision: 28, scale: 8) { $0.fill.notional }, .string("fill_source") { $0.fill.source.rawValue },
    ])

    /// `backtest_runs`.
    public static let runs = TableDefinition(name: "backtest_runs", schema: runRows.schema, instrumentColumn: nil, symbolColumn: nil)
    /// `backtest_equity`.
    public static let equity = TableDefinition(name: "backtest_equity", schema: equityRows.schema, instrumentColumn: nil, symbolColumn: nil)
    /// `backtest_trades`.
    public static let trades = TableDefinition(name: "backtest_trades", schema: tradeRows.schema)

    /// The three tables (for `tickflow query`).
    public static var all: [TableDefinition] { [runs, equity, trades] }
}

extension BacktestResult {
    /// The result's rows: the run, its equity curve and its fills, as the warehouse stores them.
    ///
    /// - Throws: ``Warehouse/WarehouseError`` if a value does not fit its column.
    public func batches() throws -> [(table: TableDefinition, batch: RecordBatch)] {
        [
            (BacktestTables.runs, try BacktestTables.runRows.encode([self])),
            (BacktestTables.equity, try BacktestTables.equityRows.encode(equity.map { (runId, $0) })),
            (BacktestTables.trades, try BacktestTables.tradeRows.encode(fills.map { (runId, $0) })),
        ]
    }

    /// Appends the result to `backtest_runs`, `backtest_equity` and `backtest_trades` (empty parts are skipped).
    ///
    /// - Throws: ``BacktestError`` `.warehouse` if a write fails.
    public func write(to store: WarehouseStore) throws {
        do {
            for (table, batch) in try batches() where batch.count > 0 { _ = try store.append(batch, to: table) }
        } catch {
            throw BacktestError(.warehouse, context: "backtest results", "writing run \(runId) failed: \(error)", underlying: error)
        }
    }
}
