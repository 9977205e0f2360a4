import Foundation
import Model
import Serving
import Testing

/// The order life cycle without I/O.
@Suite struct OrderStateMachineTests {
    let quote = MarketQuote(bid: dec("99.98"), ask: dec("100.02"))

    @Test func marketOrdersFillAtTheTouchOrAreRefused() {
        let buy = OrderStateMachine.place(side: .buy, type: .market, quantity: dec("2.5"), limitPrice: nil, quote: quote, available: 1000)
        #expect(buy == .fill(reserve: dec("250.05"), price: dec("100.02"), notional: dec("250.05")))
        let sell = OrderStateMachine.place(side: .sell, type: .market, quantity: 3, limitPrice: nil, quote: quote, available: 3)
        #expect(sell == .fill(reserve: 3, price: dec("99.98"), notional: dec("299.94")))
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
        #expect(marketable == .fill(reserve: 303, price: dec("100.02"), notional: dec("300.06")))
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
        #expect(OrderStateMachine.onQuote(order, quote: crossed) == .fill(price: dec("99.99"), notional: dec("33.30")))  // 33.29667 → 33.30
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
}
