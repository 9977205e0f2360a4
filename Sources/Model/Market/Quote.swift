/// The best bid and offer of one venue for one instrument at one instant (`tickflow.v1.Quote`).
public struct Quote: Sendable, Hashable, Codable {
    /// Instrument id (UUID string); the Kafka key.
    public var instrumentId: String
    /// Ticker or local symbol, e.g. `AAPL` or `US10Y`.
    public var symbol: String
    /// Venue MIC; empty when unknown.
    public var venue: String
    /// Best bid price in ``currency`` (bonds: percent of par).
    public var bidPrice: Double
    /// Quantity available at the bid.
    public var bidSize: Double
    /// Best ask (offer) price in ``currency``.
    public var askPrice: Double
    /// Quantity available at the ask.
    public var askSize: Double
    /// ISO 4217 currency of the prices.
    public var currency: String
    /// Feed sequence number; 0 when the feed has none.
    public var sequence: UInt64
    /// When the venue published the quote, ns since the epoch (UTC).
    public var eventTimeNanos: Int64
    /// When TickFlow received it, ns since the epoch (UTC).
    public var ingestTimeNanos: Int64

    /// Creates a quote.
    public init(
        instrumentId: String, symbol: String, venue: String = "", bidPrice: Double, bidSize: Double,
        askPrice: Double, askSize: Double, currency: String, sequence: UInt64 = 0, eventTimeNanos: Int64,
        ingestTimeNanos: Int64
    ) {
        self.instrumentId = instrumentId
        self.symbol = symbol
        self.venue = venue
        self.bidPrice = bidPrice
        self.bidSize = bidSize
        self.askPrice = askPrice
        self.askSize = askSize
        self.currency = currency
        self.sequence = sequence
        self.eventTimeNanos = eventTimeNanos
        self.ingestTimeNanos = ingestTimeNanos
    }

    /// The mid price, (bid + ask) / 2.
    public var mid: Double { (bidPrice + askPrice) / 2 }
    /// The quoted spread, ask - bid.
    public var spread: Double { askPrice - bidPrice }
}
