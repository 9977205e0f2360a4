extension OptionTerms: ProtobufRepresentable {
    /// Creates option terms from their wire message: a UUID `underlying_id`, a finite `strike` > 0,
    /// a set `expiry_ns` and a known `right`.
    public init(proto: Tickflow_V1_OptionTerms) throws {
        let check = FieldValidator(Tickflow_V1_OptionTerms.self)
        self.init(
            underlyingId: try check.uuid(proto.underlyingID, "underlying_id"),
            strike: try check.positive(proto.strike, "strike"),
            expiryNanos: try check.time(proto.expiryNs, "expiry_ns"),
            right: try check.known(OptionRight(proto: proto.right), rawValue: proto.right.rawValue, "right"))
    }

    /// The wire message.
    public var proto: Tickflow_V1_OptionTerms {
        var message = Tickflow_V1_OptionTerms()
        message.underlyingID = underlyingId
        message.strike = strike
        message.expiryNs = expiryNanos
        message.right = right.proto
        return message
    }
}
