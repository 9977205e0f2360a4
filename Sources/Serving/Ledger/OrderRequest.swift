import Foundation
import Model

/// A request to place an order, as the API receives it.
public struct OrderRequest: Sendable, Hashable {
    /// Instrument id or symbol.
    public var instrument: String
    public var side: OrderSide
    public var type: OrderType
    public var quantity: Decimal
    public var limitPrice: Decimal?
    /// Required on a broker's order, forbidden otherwise.
    public var authorizationId: String?
    /// Placed by an investor's automated strategy.
    public var automated: Bool

    /// Creates a request.
    public init(
        instrument: String, side: OrderSide, type: OrderType, quantity: Decimal, limitPrice: Decimal? = nil,
        authorizationId: String? = nil, automated: Bool = false
    ) {
        self.instrument = instrument
        self.side = side
        self.type = type
        self.quantity = quantity
        self.limitPrice = limitPrice
        self.authorizationId = authorizationId
        self.automated = automated
    }
}
