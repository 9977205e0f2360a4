extension Anomaly: ProtobufRepresentable {
    /// Creates an anomaly from its wire message.
    ///
    /// Requires `instrument_id`, `symbol`, `detector`, `score`, `threshold` and every component in
    /// [0, 1] (component names non-empty), and both times set.
    public init(proto: Tickflow_V1_Anomaly) throws {
        let check = FieldValidator(Tickflow_V1_Anomaly.self)
        for (name, value) in proto.components.sorted(by: { $0.key < $1.key }) {
            if name.isEmpty { throw check.invalid("components", "has an empty component name") }
            _ = try check.within(value, 0...1, "components[\"\(name)\"]")
        }
        self.init(
            instrumentId: try check.required(proto.instrumentID, "instrument_id"),
            symbol: try check.required(proto.symbol, "symbol"),
            score: try check.within(proto.score, 0...1, "score"),
            components: proto.components,
            threshold: try check.within(proto.threshold, 0...1, "threshold"),
            detector: try check.required(proto.detector, "detector"),
            description: proto.description_p,
            eventTimeNanos: try check.time(proto.eventTimeNs, "event_time_ns"),
            ingestTimeNanos: try check.time(proto.ingestTimeNs, "ingest_time_ns"))
    }

    /// The wire message.
    public var proto: Tickflow_V1_Anomaly {
        var message = Tickflow_V1_Anomaly()
        message.instrumentID = instrumentId
        message.symbol = symbol
        message.score = score
        message.components = components
        message.threshold = threshold
        message.detector = detector
        message.description_p = description
        message.eventTimeNs = eventTimeNanos
        message.ingestTimeNs = ingestTimeNanos
        return message
    }
}
