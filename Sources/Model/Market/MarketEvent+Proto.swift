extension MarketEvent: ProtobufRepresentable {
    /// Creates an event from its wire message; exactly one of `trade` or `quote` must be set and valid.
    public init(proto: Tickflow_V1_MarketEvent) throws {
        let member = proto.payload.map { payload -> WireMember in
            switch payload {
            case .trade(let trade): .trade(trade)
            case .quote(let quote): .quote(quote)
            }
        }
        self = try Self.event(member, check: FieldValidator(Tickflow_V1_MarketEvent.self), field: "payload")
    }

    /// Decodes the Protobuf encoding directly (``ProtoWireReader``), to the value ``init(proto:)`` gives.
    ///
    /// - Throws: ``ModelError`` `.decoding` for malformed bytes, `.invalidField` for an invalid field.
    public init(serializedBytes bytes: [UInt8]) throws {
        let member = try ProtoWireReader.decode(bytes, messageType: Tickflow_V1_MarketEvent.protoMessageName) { reader in
            var member: WireMember?
            while try reader.nextField() != nil {
                if try !Self.read(&reader, into: &member) { try reader.skip() }
            }
            return member
        }
        self = try Self.event(member, check: FieldValidator(Tickflow_V1_MarketEvent.self), field: "payload")
    }

    /// The trade or quote member of a `oneof` being decoded (fields 1 and 2 of both `MarketEvent` and
    /// `EnrichedTick`).
    enum WireMember {
        case trade(Tickflow_V1_Trade)
        case quote(Tickflow_V1_Quote)
    }

    /// The event of a decoded `oneof`, validated.
    ///
    /// - Throws: ``ModelError`` `.invalidField`: `field` of `check`'s message when neither member is set.
    static func event(_ member: WireMember?, check: FieldValidator, field: String) throws -> MarketEvent {
        switch member {
        case .trade(let trade)?: .trade(try Trade(proto: trade))
        case .quote(let quote)?: .quote(try Quote(proto: quote))
        case nil: throw check.invalid(field, "is required: neither trade nor quote is set")
        }
    }

    /// Reads the current field into `member` when it is the trade (1) or quote (2): a second occurrence of the
    /// member that is set merges into it, of the other member replaces it, as in Protobuf.
    ///
    /// - Returns: whether the field was one of them.
    static func read(_ reader: inout ProtoWireReader, into member: inout WireMember?) throws -> Bool {
        guard reader.wireType == .lengthDelimited else { return false }
        switch reader.field {
        case 1:
            let set: Tickflow_V1_Trade? = if case .trade(let trade)? = member { trade } else { nil }
            member = .trade(try reader.message(over: set ?? Tickflow_V1_Trade(), Trade.merge))
        case 2:
            let set: Tickflow_V1_Quote? = if case .quote(let quote)? = member { quote } else { nil }
            member = .quote(try reader.message(over: set ?? Tickflow_V1_Quote(), Quote.merge))
        default: return false
        }
        return true
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
