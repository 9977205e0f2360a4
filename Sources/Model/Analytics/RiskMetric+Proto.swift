extension RiskMetric: ProtobufRepresentable {
    /// Creates a risk metric from its wire message.
    ///
    /// Requires `portfolio_id`, known `kind` and `method`, `horizon_days` >= 1, a finite `value`, both
    /// times set; VaR and ES also need a `confidence` in (0, 1) and an ISO 4217 `currency`; volatility
    /// needs a `confidence` in [0, 1) and an empty or ISO 4217 `currency`.
    public init(proto: Tickflow_V1_RiskMetric) throws {
        let check = FieldValidator(Tickflow_V1_RiskMetric.self)
        let kind = try check.known(RiskMetricKind(proto: proto.kind), rawValue: proto.kind.rawValue, "kind")
        let confidence = proto.confidence
        let lowestConfidence = kind.isLossMeasure ? 0.0.nextUp : 0
        if !(confidence >= lowestConfidence && confidence < 1) {
            let range = kind.isLossMeasure ? "(0, 1)" : "[0, 1)"
            throw check.invalid("confidence", "must be in \(range) for \(kind.rawValue), got \(confidence)")
        }
        if proto.horizonDays == 0 { throw check.invalid("horizon_days", "must be >= 1, got 0") }
        self.init(
            portfolioId: try check.required(proto.portfolioID, "portfolio_id"),
            instrumentId: proto.instrumentID,
            kind: kind,
            method: try check.known(RiskMethod(proto: proto.method), rawValue: proto.method.rawValue, "method"),
            confidence: confidence,
            horizonDays: proto.horizonDays,
            value: try check.finite(proto.value, "value"),
            currency: kind.isLossMeasure
                ? try check.currency(proto.currency, "currency") : try check.optionalCurrency(proto.currency, "currency"),
            eventTimeNanos: try check.time(proto.eventTimeNs, "event_time_ns"),
            ingestTimeNanos: try check.time(proto.ingestTimeNs, "ingest_time_ns"))
    }

    /// The wire message.
    public var proto: Tickflow_V1_RiskMetric {
        var message = Tickflow_V1_RiskMetric()
        message.portfolioID = portfolioId
        message.instrumentID = instrumentId
        message.kind = kind.proto
        message.method = method.proto
        message.confidence = confidence
        message.horizonDays = horizonDays
        message.value = value
        message.currency = currency
        message.eventTimeNs = eventTimeNanos
        message.ingestTimeNs = ingestTimeNanos
        return message
    }
}
