/// The error type of the `Serving` module: a code, what happened and where, and the underlying error.
public struct ServingError: Error, Sendable, CustomStringConvertible {
    /// What kind of failure this is.
    public enum Code: String, Sendable {
        /// The cache server cannot be reached or the connection broke.
        case cacheUnavailable = "CACHE_UNAVAILABLE"
        /// The cache server answered with an error reply.
        case cacheCommand = "CACHE_COMMAND"
    }

    /// The kind of failure.
    public var code: Code
    /// What happened, and where.
    public var message: String
    /// The underlying error, if any.
    public var underlying: (any Error & Sendable)?

    /// Creates an error.
    public init(_ code: Code, _ message: String, underlying: (any Error & Sendable)? = nil) {
        self.code = code
        self.message = message
        self.underlying = underlying
    }

    public var description: String { "ServingError.\(code.rawValue): \(message)" }
}
