/// The error type of the `Connectors` module: a code, a message, where in the feed it happened, and the cause.
public struct ConnectorError: Error, Sendable, CustomStringConvertible {
    /// What kind of failure this is.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        let name: String
        public var description: String { name }

        /// A feed file or connection could not be opened or read.
        public static let io = Code(name: "io")
        /// The connector's configuration (a column mapping, a lexicon, options) is invalid.
        public static let configuration = Code(name: "configuration")
        /// A compressed input is corrupt.
        public static let compression = Code(name: "compression")
        /// Publishing to the transport failed.
        public static let publish = Code(name: "publish")
        /// A FIX session could not be established or broke off.
        public static let session = Code(name: "session")
    }

    /// The kind of failure.
    public var code: Code
    /// What happened.
    public var message: String
    /// Where in the feed, when known.
    public var position: FeedPosition?
    /// The underlying error, if any.
    public var underlying: (any Error & Sendable)?

    /// Creates an error.
    public init(_ code: Code, _ message: String, position: FeedPosition? = nil, underlying: (any Error & Sendable)? = nil) {
        self.code = code
        self.message = message
        self.position = position
        self.underlying = underlying
    }

    public var description: String {
        var text = "ConnectorError.\(code): \(message)"
        if let position { text += " at \(position)" }
        if let underlying { text += " (caused by: \(underlying))" }
        return text
    }
}
