import Model

/// Model values read back from table batches (the backtest replays them into the stream).
public enum RowDecoding {
    /// Trades from a batch with the `trades` columns (any order; missing optional columns take defaults).
    ///
    /// - Parameters:
    ///   - batch: the rows.
    ///   - rows: the rows decoded; default all.
    /// - Throws: ``WarehouseError`` (`.schemaMismatch`) when a required column is missing.
    public static func trades(_ batch: RecordBatch, rows: Range<Int>? = nil) throws -> [Trade] {
        let c = Columns(batch, table: "trades")
        let (instrumentId, symbol, venue, currency) = (c.strings("instrument_id"), c.strings("symbol"), c.strings("venue"), c.strings("currency"))
        let (price, quantity, side, tradeId) = (c.doubles("price"), c.doubles("quantity"), c.strings("aggressor_side"), c.strings("trade_id"))
        let (sequence, eventTime, ingestTime) = (c.int64s("sequence"), c.int64s("event_time"), c.int64s("ingest_time"))
        return try (rows ?? 0..<batch.count).map { r in
            Trade(
                instrumentId: try instrumentId.required(r), symbol: try symbol.required(r), venue: venue.optional(r) ?? "",
                price: try price.required(r), quantity: try quantity.required(r), currency: currency.optional(r) ?? "",
                aggressorSide: side.optional(r).flatMap(AggressorSide.init(rawValue:)) ?? .unknown, tradeId: tradeId.optional(r) ?? "",
                sequence: UInt64(bitPattern: sequence.optional(r) ?? 0), eventTimeNanos: try eventTime.required(r),
                ingestTimeNanos: ingestTime.optional(r) ?? 0)
        }
    }

    /// Quotes from a batch with the `quotes` columns; `rows` as in ``trades(_:rows:)``.
    public static func quotes(_ batch: RecordBatch, rows: Range<Int>? = nil) throws -> [Quote] {
        let c = Columns(batch, table: "quotes")
        let (instrumentId, symbol, venue, currency) = (c.strings("instrument_id"), c.strings("symbol"), c.strings("venue"), c.strings("currency"))
        let (bid, bidSize, ask, askSize) = (c.doubles("bid_price"), c.doubles("bid_size"), c.doubles("ask_price"), c.doubles("ask_size"))
        let (sequence, eventTime, ingestTime) = (c.int64s("sequence"), c.int64s("event_time"), c.int64s("ingest_time"))
        return try (rows ?? 0..<batch.count).map { r in
            Quote(
                instrumentId: try instrumentId.required(r), symbol: try symbol.required(r), venue: venue.optional(r) ?? "",
                bidPrice: try bid.required(r), bidSize: try bidSize.required(r), askPrice: try ask.required(r),
                askSize: try askSize.required(r), currency: currency.optional(r) ?? "", sequence: UInt64(bitPattern: sequence.optional(r) ?? 0),
                eventTimeNanos: try eventTime.required(r), ingestTimeNanos: ingestTime.optional(r) ?? 0)
        }
    }

    /// Bars from a batch with the `bars_<interval>` columns.
    ///
    /// - Throws: ``WarehouseError`` (`.schemaMismatch`) when a required column is missing or an interval is unknown.
    public static func bars(_ batch: RecordBatch) throws -> [Bar] {
        let c = Columns(batch, table: "bars")
        let (intervalName, instrumentId, symbol) = (c.strings("interval"), c.strings("instrument_id"), c.strings("symbol"))
        let (open, high, low, close) = (c.doubles("open"), c.doubles("high"), c.doubles("low"), c.doubles("close"))
        let (volume, vwap, notionalBase) = (c.doubles("volume"), c.doubles("vwap"), c.doubles("notional_base"))
        let (currency, baseCurrency) = (c.strings("currency"), c.strings("base_currency"))
        let (windowStart, windowEnd, tradeCount, revision) = (c.int64s("window_start"), c.int64s("window_end"), c.int64s("trade_count"), c.int64s("revision"))
        let (eventTime, ingestTime) = (c.int64s("event_time"), c.int64s("ingest_time"))
        return try (0..<batch.count).map { r in
            let name = try intervalName.required(r)
            guard let interval = BarInterval(rawValue: name) else {
                throw WarehouseError(.schemaMismatch, "bars row \(r): unknown interval \"\(name)\"")
            }
            var bar = Bar(
                instrumentId: try instrumentId.required(r), symbol: try symbol.required(r), interval: interval,
                windowStartNanos: try windowStart.required(r), open: try open.required(r), high: try high.required(r),
                low: try low.required(r), close: try close.required(r), volume: try volume.required(r), vwap: try vwap.required(r),
                tradeCount: UInt64(bitPattern: tradeCount.optional(r) ?? 0), currency: currency.optional(r) ?? "",
                notionalBase: notionalBase.optional(r) ?? 0, baseCurrency: baseCurrency.optional(r) ?? "",
                revision: UInt32(clamping: revision.optional(r) ?? 0), eventTimeNanos: try eventTime.required(r),
                ingestTimeNanos: ingestTime.optional(r) ?? 0)
            if let end = windowEnd.optional(r) { bar.windowEndNanos = end }
            return bar
        }
    }

    /// Typed access to a batch's columns by name, with errors naming the table and column. Each column is looked
    /// up once per batch (``Field``), not once per row and value.
    struct Columns {
        let batch: RecordBatch
        let table: String

        init(_ batch: RecordBatch, table: String) {
            self.batch = batch
            self.table = table
        }

        func strings(_ name: String) -> Field<DictionaryStrings> { field(name, "text", \.stringValues) }
        func doubles(_ name: String) -> Field<ContiguousArray<Double>> { field(name, "a double", \.doubleValues) }
        func int64s(_ name: String) -> Field<ContiguousArray<Int64>> { field(name, "an integer", \.int64Values) }

        private func field<Values>(_ name: String, _ kind: String, _ values: (Column) -> Values?) -> Field<Values> {
            let column = batch.column(name)
            return Field(name: name, table: table, kind: kind, isPresent: column != nil, values: column.flatMap(values), validity: column?.validity)
        }
    }
}
