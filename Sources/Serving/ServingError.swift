/// The error type of the `Serving` module: a code, what happened and where, and the underlying error.
public struct ServingError: Error, Sendable, CustomStringConvertible {
    /// What kind of failure this is.
    public enum Code: String, Sendable {
        /// The cache server cannot be reached or the connection broke.
        case cacheUnavailable = "CACHE_UNAVAILABLE"
        /// The cache server answered with an error reply.
        case cacheCommand = "CACHE_COMMAND"
        /// A request field is missing or invalid (`field` names it).
        case validation = "VALIDATION_ERROR"
        /// No valid credentials: missing, malformed, expired or revoked token, unknown user.
        case unauthorized = "UNAUTHORIZED"
        /// Authenticated, but the role may not do this.
        case forbidden = "FORBIDDEN"
        /// No such resource, or not one the caller may see.
        case notFound = "NOT_FOUND"
        /// The resource already exists (e.g. an e-mail already registered).
        case conflict = "CONFLICT"
        /// The resource is in a state that forbids the change (e.g. cancelling a filled order).
        case invalidState = "INVALID_STATE"
        /// The wallet's available cash does not cover the request.
        case insufficientFunds = "INSUFFICIENT_FUNDS"
        /// The holding's available units do not cover the request.
        case insufficientHoldings = "INSUFFICIENT_HOLDINGS"
        /// A broker's authorization does not cover the order.
        case authorizationExceeded = "AUTHORIZATION_INVALID"
        /// No quote for the instrument, so a market order cannot be priced.
        case noQuote = "NO_QUOTE"
        /// No price history for an instrument at the time asked (or no history kept), so a return over a
        /// period cannot be measured.
        case noPriceHistory = "NO_PRICE_HISTORY"
        /// The request body is over the size limit.
        case payloadTooLarge = "PAYLOAD_TOO_LARGE"
        /// Too many requests in the current window (``ServingError/retryAfterSeconds`` says when to come back).
        case rateLimited = "RATE_LIMITED"
        /// The ledger database failed or cannot be reached.
        case storage = "STORAGE_ERROR"
        /// A schema migration failed.
        case migration = "MIGRATION_ERROR"
    }

    /// The kind of failure.
    public var code: Code
    /// What happened, and where.
    public var message: String
    /// The request field at fault, for validation errors.
    public var field: String?
    /// The underlying error, if any.
    public var underlying: (any Error & Sendable)?
    /// For `rateLimited`: seconds until the window resets (the `Retry-After` header).
    public var retryAfterSeconds: Int?

    /// Creates an error.
    public init(_ code: Code, _ message: String, underlying: (any Error & Sendable)? = nil) {
        self.code = code
        self.message = message
        self.underlying = underlying
    }

    /// Creates an error about one request field.
    public init(_ code: Code, field: String, _ message: String) {
        self.code = code
        self.message = message
        self.field = field
    }

    public var description: String { "ServingError.\(code.rawValue): \(message)" }
}
