extension MarketEvent: ProtobufRepresentable {
    /// Creates an event from its wire message; exactly one of `trade` or `quote` must be set and valid.
    public init(proto: Tickflow_V1_MarketEvent) throws {
        switch proto.payload {
        case .trade(let trade)?: self = .trade(try Trade(proto: trade))
        case .quote(let quote)?: self = .quote(try Quote(proto: quote))
        case nil:
            throw FieldValidator(Tickflow_V1_MarketEvent.self).invalid("payload", "is required: neither trade nor quote is set")
        }
    }

    /// The wire message.
    public var proto: Tickflow_V1_MarketEvent {
        var message = Tickflow_V1_MarketEvent()
        switch self {
        case .trade(let trade): message.trade = trade.proto
        case .quote(let quote): message.quote = quote.proto
        }
        return message
    }

    /// The Protobuf encoding, written directly (the same bytes as ``proto``'s).
    public func serializedBytes() -> [UInt8] {
        ProtoWireWriter.encoded(capacity: 144, write(to:))
    }

    /// Writes the `oneof` member that is set.
    func write(to writer: inout ProtoWireWriter) {
        switch self {
        case .trade(let trade): writer.message(1) { trade.write(to: &$0) }
        case .quote(let quote): writer.message(2) { quote.write(to: &$0) }
        }
    }
}
