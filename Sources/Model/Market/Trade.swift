/// One execution printed by a venue (`tickflow.v1.Trade`).
public struct Trade: Sendable, Hashable, Codable {
    /// Instrument id (UUID string); the Kafka key.
    public var instrumentId: String
    /// Ticker or local symbol, e.g. `AAPL`.
    public var symbol: String
    /// Venue MIC, e.g. `XNAS`; empty when unknown.
    public var venue: String
    /// Execution price in ``currency`` (bonds: percent of par).
    public var price: Double
    /// Executed quantity (shares, contracts, face amount or base-currency units).
    public var quantity: Double
    /// ISO 4217 currency of ``price``.
    public var currency: String
    /// Venue trade id; empty when the venue sends none.
    public var tradeId: String
    /// Feed sequence number; 0 when the feed has none.
    public var sequence: UInt64
    /// When the trade happened at the venue, ns since the epoch (UTC).
    public var eventTimeNanos: Int64
    /// When TickFlow received it, ns since the epoch (UTC).
    public var ingestTimeNanos: Int64
    /// Which side initiated the trade.
    public var aggressorSide: AggressorSide
    // aggressorSide is stored last: between the 8-byte fields its one byte was padded to eight, which made a trade
    // 128 bytes and the stream's records (a trade plus their enum tags) just too large to be copied inline rather
    // than through a `memcpy` call.

    /// Creates a trade.
    public init(
        instrumentId: String, symbol: String, venue: String = "", price: Double, quantity: Double,
        currency: String, aggressorSide: AggressorSide = .unknown, tradeId: String = "", sequence: UInt64 = 0,
        eventTimeNanos: Int64, ingestTimeNanos: Int64
    ) {
        self.instrumentId = instrumentId
        self.symbol = symbol
        self.venue = venue
        self.price = price
        self.quantity = quantity
        self.currency = currency
        self.aggressorSide = aggressorSide
        self.tradeId = tradeId
        self.sequence = sequence
        self.eventTimeNanos = eventTimeNanos
        self.ingestTimeNanos = ingestTimeNanos
    }

    /// The traded value, price x quantity, in ``currency`` (an analytic `Double`, not ledger money).
    public var notional: Double { price * quantity }
}
