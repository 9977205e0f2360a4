import Foundation

/// A named model portfolio of a client: target holdings with cost basis, valued at market prices.
public struct Portfolio: Sendable, Hashable {
    /// One position of a portfolio.
    public struct Holding: Sendable, Hashable {
        public var instrumentId: String
        /// Units, exact (`NUMERIC(20,8)`).
        public var quantity: Decimal
        /// Total cost, exact (`NUMERIC(20,2)`).
        public var costBasis: Decimal

        /// Creates a position.
        public init(instrumentId: String, quantity: Decimal, costBasis: Decimal) {
            self.instrumentId = instrumentId
            self.quantity = quantity
            self.costBasis = costBasis
        }
    }

    public var id: String
    public var name: String
    /// The investor who owns it.
    public var clientId: String
    public var currency: String
    public var holdings: [Holding]
    public var createdAtNanos: Int64
    public var lastRebalancedAtNanos: Int64?

    /// Creates a portfolio.
    public init(
        id: String, name: String, clientId: String, currency: String, holdings: [Holding], createdAtNanos: Int64,
        lastRebalancedAtNanos: Int64?
    ) {
        self.id = id
        self.name = name
        self.clientId = clientId
        self.currency = currency
        self.holdings = holdings
        self.createdAtNanos = createdAtNanos
        self.lastRebalancedAtNanos = lastRebalancedAtNanos
    }
}
