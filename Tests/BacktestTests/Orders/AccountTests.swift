import Backtest
import Foundation
import Model
import Testing

@Suite struct AccountTests {
    /// Cash moves by the exact notional; positions net to flat and disappear; equity marks at the latest price.
    @Test func booksFillsExactly() {
        var account = Account(cash: 10_000)
        func fill(_ side: OrderSide, _ quantity: Decimal, _ price: Double) -> SimulatedFill {
            SimulatedFill(
                orderId: 1, instrumentId: "A", symbol: "A", side: side, pricing: .market, quantity: quantity, price: price,
                notional: Money.rounded(quantity * Money.decimal(price)), eventTimeNanos: 0, source: .bar)
        }
        account.apply(fill(.buy, 3, 0.1))
        account.apply(fill(.buy, 7, 0.2))
        // 0.1 and 0.2 as doubles are inexact; the notional is exact: 0.3 + 1.4.
        let cash: Decimal = Decimal(string: "9998.3")!
        #expect(account.cash == cash)
        #expect(account.position("A") == 10)
        account.mark("A", at: 0.25)
        let equity: Decimal = Decimal(string: "9998.3")! + Decimal(string: "2.5")!
        #expect(account.equity == equity)
        account.apply(fill(.sell, 10, 0.25))
        #expect(account.positions.isEmpty)
        #expect(account.equity == equity)
    }
}
