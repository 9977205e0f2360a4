extension TradingSignal: ProtobufRepresentable {
    /// Creates a signal from its wire message: `instrument_id`, `symbol` and `model` required, a finite
    /// `value`, a `confidence` in [0, 1], a `horizon_ns` > 0 and both times set.
    public init(proto: Tickflow_V1_TradingSignal) throws {
        let check = FieldValidator(Tickflow_V1_TradingSignal.self)
        if proto.horizonNs <= 0 { throw check.invalid("horizon_ns", "must be > 0, got \(proto.horizonNs)") }
        self.init(
            instrumentId: try check.required(proto.instrumentID, "instrument_id"),
            symbol: try check.required(proto.symbol, "symbol"),
            model: try check.required(proto.model, "model"),
            modelVersion: proto.modelVersion,
            value: try check.finite(proto.value, "value"),
            confidence: try check.within(proto.confidence, 0...1, "confidence"),
            horizonNanos: proto.horizonNs,
            eventTimeNanos: try check.time(proto.eventTimeNs, "event_time_ns"),
            ingestTimeNanos: try check.time(proto.ingestTimeNs, "ingest_time_ns"))
    }

    /// The wire message.
    public var proto: Tickflow_V1_TradingSignal {
        var message = Tickflow_V1_TradingSignal()
        message.instrumentID = instrumentId
        message.symbol = symbol
        message.model = model
        message.modelVersion = modelVersion
        message.value = value
        message.confidence = confidence
        message.horizonNs = horizonNanos
        message.eventTimeNs = eventTimeNanos
        message.ingestTimeNs = ingestTimeNanos
        return message
    }
}
