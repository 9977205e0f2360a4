import Model

/// Model values read back from table batches (the backtest replays them into the stream).
public enum RowDecoding {
    /// Trades from a batch with the `trades` columns (any order; missing optional columns take defaults).
    ///
    /// - Throws: ``WarehouseError`` (`.schemaMismatch`) when a required column is missing.
    public static func trades(_ batch: RecordBatch) throws -> [Trade] {
        let c = try Columns(batch, table: "trades")
        return try (0..<batch.count).map { r in
            Trade(
                instrumentId: try c.string("instrument_id", r), symbol: try c.string("symbol", r),
                venue: c.optionalString("venue", r) ?? "", price: try c.double("price", r),
                quantity: try c.double("quantity", r), currency: c.optionalString("currency", r) ?? "",
                aggressorSide: c.optionalString("aggressor_side", r).flatMap(AggressorSide.init(rawValue:)) ?? .unknown,
                tradeId: c.optionalString("trade_id", r) ?? "", sequence: UInt64(bitPattern: c.optionalInt64("sequence", r) ?? 0),
                eventTimeNanos: try c.int64("event_time", r), ingestTimeNanos: c.optionalInt64("ingest_time", r) ?? 0)
        }
    }

    /// Quotes from a batch with the `quotes` columns.
    public static func quotes(_ batch: RecordBatch) throws -> [Quote] {
        let c = try Columns(batch, table: "quotes")
        return try (0..<batch.count).map { r in
            Quote(
                instrumentId: try c.string("instrument_id", r), symbol: try c.string("symbol", r),
                venue: c.optionalString("venue", r) ?? "", bidPrice: try c.double("bid_price", r),
                bidSize: try c.double("bid_size", r), askPrice: try c.double("ask_price", r),
                askSize: try c.double("ask_size", r), currency: c.optionalString("currency", r) ?? "",
                sequence: UInt64(bitPattern: c.optionalInt64("sequence", r) ?? 0),
                eventTimeNanos: try c.int64("event_time", r), ingestTimeNanos: c.optionalInt64("ingest_time", r) ?? 0)
        }
    }

    /// Bars from a batch with the `bars_<interval>` columns.
    ///
    /// - Throws: ``WarehouseError`` (`.schemaMismatch`) when a required column is missing or an interval is unknown.
    public static func bars(_ batch: RecordBatch) throws -> [Bar] {
        let c = try Columns(batch, table: "bars")
        return try (0..<batch.count).map { r in
            let name = try c.string("interval", r)
            guard let interval = BarInterval(rawValue: name) else {
                throw WarehouseError(.schemaMismatch, "bars row \(r): unknown interval \"\(name)\"")
            }
            var bar = Bar(
                instrumentId: try c.string("instrument_id", r), symbol: try c.string("symbol", r), interval: interval,
                windowStartNanos: try c.int64("window_start", r), open: try c.double("open", r), high: try c.double("high", r),
                low: try c.double("low", r), close: try c.double("close", r), volume: try c.double("volume", r),
                vwap: try c.double("vwap", r), tradeCount: UInt64(bitPattern: c.optionalInt64("trade_count", r) ?? 0),
                currency: c.optionalString("currency", r) ?? "", notionalBase: (try? c.double("notional_base", r)) ?? 0,
                baseCurrency: c.optionalString("base_currency", r) ?? "", revision: UInt32(clamping: c.optionalInt64("revision", r) ?? 0),
                eventTimeNanos: try c.int64("event_time", r), ingestTimeNanos: c.optionalInt64("ingest_time", r) ?? 0)
            if let end = c.optionalInt64("window_end", r) { bar.windowEndNanos = end }
            return bar
        }
    }

    /// Typed access to a batch's columns by name, with errors naming the table and column.
    struct Columns {
        let batch: RecordBatch
        let table: String
        init(_ batch: RecordBatch, table: String) throws {
            self.batch = batch
            self.table = table
        }

        private func column(_ name: String) throws -> Column {
            guard let column = batch.column(name) else {
                throw WarehouseError(.schemaMismatch, "\(table) rows need column \(name)")
            }
            return column
        }

        func string(_ name: String, _ row: Int) throws -> String {
            let column = try column(name)
            guard column.isValid(row), let strings = column.stringValues else {
                throw WarehouseError(.schemaMismatch, "\(table).\(name) is null or not text at row \(row)")
            }
            return strings[row]
        }

        func optionalString(_ name: String, _ row: Int) -> String? {
            guard let column = batch.column(name), column.isValid(row) else { return nil }
            return column.stringValues?[row]
        }

        func double(_ name: String, _ row: Int) throws -> Double {
            let column = try column(name)
            guard column.isValid(row), let values = column.doubleValues else {
                throw WarehouseError(.schemaMismatch, "\(table).\(name) is null or not a double at row \(row)")
            }
            return values[row]
        }

        func int64(_ name: String, _ row: Int) throws -> Int64 {
            let column = try column(name)
            guard column.isValid(row), let values = column.int64Values else {
                throw WarehouseError(.schemaMismatch, "\(table).\(name) is null or not an integer at row \(row)")
            }
            return values[row]
        }

        func optionalInt64(_ name: String, _ row: Int) -> Int64? {
            guard let column = batch.column(name), column.isValid(row) else { return nil }
            return column.int64Values?[row]
        }
    }
}
