import Foundation

/// Shares of one instrument a user holds. `reserved` is held by open sell orders; `committed` is what the
/// user has set aside for brokers through stock-holding authorizations.
public struct StockHolding: Sendable, Hashable {
    public var id: String
    public var userId: String
    public var instrumentId: String
    /// Units held, exact (`NUMERIC(20,8)`).
    public var quantity: Decimal
    /// Units committed to brokers.
    public var committed: Decimal
    /// Units held by open sell orders.
    public var reserved: Decimal
    /// Total cost of the units held, exact (`NUMERIC(20,2)`).
    public var costBasis: Decimal
    public var updatedAtNanos: Int64

    /// Creates a holding.
    public init(
        id: String, userId: String, instrumentId: String, quantity: Decimal, committed: Decimal, reserved: Decimal,
        costBasis: Decimal, updatedAtNanos: Int64
    ) {
        self.id = id
        self.userId = userId
        self.instrumentId = instrumentId
        self.quantity = quantity
        self.committed = committed
        self.reserved = reserved
        self.costBasis = costBasis
        self.updatedAtNanos = updatedAtNanos
    }

    /// Units a sell order may still reserve.
    public var available: Decimal { quantity - reserved }
}
