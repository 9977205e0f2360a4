/// The terms of an option contract (`tickflow.v1.OptionTerms`).
public struct OptionTerms: Sendable, Hashable, Codable {
    /// Instrument id (UUID string) of the underlying.
    public var underlyingId: String
    /// Strike price in the option's currency.
    public var strike: Double
    /// Expiry, ns since the epoch (UTC).
    public var expiryNanos: Int64
    /// Call or put.
    public var right: OptionRight

    /// Creates option terms.
    public init(underlyingId: String, strike: Double, expiryNanos: Int64, right: OptionRight) {
        self.underlyingId = underlyingId
        self.strike = strike
        self.expiryNanos = expiryNanos
        self.right = right
    }
}
