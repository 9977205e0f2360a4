import Foundation
import Model
import Serving
import Testing

/// The order life cycle without I/O.
@Suite struct OrderStateMachineTests {
    let quote = MarketQuote(bid: dec("99.98"), ask: dec("100.02"))

    @Test func marketOrdersFillAtTheTouchOrAreRefused() {
        let buy = OrderStateMachine.place(side: .buy, type: .market, quantity: dec("2.5"), limitPrice: nil, quote: quote, available: 1000)
        #expect(buy == .fill(reserve: dec("250.05"), quantity: dec("2.5"), price: dec("100.02"), notional: dec("250.05")))
        let sell = OrderStateMachine.place(side: .sell, type: .market, quantity: 3, limitPrice: nil, quote: quote, available: 3)
        #expect(sell == .fill(reserve: 3, quantity: 3, price: dec("99.98"), notional: dec("299.94")))
        let poor = OrderStateMachine.place(side: .buy, type: .market, quantity: 10, limitPrice: nil, quote: quote, available: dec("1000.19"))
        guard case .reject(.insufficientFunds, "quantity", _) = poor else {
            Issue.record("expected insufficient funds, got \(poor)")
            return
        }
        let unpriced = OrderStateMachine.place(side: .buy, type: .market, quantity: 1, limitPrice: nil, quote: nil, available: 1000)
        guard case .reject(.noQuote, _, _) = unpriced else {
            Issue.record("expected no quote, got \(unpriced)")
            return
        }
        let short = OrderStateMachine.place(side: .sell, type: .market, quantity: 3, limitPrice: nil, quote: quote, available: dec("2.99999999"))
        guard case .reject(.insufficientHoldings, _, _) = short else {
            Issue.record("expected insufficient holdings, got \(short)")
            return
        }
    }

    @Test func limitOrdersRestUntilCrossedAndNotionalsRoundHalfUp() {
        let resting = OrderStateMachine.place(side: .buy, type: .limit, quantity: 3, limitPrice: dec("99.995"), quote: quote, available: 1000)
        #expect(resting == .rest(reserve: dec("299.99")))  // 299.985 rounded up
        let marketable = OrderStateMachine.place(side: .buy, type: .limit, quantity: 3, limitPrice: dec("101"), quote: quote, available: 1000)
        // Filled whole at once: it needs only the notional at the touch, not the limit's reservation.
        #expect(marketable == .fill(reserve: dec("300.06"), quantity: 3, price: dec("100.02"), notional: dec("300.06")))
        let sellRest = OrderStateMachine.place(side: .sell, type: .limit, quantity: 1, limitPrice: 100, quote: quote, available: 1)
        #expect(sellRest == .rest(reserve: 1))
        let noLimit = OrderStateMachine.place(side: .buy, type: .limit, quantity: 1, limitPrice: nil, quote: quote, available: 1000)
        guard case .reject(.validation, "limitPrice", _) = noLimit else {
            Issue.record("expected a limitPrice validation error, got \(noLimit)")
            return
        }

        var order = Order(
            id: "o", userId: "u", placedBy: "u", authorizationId: nil, instrumentId: "i", side: .buy, type: .limit,
            quantity: dec("0.333"), limitPrice: dec("99.995"), automated: false, status: .open, reserved: dec("33.30"),
            filledQuantity: 0, fillPrice: nil, createdAtNanos: 0, updatedAtNanos: 0)
        #expect(OrderStateMachine.onQuote(order, quote: quote) == .wait)
        let crossed = MarketQuote(bid: dec("99.90"), ask: dec("99.99"))
        #expect(OrderStateMachine.onQuote(order, quote: crossed) == .fill(quantity: dec("0.333"), price: dec("99.99"), notional: dec("33.30")))  // 33.29667 → 33.30
        #expect(OrderStateMachine.cancel(order) == .release(dec("33.30")))
        order.status = .filled
        #expect(OrderStateMachine.onQuote(order, quote: crossed) == .wait)
        guard case .reject = OrderStateMachine.cancel(order) else {
            Issue.record("a filled order cannot be cancelled")
            return
        }
    }

    @Test func aBuyReservationAlwaysCoversItsFill() {
        // For any price at or below the limit, the fill's notional (half-up) never exceeds the reservation (up).
        for quantity in [dec("0.00000001"), dec("1.5"), dec("7"), dec("123.45678901")] {
            for limit in [dec("0.01"), dec("99.995"), dec("1234.56789")] {
                guard case .rest(let reserve) = OrderStateMachine.place(side: .buy, type: .limit, quantity: quantity, limitPrice: limit, quote: nil, available: 1_000_000_000) else {
                    Issue.record("expected a resting order")
                    continue
                }
                let notional = LedgerDecimal.cents(quantity * limit)
                #expect(notional <= reserve)
            }
        }
    }

    @Test func ordersFillAtMostTheSizeAtTheTouch() {
        let thin = MarketQuote(bid: dec("99.98"), ask: dec("100.02"), bidSize: 4, askSize: 2)
        // Market: fills what is there; the rest is cancelled, so only the fill is reserved.
        let market = OrderStateMachine.place(side: .buy, type: .market, quantity: 5, limitPrice: nil, quote: thin, available: 1000)
        #expect(market == .fill(reserve: dec("200.04"), quantity: 2, price: dec("100.02"), notional: dec("200.04")))
        let marketSell = OrderStateMachine.place(side: .sell, type: .market, quantity: 5, limitPrice: nil, quote: thin, available: 5)
        #expect(marketSell == .fill(reserve: 4, quantity: 4, price: dec("99.98"), notional: dec("399.92")))
        let empty = MarketQuote(bid: dec("99.98"), ask: dec("100.02"), bidSize: 0, askSize: 0)
        guard case .reject(.noQuote, _, _) = OrderStateMachine.place(side: .buy, type: .market, quantity: 1, limitPrice: nil, quote: empty, available: 1000) else {
            Issue.record("a market order against no size is refused")
            return
        }
        // Limit: fills what is there; the rest rests, reserved at its limit (3 × 101 = 303).
        let limit = OrderStateMachine.place(side: .buy, type: .limit, quantity: 5, limitPrice: 101, quote: thin, available: 1000)
        #expect(limit == .fill(reserve: dec("503.04"), quantity: 2, price: dec("100.02"), notional: dec("200.04")))
        let short = OrderStateMachine.place(side: .buy, type: .limit, quantity: 5, limitPrice: 101, quote: thin, available: dec("503.03"))
        guard case .reject(.insufficientFunds, _, _) = short else {
            Issue.record("the fill and the rest's reservation must both be covered, got \(short)")
            return
        }
    }

    @Test func partialFillsReleaseTheirShareOfTheReservation() {
        var order = Order(
            id: "o", userId: "u", placedBy: "u", authorizationId: nil, instrumentId: "i", side: .buy, type: .limit,
            quantity: 5, limitPrice: 101, automated: false, status: .open, reserved: 505,
            filledQuantity: 0, fillPrice: nil, createdAtNanos: 0, updatedAtNanos: 0)
        let thin = MarketQuote(bid: dec("99.90"), ask: dec("100.50"), bidSize: 10, askSize: 2)
        #expect(OrderStateMachine.onQuote(order, quote: thin) == .fill(quantity: 2, price: dec("100.50"), notional: 201))
        // 3 units still open keep 3 × 101 = 303 of the 505.
        #expect(OrderStateMachine.release(order, quantity: 2, notional: 201) == 202)
        order.filledQuantity = 2
        order.reserved = 303
        let deep = MarketQuote(bid: dec("99.90"), ask: dec("100.50"), bidSize: 10, askSize: 50)
        #expect(OrderStateMachine.onQuote(order, quote: deep) == .fill(quantity: 3, price: dec("100.50"), notional: dec("301.50")))
        #expect(OrderStateMachine.release(order, quantity: 3, notional: dec("301.50")) == 303)
        #expect(OrderStateMachine.cancel(order) == .release(303))
        // A sell gives back the units it sells; a market order everything (its rest is cancelled).
        order.side = .sell
        order.reserved = 3
        #expect(OrderStateMachine.release(order, quantity: 1, notional: 100) == 1)
        order.type = .market
        #expect(OrderStateMachine.release(order, quantity: 1, notional: 100) == 3)
    }
}
