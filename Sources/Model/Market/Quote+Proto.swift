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

    /// The Protobuf encoding, written directly (the same bytes as ``proto``'s).
    public func serializedBytes() -> [UInt8] {
        ProtoWireWriter.encoded(capacity: 128, write(to:))
    }

    /// Writes the fields of the wire message, in field-number order.
    func write(to writer: inout ProtoWireWriter) {
        writer.string(1, instrumentId)
        writer.string(2, symbol)
        writer.string(3, venue)
        writer.double(4, bidPrice)
        writer.double(5, bidSize)
        writer.double(6, askPrice)
        writer.double(7, askSize)
        writer.string(8, currency)
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

    /// Reads the fields of an encoded quote into `message`, over what it holds (as Protobuf merges).
    static func merge(_ reader: inout ProtoWireReader, into message: inout Tickflow_V1_Quote) throws {
        while let field = try reader.nextField() {
            switch (field, reader.wireType) {
            case (1, .lengthDelimited): message.instrumentID = try reader.string()
            case (2, .lengthDelimited): message.symbol = try reader.string()
            case (3, .lengthDelimited): message.venue = try reader.string()
            case (4, .fixed64): message.bidPrice = try reader.double()
            case (5, .fixed64): message.bidSize = try reader.double()
            case (6, .fixed64): message.askPrice = try reader.double()
            case (7, .fixed64): message.askSize = try reader.double()
            case (8, .lengthDelimited): message.currency = try reader.string()
            case (9, .varint): message.sequence = try reader.uint64()
            case (10, .fixed64): message.eventTimeNs = try reader.sfixed64()
            case (11, .fixed64): message.ingestTimeNs = try reader.sfixed64()
            default: try reader.skip()
            }
        }
    }
}
