import Foundation
import Model

/// How an order is priced.
public enum OrderPricing: Sendable, Hashable {
    /// At the next quote's touch (ask for a buy, bid for a sell) or the next bar's open.
    case market
    /// At this price or better, on the first later quote or bar that crosses it; rests until then.
    case limit(Double)

    /// `market` or `limit`.
    public var name: String {
        switch self {
        case .market: "market"
        case .limit: "limit"
        }
    }
}

/// What a ``Strategy`` asks for: the simulator fills it on a later quote or bar of the instrument.
public struct OrderRequest: Sendable, Hashable {
    /// The instrument id.
    public var instrumentId: String
    /// Buy or sell.
    public var side: OrderSide
    /// Units, exact and positive.
    public var quantity: Decimal
    /// Market or limit.
    public var pricing: OrderPricing

    /// Creates a request.
    public init(instrumentId: String, side: OrderSide, quantity: Decimal, pricing: OrderPricing = .market) {
        self.instrumentId = instrumentId
        self.side = side
        self.quantity = quantity
        self.pricing = pricing
    }

    /// The market order that moves a position from `current` to `target`, or `nil` when they are equal.
    public static func toTarget(instrumentId: String, current: Decimal, target: Decimal) -> OrderRequest? {
        let delta = target - current
        if delta == 0 { return nil }
        return OrderRequest(instrumentId: instrumentId, side: delta > 0 ? .buy : .sell, quantity: delta > 0 ? delta : -delta)
    }
}

/// An accepted order waiting for its fill.
public struct SimulatedOrder: Sendable, Hashable {
    /// The run-local id: 1, 2, … in submission order.
    public var id: Int
    /// What was asked for.
    public var request: OrderRequest
    /// The event time of the bar or quote that triggered it (ns).
    public var createdNanos: Int64
    /// The position in the replay of the event that triggered it: only later events fill it.
    public var createdSequence: Int64
}

/// Where a fill's price came from.
public enum FillSource: String, Sendable, Hashable {
    /// A top of book's touch (or the limit, when the touch crossed it).
    case quote
    /// A bar's open (or the limit, when the bar's range crossed it).
    case bar
}

/// An executed order.
public struct SimulatedFill: Sendable, Hashable {
    /// The order filled.
    public var orderId: Int
    /// The instrument id.
    public var instrumentId: String
    /// The instrument's symbol, as the filling bar or quote names it.
    public var symbol: String
    /// Buy or sell.
    public var side: OrderSide
    /// Market or limit.
    public var pricing: OrderPricing
    /// Units filled (the whole order).
    public var quantity: Decimal
    /// The price, as read from the quote or bar.
    public var price: Double
    /// `quantity × price` with the price rounded to 8 decimals, exact.
    public var notional: Decimal
    /// The event time of the filling quote, or the window start of the filling bar (ns).
    public var eventTimeNanos: Int64
    /// What the price came from.
    public var source: FillSource

    /// Creates a fill.
    public init(
        orderId: Int, instrumentId: String, symbol: String, side: OrderSide, pricing: OrderPricing, quantity: Decimal, price: Double,
        notional: Decimal, eventTimeNanos: Int64, source: FillSource
    ) {
        self.orderId = orderId
        self.instrumentId = instrumentId
        self.symbol = symbol
        self.side = side
        self.pricing = pricing
        self.quantity = quantity
        self.price = price
        self.notional = notional
        self.eventTimeNanos = eventTimeNanos
        self.source = source
    }
}
