extension ClientFlow: ProtobufRepresentable {
    /// Creates a client flow from its wire message.
    ///
    /// Requires `flow_id`, `client_id`, `portfolio_id`, a known `kind`, an `amount` that is an exact
    /// plain decimal string > 0, an ISO 4217 `currency`, and both times set.
    public init(proto: Tickflow_V1_ClientFlow) throws {
        let check = FieldValidator(Tickflow_V1_ClientFlow.self)
        let amount = try check.decimal(proto.amount, "amount")
        if amount <= 0 { throw check.invalid("amount", "must be > 0, got \(proto.amount)") }
        self.init(
            id: try check.required(proto.flowID, "flow_id"),
            clientId: try check.required(proto.clientID, "client_id"),
            portfolioId: try check.required(proto.portfolioID, "portfolio_id"),
            kind: try check.known(ClientFlowKind(proto: proto.kind), rawValue: proto.kind.rawValue, "kind"),
            amount: Money(amount: amount, currency: try check.currency(proto.currency, "currency")),
            eventTimeNanos: try check.time(proto.eventTimeNs, "event_time_ns"),
            ingestTimeNanos: try check.time(proto.ingestTimeNs, "ingest_time_ns"))
    }

    /// The wire message; the amount is written as a plain decimal string.
    public var proto: Tickflow_V1_ClientFlow {
        var message = Tickflow_V1_ClientFlow()
        message.flowID = id
        message.clientID = clientId
        message.portfolioID = portfolioId
        message.kind = kind.proto
        message.amount = amount.amountString
        message.currency = amount.currency
        message.eventTimeNs = eventTimeNanos
        message.ingestTimeNs = ingestTimeNanos
        return message
    }
}
