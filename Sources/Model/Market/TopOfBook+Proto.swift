extension TopOfBook: ProtobufRepresentable {
    /// Creates a top of book from its wire message.
    ///
    /// Requires `instrument_id`, `symbol`, `currency`, finite prices, sizes >= 0, MIC or empty venues,
    /// both times set, and `spread` / `mid` consistent with the prices (to 1e-9 relative).
    public init(proto: Tickflow_V1_TopOfBook) throws {
        let check = FieldValidator(Tickflow_V1_TopOfBook.self)
        self.init(
            instrumentId: try check.required(proto.instrumentID, "instrument_id"),
            symbol: try check.required(proto.symbol, "symbol"),
            bidPrice: try check.finite(proto.bidPrice, "bid_price"),
            bidSize: try check.nonNegative(proto.bidSize, "bid_size"),
            bidVenue: try check.optionalMIC(proto.bidVenue, "bid_venue"),
            askPrice: try check.finite(proto.askPrice, "ask_price"),
            askSize: try check.nonNegative(proto.askSize, "ask_size"),
            askVenue: try check.optionalMIC(proto.askVenue, "ask_venue"),
            currency: try check.currency(proto.currency, "currency"),
            eventTimeNanos: try check.time(proto.eventTimeNs, "event_time_ns"),
            ingestTimeNanos: try check.time(proto.ingestTimeNs, "ingest_time_ns"))
        let tolerance = 1e-9 * max(1, abs(askPrice), abs(bidPrice))
        if !(abs(proto.spread - spread) <= tolerance) {
            throw check.invalid("spread", "must be ask_price - bid_price = \(spread), got \(proto.spread)")
        }
        if !(abs(proto.mid - mid) <= tolerance) {
            throw check.invalid("mid", "must be (bid_price + ask_price) / 2 = \(mid), got \(proto.mid)")
        }
        spread = proto.spread
        mid = proto.mid
    }

    /// The wire message.
    public var proto: Tickflow_V1_TopOfBook {
        var message = Tickflow_V1_TopOfBook()
        message.instrumentID = instrumentId
        message.symbol = symbol
        message.bidPrice = bidPrice
        message.bidSize = bidSize
        message.bidVenue = bidVenue
        message.askPrice = askPrice
        message.askSize = askSize
        message.askVenue = askVenue
        message.spread = spread
        message.mid = mid
        message.currency = currency
        message.eventTimeNs = eventTimeNanos
        message.ingestTimeNs = ingestTimeNanos
        return message
    }

    /// The Protobuf encoding, written directly (the same bytes as ``proto``'s).
    public func serializedBytes() -> [UInt8] {
        ProtoWireWriter.encoded(capacity: 160) { writer in
            writer.string(1, instrumentId)
            writer.string(2, symbol)
            writer.double(3, bidPrice)
            writer.double(4, bidSize)
            writer.string(5, bidVenue)
            writer.double(6, askPrice)
            writer.double(7, askSize)
            writer.string(8, askVenue)
            writer.double(9, spread)
            writer.double(10, mid)
            writer.string(11, currency)
            writer.sfixed64(12, eventTimeNanos)
            writer.sfixed64(13, ingestTimeNanos)
        }
    }

    /// Decodes the Protobuf encoding directly (``ProtoWireReader``), to the value ``init(proto:)`` gives.
    ///
    /// - Throws: ``ModelError`` `.decoding` for malformed bytes, `.invalidField` for an invalid field.
    public init(serializedBytes bytes: [UInt8]) throws {
        try self.init(proto: ProtoWireReader.decode(bytes, Self.merge))
    }

    /// Reads the fields of an encoded top of book into `message`, over what it holds (as Protobuf merges).
    static func merge(_ reader: inout ProtoWireReader, into message: inout Tickflow_V1_TopOfBook) throws {
        while let field = try reader.nextField() {
            switch (field, reader.wireType) {
            case (1, .lengthDelimited): message.instrumentID = try reader.string()
            case (2, .lengthDelimited): message.symbol = try reader.string()
            case (3, .fixed64): message.bidPrice = try reader.double()
            case (4, .fixed64): message.bidSize = try reader.double()
            case (5, .lengthDelimited): message.bidVenue = try reader.string()
            case (6, .fixed64): message.askPrice = try reader.double()
            case (7, .fixed64): message.askSize = try reader.double()
            case (8, .lengthDelimited): message.askVenue = try reader.string()
            case (9, .fixed64): message.spread = try reader.double()
            case (10, .fixed64): message.mid = try reader.double()
            case (11, .lengthDelimited): message.currency = try reader.string()
            case (12, .fixed64): message.eventTimeNs = try reader.sfixed64()
            case (13, .fixed64): message.ingestTimeNs = try reader.sfixed64()
            default: try reader.skip()
            }
        }
    }
}
