import Foundation

/// Buy or sell.
public enum OrderSide: String, Sendable, Hashable, Codable, CaseIterable {
    case buy
    case sell
}

/// Market orders fill at the touch; limit orders when the market crosses their price.
public enum OrderType: String, Sendable, Hashable, Codable, CaseIterable {
    case market
    case limit
}

/// Where an order is in its life: `open` until filled, cancelled or rejected.
public enum OrderStatus: String, Sendable, Hashable, Codable, CaseIterable {
    case open
    case filled
    case cancelled
    case rejected

    /// Whether nothing can happen to the order any more.
    public var isFinal: Bool { self != .open }
}

/// An order to buy or sell shares for an investor, placed by the investor or by an authorized broker.
public struct Order: Sendable, Hashable {
    public var id: String
    /// The investor whose wallet and holdings the order uses.
    public var userId: String
    /// Who placed it: the investor, or a broker.
    public var placedBy: String
    /// The authorization a broker's order uses; nil for an investor's own order.
    public var authorizationId: String?
    public var instrumentId: String
    public var side: OrderSide
    public var type: OrderType
    /// Units, exact (`NUMERIC(20,8)`).
    public var quantity: Decimal
    /// Limit price, for limit orders.
    public var limitPrice: Decimal?
    /// Placed by an automated strategy of the investor.
    public var automated: Bool
    public var status: OrderStatus
    /// Cash (buy) or units (sell) held while the order is open.
    public var reserved: Decimal
    public var filledQuantity: Decimal
    /// Price of the fill, once filled.
    public var fillPrice: Decimal?
    public var createdAtNanos: Int64
    public var updatedAtNanos: Int64

    /// Creates an order.
    public init(
        id: String, userId: String, placedBy: String, authorizationId: String?, instrumentId: String, side: OrderSide,
        type: OrderType, quantity: Decimal, limitPrice: Decimal?, automated: Bool, status: OrderStatus,
        reserved: Decimal, filledQuantity: Decimal, fillPrice: Decimal?, createdAtNanos: Int64, updatedAtNanos: Int64
    ) {
        self.id = id
        self.userId = userId
        self.placedBy = placedBy
        self.authorizationId = authorizationId
        self.instrumentId = instrumentId
        self.side = side
        self.type = type
        self.quantity = quantity
        self.limitPrice = limitPrice
        self.automated = automated
        self.status = status
        self.reserved = reserved
        self.filledQuantity = filledQuantity
        self.fillPrice = fillPrice
        self.createdAtNanos = createdAtNanos
        self.updatedAtNanos = updatedAtNanos
    }
}
