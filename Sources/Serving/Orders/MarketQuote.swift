import Foundation

/// The touch of one instrument: best bid and best ask, exact, as orders are priced.
public struct MarketQuote: Sendable, Hashable {
    public var bid: Decimal
    public var ask: Decimal

    /// Creates a quote.
    public init(bid: Decimal, ask: Decimal) {
        self.bid = bid
        self.ask = ask
    }

    /// A quote whose bid and ask are both `price` (a last-price mark).
    public init(price: Decimal) {
        self.init(bid: price, ask: price)
    }
}
