extension Instrument: ProtobufRepresentable {
    /// Creates an instrument from its wire message.
    ///
    /// Requires a UUID `id`, `symbol`, `name`, a known `asset_class`, an ISO 4217 `currency`, a MIC or
    /// empty `venue`, finite `lot_size` and `tick_size` > 0, valid `option` terms only on a
    /// derivative, and both times set.
    public init(proto: Tickflow_V1_Instrument) throws {
        let check = FieldValidator(Tickflow_V1_Instrument.self)
        let assetClass = try check.known(
            AssetClass(proto: proto.assetClass), rawValue: proto.assetClass.rawValue, "asset_class")
        var option: OptionTerms?
        if proto.hasOption {
            if assetClass != .derivative {
                throw check.invalid("option", "is set on a \(assetClass.rawValue); only derivatives have option terms")
            }
            do {
                option = try OptionTerms(proto: proto.option)
            } catch let error as ModelError {
                throw check.invalid("option", error.description, underlying: error)
            }
        }
        self.init(
            id: try check.uuid(proto.id, "id"),
            symbol: try check.required(proto.symbol, "symbol"),
            name: try check.required(proto.name, "name"),
            assetClass: assetClass,
            currency: try check.currency(proto.currency, "currency"),
            sector: proto.sector,
            region: proto.region,
            venue: try check.optionalMIC(proto.venue, "venue"),
            lotSize: try check.positive(proto.lotSize, "lot_size"),
            tickSize: try check.positive(proto.tickSize, "tick_size"),
            option: option,
            eventTimeNanos: try check.time(proto.eventTimeNs, "event_time_ns"),
            ingestTimeNanos: try check.time(proto.ingestTimeNs, "ingest_time_ns"))
    }

    /// The wire message.
    public var proto: Tickflow_V1_Instrument {
        var message = Tickflow_V1_Instrument()
        message.id = id
        message.symbol = symbol
        message.name = name
        message.assetClass = assetClass.proto
        message.currency = currency
        message.sector = sector
        message.region = region
        message.venue = venue
        message.lotSize = lotSize
        message.tickSize = tickSize
        if let option { message.option = option.proto }
        message.eventTimeNs = eventTimeNanos
        message.ingestTimeNs = ingestTimeNanos
        return message
    }
}
