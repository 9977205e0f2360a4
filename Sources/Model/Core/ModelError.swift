/// The error type of the `Model` module: a code, a message naming the message type and field, and the underlying error.
public struct ModelError: Error, Sendable, CustomStringConvertible {
    /// What kind of failure this is.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        let name: String
        public var description: String { name }

        /// The bytes are not a valid Protobuf encoding of the expected message.
        public static let decoding = Code(name: "decoding")
        /// A value could not be serialized.
        public static let encoding = Code(name: "encoding")
        /// A decoded message has a field whose value is missing, malformed or out of range.
        public static let invalidField = Code(name: "invalid-field")
        /// A standalone value (a decimal string, a timestamp, a currency code) could not be parsed.
        public static let invalidValue = Code(name: "invalid-value")
    }

    /// The kind of failure.
    public var code: Code
    /// What happened, and where.
    public var message: String
    /// The fully qualified Protobuf message involved, e.g. `tickflow.v1.Trade`, when known.
    public var messageType: String?
    /// The Protobuf field involved, e.g. `price`, when known.
    public var field: String?
    /// The underlying error, if any.
    public var underlying: (any Error & Sendable)?

    /// Creates an error.
    public init(
        _ code: Code, _ message: String, messageType: String? = nil, field: String? = nil,
        underlying: (any Error & Sendable)? = nil
    ) {
        self.code = code
        self.message = message
        self.messageType = messageType
        self.field = field
        self.underlying = underlying
    }

    public var description: String {
        var text = "ModelError.\(code): "
        switch (messageType, field) {
        case (let type?, let field?): text += "\(type).\(field): "
        case (let type?, nil): text += "\(type): "
        case (nil, let field?): text += "\(field): "
        case (nil, nil): break
        }
        text += message
        if let underlying { text += " (caused by: \(underlying))" }
        return text
    }
}
