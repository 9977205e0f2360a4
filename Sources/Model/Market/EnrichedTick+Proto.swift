extension EnrichedTick: ProtobufRepresentable {
    /// Creates an enriched tick from its wire message.
    ///
    /// Requires exactly one valid `trade` or `quote`, an ISO 4217 `base_currency`, a finite `fx_rate` > 0,
    /// finite base-currency values, a known `asset_class`, an `event_time_ns` equal to the event's and an
    /// `ingest_time_ns` set.
    public init(proto: Tickflow_V1_EnrichedTick) throws {
        let member = proto.event.map { event -> MarketEvent.WireMember in
            switch event {
            case .trade(let trade): .trade(trade)
            case .quote(let quote): .quote(quote)
            }
        }
        let fields = WireFields(
            baseCurrency: proto.baseCurrency, fxRate: proto.fxRate, fxInterpolated: proto.fxInterpolated, priceBase: proto.priceBase,
            notionalBase: proto.notionalBase, assetClass: proto.assetClass, sector: proto.sector, region: proto.region,
            eventTimeNs: proto.eventTimeNs, ingestTimeNs: proto.ingestTimeNs)
        try self.init(member: member, fields: fields)
    }

    /// The fields of the wire message besides its event. The generated message keeps them in a shared storage
    /// class, whose copy on first write and checked accesses cost more than the direct decoding.
    private struct WireFields {
        var baseCurrency = ""
        var fxRate = 0.0
        var fxInterpolated = false
        var priceBase = 0.0
        var notionalBase = 0.0
        var assetClass = Tickflow_V1_AssetClass.unspecified
        var sector = ""
        var region = ""
        var eventTimeNs: Int64 = 0
        var ingestTimeNs: Int64 = 0
    }

    /// Decodes the Protobuf encoding directly (``ProtoWireReader``), to the value ``init(proto:)`` gives.
    ///
    /// - Throws: ``ModelError`` `.decoding` for malformed bytes, `.invalidField` for an invalid field.
    public init(serializedBytes bytes: [UInt8]) throws {
        let (member, fields) = try ProtoWireReader.decode(bytes, messageType: Tickflow_V1_EnrichedTick.protoMessageName) { reader in
            var member: MarketEvent.WireMember?
            var fields = WireFields()
            while let field = try reader.nextField() {
                if try MarketEvent.read(&reader, into: &member) { continue }
                switch (field, reader.wireType) {
                case (3, .lengthDelimited): fields.baseCurrency = try reader.string()
                case (4, .fixed64): fields.fxRate = try reader.double()
                case (5, .varint): fields.fxInterpolated = try reader.bool()
                case (6, .fixed64): fields.priceBase = try reader.double()
                case (7, .fixed64): fields.notionalBase = try reader.double()
                case (8, .varint):
                    let number = try reader.enumeration()
                    fields.assetClass = Tickflow_V1_AssetClass(rawValue: number) ?? .UNRECOGNIZED(number)
                case (9, .lengthDelimited): fields.sector = try reader.string()
                case (10, .lengthDelimited): fields.region = try reader.string()
                case (11, .fixed64): fields.eventTimeNs = try reader.sfixed64()
                case (12, .fixed64): fields.ingestTimeNs = try reader.sfixed64()
                default: try reader.skip()
                }
            }
            return (member, fields)
        }
        try self.init(member: member, fields: fields)
    }

    /// Validates the event `member` and the other fields.
    private init(member: MarketEvent.WireMember?, fields proto: WireFields) throws {
        let check = FieldValidator(Tickflow_V1_EnrichedTick.self)
        let event = try MarketEvent.event(member, check: check, field: "event")
        if proto.eventTimeNs != event.eventTimeNanos {
            throw check.invalid(
                "event_time_ns", "must equal the event's event_time_ns \(event.eventTimeNanos), got \(proto.eventTimeNs)")
        }
        self.init(
            event: event,
            baseCurrency: try check.currency(proto.baseCurrency, "base_currency"),
            fxRate: try check.positive(proto.fxRate, "fx_rate"),
            fxInterpolated: proto.fxInterpolated,
            priceBase: try check.finite(proto.priceBase, "price_base"),
            notionalBase: try check.finite(proto.notionalBase, "notional_base"),
            assetClass: try check.known(AssetClass(proto: proto.assetClass), rawValue: proto.assetClass.rawValue, "asset_class"),
            sector: proto.sector,
            region: proto.region,
            ingestTimeNanos: try check.time(proto.ingestTimeNs, "ingest_time_ns"))
    }

    /// The wire message.
    public var proto: Tickflow_V1_EnrichedTick {
        var message = Tickflow_V1_EnrichedTick()
        switch event {
        case .trade(let trade): message.trade = trade.proto
        case .quote(let quote): message.quote = quote.proto
        }
        message.baseCurrency = baseCurrency
        message.fxRate = fxRate
        message.fxInterpolated = fxInterpolated
        message.priceBase = priceBase
        message.notionalBase = notionalBase
        message.assetClass = assetClass.proto
        message.sector = sector
        message.region = region
        message.eventTimeNs = event.eventTimeNanos
        message.ingestTimeNs = ingestTimeNanos
        return message
    }

    /// The Protobuf encoding, written directly (the same bytes as ``proto``'s).
    public func serializedBytes() -> [UInt8] {
        ProtoWireWriter.encoded(capacity: 208) { writer in
            event.write(to: &writer)
            writer.string(3, baseCurrency)
            writer.double(4, fxRate)
            writer.bool(5, fxInterpolated)
            writer.double(6, priceBase)
            writer.double(7, notionalBase)
            writer.enumeration(8, assetClass.proto.rawValue)
            writer.string(9, sector)
            writer.string(10, region)
            writer.sfixed64(11, event.eventTimeNanos)
            writer.sfixed64(12, ingestTimeNanos)
        }
    }
}
