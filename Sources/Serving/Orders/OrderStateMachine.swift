import Foundation
import Model

/// The life of an order, without I/O: what placing, a new quote, or a cancel does to it.
///
/// A buy reserves cash, a sell reserves units, for the part of the order that is open. Market orders fill
/// at once at the touch (ask for buys, bid for sells); limit orders when the touch crosses their price, at
/// the touch (never worse than the limit). An order fills at most the size quoted at the touch (a quote
/// without sizes has unlimited depth): the rest of a limit order stays open, the rest of a market order
/// is cancelled (immediate-or-cancel), since a market order never waits for a price.
///
/// Notionals are exact: `quantity × price`, half-up to cents; a resting buy's reservation is
/// `remaining quantity × limit` rounded up, so that its fills never need more than was reserved.
public enum OrderStateMachine {
    /// What placing an order does.
    public enum PlaceAction: Sendable, Equatable {
        /// Refuse it; nothing is written.
        case reject(ServingError.Code, field: String?, reason: String)
        /// Write it open, reserving `reserve` (cash for buys, units for sells).
        case rest(reserve: Decimal)
        /// Write it reserving `reserve` and fill `quantity` of it now at `price` for `notional`; the fill
        /// releases its share of the reservation (``release(_:quantity:notional:)``).
        case fill(reserve: Decimal, quantity: Decimal, price: Decimal, notional: Decimal)
    }

    /// What a quote does to an open order.
    public enum QuoteAction: Sendable, Equatable {
        /// Nothing: not marketable (or not open).
        case wait
        /// Fill `quantity` of it at `price` for `notional`.
        case fill(quantity: Decimal, price: Decimal, notional: Decimal)
    }

    /// What cancelling does.
    public enum CancelAction: Sendable, Equatable {
        /// Mark it cancelled and give back `release` (cash or units).
        case release(Decimal)
        /// Refuse: the order is already final.
        case reject(reason: String)
    }

    /// Decides how an order is placed.
    ///
    /// - Parameters:
    ///   - available: the wallet's available cash (buy) or the holding's available units (sell).
    ///   - quote: the instrument's latest touch, nil when it has none.
    public static func place(
        side: OrderSide, type: OrderType, quantity: Decimal, limitPrice: Decimal?, quote: MarketQuote?,
        available: Decimal
    ) -> PlaceAction {
        guard quantity > 0 else { return .reject(.validation, field: "quantity", reason: "quantity must be positive") }
        let touch = quote.map { side == .buy ? ($0.ask, $0.askSize) : ($0.bid, $0.bidSize) }
        switch type {
        case .market:
            guard case let (price, size)? = touch, price > 0 else {
                return .reject(.noQuote, field: "instrumentId", reason: "no quote to price a market order")
            }
            let fillable = size.map { min(quantity, $0) } ?? quantity
            guard fillable > 0 else {
                return .reject(.noQuote, field: "instrumentId", reason: "no size at the touch to fill a market order")
            }
            let notional = LedgerDecimal.cents(fillable * price)
            let reserve = side == .buy ? notional : fillable
            if let refusal = coverage(side: side, reserve: reserve, available: available) { return refusal }
            return .fill(reserve: reserve, quantity: fillable, price: price, notional: notional)
        case .limit:
            guard let limitPrice, limitPrice > 0 else {
                return .reject(.validation, field: "limitPrice", reason: "a limit order needs a positive limitPrice")
            }
            var fillable: Decimal = 0
            var price: Decimal = 0
            if case let (touchPrice, size)? = touch, touchPrice > 0, crosses(side: side, limit: limitPrice, touch: touchPrice) {
                fillable = size.map { min(quantity, $0) } ?? quantity
                price = touchPrice
            }
            guard fillable > 0 else {
                let reserve = side == .buy ? LedgerDecimal.centsUp(quantity * limitPrice) : quantity
                if let refusal = coverage(side: side, reserve: reserve, available: available) { return refusal }
                return .rest(reserve: reserve)
            }
            let notional = LedgerDecimal.cents(fillable * price)
            let reserve = side == .buy ? notional + LedgerDecimal.centsUp((quantity - fillable) * limitPrice) : quantity
            if let refusal = coverage(side: side, reserve: reserve, available: available) { return refusal }
            return .fill(reserve: reserve, quantity: fillable, price: price, notional: notional)
        }
    }

    /// Decides what a new quote does to an order.
    public static func onQuote(_ order: Order, quote: MarketQuote) -> QuoteAction {
        guard order.status == .open else { return .wait }
        let (touch, size) = order.side == .buy ? (quote.ask, quote.askSize) : (quote.bid, quote.bidSize)
        guard touch > 0 else { return .wait }
        if order.type == .limit, let limit = order.limitPrice, !crosses(side: order.side, limit: limit, touch: touch) {
            return .wait
        }
        let remaining = order.quantity - order.filledQuantity
        let fillable = size.map { min(remaining, $0) } ?? remaining
        guard fillable > 0 else { return .wait }
        return .fill(quantity: fillable, price: touch, notional: LedgerDecimal.cents(fillable * touch))
    }

    /// What a fill of `quantity` gives back of the order's reservation: all of it when the fill completes
    /// the order or the order is a market order (whose rest is cancelled); otherwise a sell's units, or what
    /// a buy's remaining quantity no longer needs at its limit.
    public static func release(_ order: Order, quantity: Decimal, notional: Decimal) -> Decimal {
        let remainingAfter = order.quantity - order.filledQuantity - quantity
        guard remainingAfter > 0, order.type == .limit, let limit = order.limitPrice else { return order.reserved }
        switch order.side {
        case .sell: return quantity
        case .buy: return max(0, order.reserved - LedgerDecimal.centsUp(remainingAfter * limit))
        }
    }

    /// Decides what cancelling an order does.
    public static func cancel(_ order: Order) -> CancelAction {
        guard order.status == .open else {
            return .reject(reason: "order \(order.id) is \(order.status.rawValue); only open orders can be cancelled")
        }
        return .release(order.reserved)
    }

    private static func crosses(side: OrderSide, limit: Decimal, touch: Decimal) -> Bool {
        side == .buy ? touch <= limit : touch >= limit
    }

    private static func coverage(side: OrderSide, reserve: Decimal, available: Decimal) -> PlaceAction? {
        guard reserve > available else { return nil }
        switch side {
        case .buy:
            return .reject(.insufficientFunds, field: "quantity", reason: "needs \(reserve) available cash, the wallet has \(available)")
        case .sell:
            return .reject(.insufficientHoldings, field: "quantity", reason: "needs \(reserve) available units, the holding has \(available)")
        }
    }
}
