extension Quote: ProtobufRepresentable {
    /// Creates a quote from its wire message.
    ///
    /// Requires `instrument_id`, `symbol`, `currency` (ISO 4217), finite prices, finite sizes >= 0,
    /// a MIC or empty `venue`, and both times set. A crossed book is not rejected here: that is a
    /// stream validation rule.
    public init(proto: Tickflow_V1_Quote) throws {
        let check = FieldValidator(Tickflow_V1_Quote.self)
        self.init(
            instrumentId: try check.required(proto.instrumentID, "instrument_id"),
            symbol: try check.required(proto.symbol, "symbol"),
            venue: try check.optionalMIC(proto.venue, "venue"),
            bidPrice: try check.finite(proto.bidPrice, "bid_price"),
            bidSize: try check.nonNegative(proto.bidSize, "bid_size"),
            askPrice: try check.finite(proto.askPrice, "ask_price"),
            askSize: try check.nonNegative(proto.askSize, "ask_size"),
            currency: try check.currency(proto.currency, "currency"),
            sequence: proto.sequence,
            eventTimeNanos: try check.time(proto.eventTimeNs, "event_time_ns"),
            ingestTimeNanos: try check.time(proto.ingestTimeNs, "ingest_time_ns"))
    }

    /// The wire message.
    public var proto: Tickflow_V1_Quote {
        var message = Tickflow_V1_Quote()
        message.instrumentID = instrumentId
        message.symbol = symbol
        message.venue = venue
        message.bidPrice = bidPrice
        message.bidSize = bidSize
        message.askPrice = askPrice
        message.askSize = askSize
        message.currency = currency
        message.sequence = sequence
        message.eventTimeNs = eventTimeNanos
        message.ingestTimeNs = ingestTimeNanos
        return message
    }
}
