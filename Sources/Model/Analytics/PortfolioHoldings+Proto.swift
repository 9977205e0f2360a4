extension PortfolioHoldings: ProtobufRepresentable {
    /// Creates holdings from their wire message.
    ///
    /// Requires `portfolio_id`, an ISO 4217 `base_currency`, every position with an `instrument_id` and an exact
    /// decimal `quantity`, no instrument twice, and both times set.
    public init(proto: Tickflow_V1_PortfolioHoldings) throws {
        let check = FieldValidator(Tickflow_V1_PortfolioHoldings.self)
        var seen: Set<String> = []
        var positions: [Position] = []
        for (index, position) in proto.positions.enumerated() {
            let instrument = try check.required(position.instrumentID, "positions[\(index)].instrument_id")
            guard seen.insert(instrument).inserted else {
                throw check.invalid("positions[\(index)].instrument_id", "instrument \(instrument) appears twice")
            }
            positions.append(Position(
                instrumentId: instrument, quantity: try check.decimal(position.quantity, "positions[\(index)].quantity")))
        }
        self.init(
            portfolioId: try check.required(proto.portfolioID, "portfolio_id"),
            baseCurrency: try check.currency(proto.baseCurrency, "base_currency"),
            positions: positions,
            eventTimeNanos: try check.time(proto.eventTimeNs, "event_time_ns"),
            ingestTimeNanos: try check.time(proto.ingestTimeNs, "ingest_time_ns"))
    }

    /// The wire message.
    public var proto: Tickflow_V1_PortfolioHoldings {
        var message = Tickflow_V1_PortfolioHoldings()
        message.portfolioID = portfolioId
        message.baseCurrency = baseCurrency
        message.positions = positions.map { position in
            var wire = Tickflow_V1_PortfolioPosition()
            wire.instrumentID = position.instrumentId
            wire.quantity = DecimalString.format(position.quantity)
            return wire
        }
        message.eventTimeNs = eventTimeNanos
        message.ingestTimeNs = ingestTimeNanos
        return message
    }
}
