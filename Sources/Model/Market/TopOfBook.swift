/// The best bid and best ask across venues for one instrument (`tickflow.v1.TopOfBook`).
public struct TopOfBook: Sendable, Hashable, Codable {
    /// Instrument id (UUID string); the Kafka key.
    public var instrumentId: String
    /// Ticker or local symbol.
    public var symbol: String
    /// Best bid price across venues.
    public var bidPrice: Double
    /// Quantity at the best bid.
    public var bidSize: Double
    /// Venue MIC of the best bid.
    public var bidVenue: String
    /// Best ask price across venues.
    public var askPrice: Double
    /// Quantity at the best ask.
    public var askSize: Double
    /// Venue MIC of the best ask.
    public var askVenue: String
    /// `askPrice - bidPrice`.
    public var spread: Double
    /// `(bidPrice + askPrice) / 2`.
    public var mid: Double
    /// ISO 4217 currency of the prices.
    public var currency: String
    /// Event time of the latest quote that changed the book, ns since the epoch (UTC).
    public var eventTimeNanos: Int64
    /// When this book was computed, ns since the epoch (UTC).
    public var ingestTimeNanos: Int64

    /// Creates a top of book; ``spread`` and ``mid`` are computed from the bid and ask.
    public init(
        instrumentId: String, symbol: String, bidPrice: Double, bidSize: Double, bidVenue: String,
        askPrice: Double, askSize: Double, askVenue: String, currency: String, eventTimeNanos: Int64,
        ingestTimeNanos: Int64
    ) {
        self.instrumentId = instrumentId
        self.symbol = symbol
        self.bidPrice = bidPrice
        self.bidSize = bidSize
        self.bidVenue = bidVenue
        self.askPrice = askPrice
        self.askSize = askSize
        self.askVenue = askVenue
        self.spread = askPrice - bidPrice
        self.mid = (bidPrice + askPrice) / 2
        self.currency = currency
        self.eventTimeNanos = eventTimeNanos
        self.ingestTimeNanos = ingestTimeNanos
    }
}
