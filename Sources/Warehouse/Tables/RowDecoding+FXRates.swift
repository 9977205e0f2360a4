import Model

extension RowDecoding {
    /// FX rates from a batch with the `fx_rates` columns (bid, ask and source optional).
    ///
    /// - Throws: ``WarehouseError`` (`.schemaMismatch`) when a required column is missing.
    public static func fxRates(_ batch: RecordBatch) throws -> [FXRate] {
        let c = try Columns(batch, table: "fx_rates")
        return try (0..<batch.count).map { r in
            FXRate(
                baseCurrency: try c.string("base_currency", r), quoteCurrency: try c.string("quote_currency", r),
                rate: try c.double("rate", r), bid: (try? c.double("bid", r)) ?? 0, ask: (try? c.double("ask", r)) ?? 0,
                source: c.optionalString("source", r) ?? "", eventTimeNanos: try c.int64("event_time", r),
                ingestTimeNanos: c.optionalInt64("ingest_time", r) ?? 0)
        }
    }
}
