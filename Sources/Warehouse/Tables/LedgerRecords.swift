import Foundation

/// One state of an order, as the `orders` history table stores it (Model's Order type is owned by the ledger;
/// this is the warehouse's row). Money is exact.
public struct OrderRecord: Sendable, Hashable, Codable {
    public var orderId: String
    public var portfolioId: String
    public var instrumentId: String
    public var symbol: String
    /// `buy` or `sell`.
    public var side: String
    /// `market`, `limit`…
    public var orderType: String
    public var quantity: Decimal
    public var limitPrice: Decimal?
    /// `pending`, `filled`, `cancelled`…
    public var status: String
    public var currency: String
    public var createdTimeNanos: Int64
    public var eventTimeNanos: Int64
    public var ingestTimeNanos: Int64

    /// Creates an order row.
    public init(orderId: String, portfolioId: String, instrumentId: String, symbol: String, side: String,
                orderType: String, quantity: Decimal, limitPrice: Decimal?, status: String, currency: String,
                createdTimeNanos: Int64, eventTimeNanos: Int64, ingestTimeNanos: Int64) {
        self.orderId = orderId
        self.portfolioId = portfolioId
        self.instrumentId = instrumentId
        self.symbol = symbol
        self.side = side
        self.orderType = orderType
        self.quantity = quantity
        self.limitPrice = limitPrice
        self.status = status
        self.currency = currency
        self.createdTimeNanos = createdTimeNanos
        self.eventTimeNanos = eventTimeNanos
        self.ingestTimeNanos = ingestTimeNanos
    }
}

/// One execution of an order, as the `fills` history table stores it. Money is exact.
public struct FillRecord: Sendable, Hashable, Codable {
    public var fillId: String
    public var orderId: String
    public var portfolioId: String
    public var instrumentId: String
    public var symbol: String
    public var side: String
    public var quantity: Decimal
    public var price: Decimal
    public var notional: Decimal
    public var fee: Decimal
    public var currency: String
    public var eventTimeNanos: Int64
    public var ingestTimeNanos: Int64

    /// Creates a fill row.
    public init(fillId: String, orderId: String, portfolioId: String, instrumentId: String, symbol: String,
                side: String, quantity: Decimal, price: Decimal, notional: Decimal, fee: Decimal, currency: String,
                eventTimeNanos: Int64, ingestTimeNanos: Int64) {
        self.fillId = fillId
        self.orderId = orderId
        self.portfolioId = portfolioId
        self.instrumentId = instrumentId
        self.symbol = symbol
        self.side = side
        self.quantity = quantity
        self.price = price
        self.notional = notional
        self.fee = fee
        self.currency = currency
        self.eventTimeNanos = eventTimeNanos
        self.ingestTimeNanos = ingestTimeNanos
    }
}
