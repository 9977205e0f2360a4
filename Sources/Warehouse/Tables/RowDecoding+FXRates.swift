import Model

extension RowDecoding {
    /// FX rates from a batch with the `fx_rates` columns (bid, ask and source optional); `rows` as in
    /// ``trades(_:rows:)``.
    ///
    /// - Throws: ``WarehouseError`` (`.schemaMismatch`) when a required column is missing.
    public static func fxRates(_ batch: RecordBatch, rows: Range<Int>? = nil) throws -> [FXRate] {
        let c = Columns(batch, table: "fx_rates")
        let (base, quote, source) = (c.strings("base_currency"), c.strings("quote_currency"), c.strings("source"))
        let (rate, bid, ask) = (c.doubles("rate"), c.doubles("bid"), c.doubles("ask"))
        let (eventTime, ingestTime) = (c.int64s("event_time"), c.int64s("ingest_time"))
        return try (rows ?? 0..<batch.count).map { r in
            FXRate(
                baseCurrency: try base.required(r), quoteCurrency: try quote.required(r), rate: try rate.required(r),
                bid: bid.optional(r) ?? 0, ask: ask.optional(r) ?? 0, source: source.optional(r) ?? "",
                eventTimeNanos: try eventTime.required(r), ingestTimeNanos: ingestTime.optional(r) ?? 0)
        }
    }
}
