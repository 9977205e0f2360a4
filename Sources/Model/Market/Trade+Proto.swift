extension Trade: ProtobufRepresentable {
    /// Creates a trade from its wire message.
    ///
    /// Requires `instrument_id`, `symbol` and `currency` (ISO 4217), a finite `price`, a finite
    /// `quantity` > 0, a known `aggressor_side`, a MIC or empty `venue`, and both times set.
    public init(proto: Tickflow_V1_Trade) throws {
        let check = FieldValidator(Tickflow_V1_Trade.self)
        self.init(
            instrumentId: try check.required(proto.instrumentID, "instrument_id"),
            symbol: try check.required(proto.symbol, "symbol"),
            venue: try check.optionalMIC(proto.venue, "venue"),
            price: try check.finite(proto.price, "price"),
            quantity: try check.positive(proto.quantity, "quantity"),
            currency: try check.currency(proto.currency, "currency"),
            aggressorSide: try check.known(
                AggressorSide(proto: proto.aggressorSide), rawValue: proto.aggressorSide.rawValue, "aggressor_side"),
            tradeId: proto.tradeID,
            sequence: proto.sequence,
            eventTimeNanos: try check.time(proto.eventTimeNs, "event_time_ns"),
            ingestTimeNanos: try check.time(proto.ingestTimeNs, "ingest_time_ns"))
    }

    /// The wire message.
    public var proto: Tickflow_V1_Trade {
        var message = Tickflow_V1_Trade()
        message.instrumentID = instrumentId
        message.symbol = symbol
        message.venue = venue
        message.price = price
        message.quantity = quantity
        message.currency = currency
        message.aggressorSide = aggressorSide.proto
        message.tradeID = tradeId
        message.sequence = sequence
        message.eventTimeNs = eventTimeNanos
        message.ingestTimeNs = ingestTimeNanos
        return message
    }

    /// The Protobuf encoding, written directly (the same bytes as ``proto``'s).
    public func serializedBytes() -> [UInt8] {
        ProtoWireWriter.encoded(capacity: 128, write(to:))
    }

    /// Writes the fields of the wire message, in field-number order.
    func write(to writer: inout ProtoWireWriter) {
        writer.string(1, instrumentId)
        writer.string(2, symbol)
        writer.string(3, venue)
        writer.double(4, price)
        writer.double(5, quantity)
        writer.string(6, currency)
        writer.enumeration(7, aggressorSide.proto.rawValue)
        writer.string(8, tradeId)
        writer.uint64(9, sequence)
        writer.sfixed64(10, eventTimeNanos)
        writer.sfixed64(11, ingestTimeNanos)
    }

    /// Decodes the Protobuf encoding directly (``ProtoWireReader``), to the value ``init(proto:)`` gives.
    ///
    /// - Throws: ``ModelError`` `.decoding` for malformed bytes, `.invalidField` for an invalid field.
    public init(serializedBytes bytes: [UInt8]) throws {
        try self.init(proto: ProtoWireReader.decode(bytes, Self.merge))
    }

    /// Reads the fields of an encoded trade into `message`, over what it holds (as Protobuf merges).
    static func merge(_ reader: inout ProtoWireReader, into message: inout Tickflow_V1_Trade) throws {
        while let field = try reader.nextField() {
            switch (field, reader.wireType) {
            case (1, .lengthDelimited): message.instrumentID = try reader.string()
            case (2, .lengthDelimited): message.symbol = try reader.string()
            case (3, .lengthDelimited): message.venue = try reader.string()
            case (4, .fixed64): message.price = try reader.double()
            case (5, .fixed64): message.quantity = try reader.double()
            case (6, .lengthDelimited): message.currency = try reader.string()
            case (7, .varint):
                let number = try reader.enumeration()
                message.aggressorSide = Tickflow_V1_AggressorSide(rawValue: number) ?? .UNRECOGNIZED(number)
            case (8, .lengthDelimited): message.tradeID = try reader.string()
            case (9, .varint): message.sequence = try reader.uint64()
            case (10, .fixed64): message.eventTimeNs = try reader.sfixed64()
            case (11, .fixed64): message.ingestTimeNs = try reader.sfixed64()
            default: try reader.skip()
            }
        }
    }
}
