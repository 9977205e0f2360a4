import Foundation

/// The positions of one portfolio as of a time (`tickflow.v1.PortfolioHoldings`, compacted topic
/// `portfolios.holdings`, key = portfolio id): the side input of the portfolio-risk stage.
///
/// Each value replaces the previous one of the same portfolio; a value older than the one in force is ignored,
/// so replaying the topic is idempotent.
public struct PortfolioHoldings: Sendable, Hashable, Codable {
    /// One position.
    public struct Position: Sendable, Hashable, Codable {
        /// Instrument id (UUID string).
        public var instrumentId: String
        /// Units held, exact; negative for a short position.
        public var quantity: Decimal

        /// Creates a position.
        public init(instrumentId: String, quantity: Decimal) {
            self.instrumentId = instrumentId
            self.quantity = quantity
        }
    }

    /// Portfolio id; the Kafka key.
    public var portfolioId: String
    /// ISO 4217 currency risk is reported in (the base currency of the bars).
    public var baseCurrency: String
    /// The positions; empty closes the portfolio.
    public var positions: [Position]
    /// When these holdings took effect, ns since the epoch (UTC).
    public var eventTimeNanos: Int64
    /// When TickFlow received them, ns since the epoch (UTC).
    public var ingestTimeNanos: Int64

    /// Creates holdings.
    public init(portfolioId: String, baseCurrency: String, positions: [Position], eventTimeNanos: Int64, ingestTimeNanos: Int64) {
        self.portfolioId = portfolioId
        self.baseCurrency = baseCurrency
        self.positions = positions
        self.eventTimeNanos = eventTimeNanos
        self.ingestTimeNanos = ingestTimeNanos
    }
}
