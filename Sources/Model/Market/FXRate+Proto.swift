extension FXRate: ProtobufRepresentable {
    /// Creates a rate from its wire message.
    ///
    /// Requires ISO 4217 currencies, `pair` equal to base + quote, a finite `rate` > 0, finite
    /// `bid`/`ask` >= 0, a `source` and both times set.
    public init(proto: Tickflow_V1_FXRate) throws {
        let check = FieldValidator(Tickflow_V1_FXRate.self)
        let base = try check.currency(proto.baseCurrency, "base_currency")
        let quote = try check.currency(proto.quoteCurrency, "quote_currency")
        if proto.pair != base + quote {
            throw check.invalid("pair", "must be base_currency + quote_currency = \"\(base + quote)\", got \"\(proto.pair)\"")
        }
        self.init(
            baseCurrency: base,
            quoteCurrency: quote,
            rate: try check.positive(proto.rate, "rate"),
            bid: try check.nonNegative(proto.bid, "bid"),
            ask: try check.nonNegative(proto.ask, "ask"),
            source: try check.required(proto.source, "source"),
            eventTimeNanos: try check.time(proto.eventTimeNs, "event_time_ns"),
            ingestTimeNanos: try check.time(proto.ingestTimeNs, "ingest_time_ns"))
    }

    /// The wire message.
    public var proto: Tickflow_V1_FXRate {
        var message = Tickflow_V1_FXRate()
        message.pair = pair
        message.baseCurrency = baseCurrency
        message.quoteCurrency = quoteCurrency
        message.rate = rate
        message.bid = bid
        message.ask = ask
        message.source = source
        message.eventTimeNs = eventTimeNanos
        message.ingestTimeNs = ingestTimeNanos
        return message
    }
}
