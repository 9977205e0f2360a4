/// The error type of the `Stream` module: a code, a message with the context, and the underlying error.
public struct StreamError: Error, Sendable, CustomStringConvertible {
    /// What kind of failure this is.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        let name: String
        public var description: String { name }

        /// The configuration was rejected (unknown property, invalid value).
        public static let configuration = Code(name: "configuration")
        /// A record could not be delivered to its topic.
        public static let delivery = Code(name: "delivery")
        /// A consumer operation failed (poll, commit, assign, seek).
        public static let consumer = Code(name: "consumer")
        /// A transaction operation failed; see ``StreamError/transactionRequiresAbort``.
        public static let transaction = Code(name: "transaction")
        /// An admin operation failed (create topics, metadata).
        public static let admin = Code(name: "admin")
        /// The operation timed out.
        public static let timeout = Code(name: "timeout")
        /// The client or transport was already closed.
        public static let closed = Code(name: "closed")
        /// A record could not be decoded.
        public static let decoding = Code(name: "decoding")
        /// A checkpoint could not be written or read.
        public static let checkpoint = Code(name: "checkpoint")
        /// A topic definition is invalid or missing.
        public static let topicDefinition = Code(name: "topic-definition")
        /// An unexpected internal error.
        public static let `internal` = Code(name: "internal")
    }

    /// The kind of failure.
    public var code: Code
    /// What happened, and where.
    public var message: String
    /// The underlying error, if any.
    public var underlying: (any Error & Sendable)?
    /// The Kafka error code, when librdkafka reported one.
    public var kafkaErrorCode: Int32?
    /// Whether the failed operation may succeed if retried.
    public var isRetriable: Bool
    /// Whether the client can no longer be used.
    public var isFatal: Bool
    /// For transactions: whether the current transaction must be aborted before going on.
    public var transactionRequiresAbort: Bool

    /// Creates an error.
    public init(
        _ code: Code, _ message: String, underlying: (any Error & Sendable)? = nil, kafkaErrorCode: Int32? = nil,
        isRetriable: Bool = false, isFatal: Bool = false, transactionRequiresAbort: Bool = false
    ) {
        self.code = code
        self.message = message
        self.underlying = underlying
        self.kafkaErrorCode = kafkaErrorCode
        self.isRetriable = isRetriable
        self.isFatal = isFatal
        self.transactionRequiresAbort = transactionRequiresAbort
    }

    public var description: String {
        var text = "StreamError.\(code): \(message)"
        if let underlying { text += " (caused by: \(underlying))" }
        return text
    }
}
