import Foundation

/// An execution of an order: units at a price, for an exact notional.
public struct Fill: Sendable, Hashable {
    public var id: String
    public var orderId: String
    public var userId: String
    public var instrumentId: String
    public var side: OrderSide
    public var quantity: Decimal
    public var price: Decimal
    /// `quantity × price`, rounded half-up to cents.
    public var notional: Decimal
    public var createdAtNanos: Int64

    /// Creates a fill.
    public init(
        id: String, orderId: String, userId: String, instrumentId: String, side: OrderSide, quantity: Decimal,
        price: Decimal, notional: Decimal, createdAtNanos: Int64
    ) {
        self.id = id
        self.orderId = orderId
        self.userId = userId
        self.instrumentId = instrumentId
        self.side = side
        self.quantity = quantity
        self.price = price
        self.notional = notional
        self.createdAtNanos = createdAtNanos
    }
}
