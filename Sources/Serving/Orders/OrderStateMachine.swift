import Foundation
import Model

/// The life of an order, without I/O: what placing, a new quote, or a cancel does to it.
///
/// A buy reserves cash, a sell reserves units, for as long as the order is open. Market orders fill at
/// once at the touch (ask for buys, bid for sells); limit orders fill when the touch crosses their price,
/// at the touch (never worse than the limit). Notionals are exact: `quantity × price`, half-up to cents;
/// a buy's reservation is rounded up, so that the fill never needs more than was reserved.
public enum OrderStateMachine {
    /// What placing an order does.
    public enum PlaceAction: Sendable, Equatable {
        /// Refuse it; nothing is written.
        case reject(ServingError.Code, field: String?, reason: String)
        /// Write it open, reserving `reserve` (cash for buys, units for sells).
        case rest(reserve: Decimal)
        /// Write it, reserving `reserve`, and fill it now at `price` for `notional`.
        case fill(reserve: Decimal, price: Decimal, notional: Decimal)
    }

    /// What a quote does to an open order.
    public enum QuoteAction: Sendable, Equatable {
        /// Nothing: not marketable (or not open).
        case wait
        /// Fill it at `price` for `notional`.
        case fill(price: Decimal, notional: Decimal)
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
        let touch = quote.map { side == .buy ? $0.ask : $0.bid }
        switch type {
        case .market:
            guard let touch, touch > 0 else {
                return .reject(.noQuote, field: "instrumentId", reason: "no quote to price a market order")
            }
            let notional = LedgerDecimal.cents(quantity * touch)
            let reserve = side == .buy ? notional : quantity
            if let refusal = coverage(side: side, reserve: reserve, available: available) { return refusal }
            return .fill(reserve: reserve, price: touch, notional: notional)
        case .limit:
            guard let limitPrice, limitPrice > 0 else {
                return .reject(.validation, field: "limitPrice", reason: "a limit order needs a positive limitPrice")
            }
            let reserve = side == .buy ? LedgerDecimal.centsUp(quantity * limitPrice) : quantity
            if let refusal = coverage(side: side, reserve: reserve, available: available) { return refusal }
            if let touch, touch > 0, crosses(side: side, limit: limitPrice, touch: touch) {
                return .fill(reserve: reserve, price: touch, notional: LedgerDecimal.cents(quantity * touch))
            }
            return .rest(reserve: reserve)
        }
    }

    /// Decides what a new quote does to an order.
    public static func onQuote(_ order: Order, quote: MarketQuote) -> QuoteAction {
        guard order.status == .open else { return .wait }
        let touch = order.side == .buy ? quote.ask : quote.bid
        guard touch > 0 else { return .wait }
        if order.type == .limit, let limit = order.limitPrice, !crosses(side: order.side, limit: limit, touch: touch) {
            return .wait
        }
        return .fill(price: touch, notional: LedgerDecimal.cents(order.quantity * touch))
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
