import Foundation

/// The touch of one instrument: best bid and best ask, exact, as orders are priced, with the size quoted
/// at each (nil: unlimited depth, as for a reference mark).
public struct MarketQuote: Sendable, Hashable {
    public var bid: Decimal
    public var ask: Decimal
    /// Units available at the bid, nil when unknown (unlimited).
    public var bidSize: Decimal?
    /// Units available at the ask, nil when unknown (unlimited).
    public var askSize: Decimal?

    /// Creates a quote.
    public init(bid: Decimal, ask: Decimal, bidSize: Decimal? = nil, askSize: Decimal? = nil) {
        self.bid = bid
        self.ask = ask
        self.bidSize = bidSize
        self.askSize = askSize
    }

    /// A quote whose bid and ask are both `price` (a last-price mark), of unlimited depth.
    public init(price: Decimal) {
        self.init(bid: price, ask: price)
    }
}
