/// Past prices of instruments: what the performance of a portfolio over a period is measured with.
///
/// The price of an instrument at a time `t` is its last trade (or bar close) at or before `t`.
public protocol PriceHistory: Sendable {
    /// The price at or before `timeNanos` of each of `instrumentIds` that has one; instruments without any
    /// price at or before that time are absent from the answer.
    ///
    /// - Throws: ``ServingError`` `storage` when the history cannot be read.
    func prices(of instrumentIds: Set<String>, at timeNanos: Int64) async throws(ServingError) -> [String: PricePoint]
}

/// One observed price: the trade (or bar close) and when it happened.
public struct PricePoint: Sendable, Hashable {
    /// The price, in the instrument's currency.
    public var price: Double
    /// Event time of the trade, ns since the epoch (UTC).
    public var timeNanos: Int64

    /// Creates a price point.
    public init(price: Double, timeNanos: Int64) {
        self.price = price
        self.timeNanos = timeNanos
    }
}
