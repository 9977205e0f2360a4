import Foundation
import Model
import Serving
import Testing

/// Hundreds of concurrent orders against one wallet and one holding: never an overdraft, never a
/// double-spent unit, and the final balances equal the sum of the fills.
@Suite struct LedgerConcurrencyTests {
    @Test(arguments: StoreKind.allCases)
    func concurrentBuysNeverOverdrawAndBalancesEqualTheFills(kind: StoreKind) async throws {
        try await withLedger(kind) { fixture in
            let ada = try await fixture.investor(cash: dec("10000.00"))
            fixture.quotes.update(MarketQuote(bid: dec("99.99"), ask: dec("100.01")), for: LedgerFixture.aapl)
            let outcomes = await withTaskGroup(of: Result<Order, ServingError>.self) { group in
                for index in 0..<300 {
                    group.addTask {
                        // Alternate market and marketable limit orders of one unit.
                        let request = index.isMultiple(of: 2)
                            ? OrderRequest(instrument: "AAPL", side: .buy, type: .market, quantity: 1)
                            : OrderRequest(instrument: "AAPL", side: .buy, type: .limit, quantity: 1, limitPrice: dec("100.02"))
                        do { return .success(try await fixture.ledger.placeOrder(request, by: ada)) } catch {
                            return .failure(error as! ServingError)
                        }
                    }
                }
                var all: [Result<Order, ServingError>] = []
                for await outcome in group { all.append(outcome) }
                return all
            }
            let filled = outcomes.compactMap { try? $0.get() }
            let refusals = outcomes.compactMap { outcome -> ServingError.Code? in
                if case .failure(let error) = outcome { return error.code }
                return nil
            }
            // 10000 / 100.01 = 99.99…: exactly 99 fills fit; a limit order reserves 100.02 but fills at 100.01.
            #expect(filled.count == 99)
            #expect(Set(refusals) == [.insufficientFunds])
            #expect(filled.allSatisfy { $0.status == .filled })

            let wallet = try await fixture.ledger.wallet(userId: ada.userId)
            let fills = try await fixture.ledger.fills(viewer: ada, orderId: nil, page: PageRequest(limit: 1000))
            let spent = fills.items.reduce(Decimal(0)) { $0 + $1.notional }
            #expect(fills.items.count == 99)
            #expect(wallet.balance == dec("10000.00") - spent)
            #expect(wallet.balance >= 0)
            #expect(wallet.reserved == 0)
            let holding = try await fixture.ledger.holdings(userId: ada.userId, page: PageRequest()).items[0]
            #expect(holding.quantity == 99)
            #expect(holding.costBasis == spent)
            let transactions = try await fixture.ledger.transactions(userId: ada.userId, page: PageRequest(limit: 1000)).items
            let ledgerSum = transactions.reduce(Decimal(0)) { $0 + $1.amount }
            #expect(ledgerSum == wallet.balance)
        }
    }

    @Test(arguments: StoreKind.allCases)
    func concurrentSellsAndCancelsNeverDoubleSpendAHolding(kind: StoreKind) async throws {
        try await withLedger(kind) { fixture in
            let ada = try await fixture.investor(cash: dec("5000"))
            fixture.quotes.update(MarketQuote(price: 100), for: LedgerFixture.aapl)
            _ = try await fixture.ledger.placeOrder(OrderRequest(instrument: "AAPL", side: .buy, type: .market, quantity: 40), by: ada)
            // Resting sells far above the market, half of them cancelled while others are placed.
            let outcomes = await withTaskGroup(of: (Order?, ServingError.Code?).self) { group in
                for _ in 0..<200 {
                    group.addTask {
                        do {
                            let order = try await fixture.ledger.placeOrder(
                                OrderRequest(instrument: "AAPL", side: .sell, type: .limit, quantity: 1, limitPrice: 1000), by: ada)
                            if Bool.random() { return (try await fixture.ledger.cancelOrder(id: order.id, viewer: ada), nil) }
                            return (order, nil)
                        } catch {
                            return (nil, (error as! ServingError).code)
                        }
                    }
                }
                var all: [(Order?, ServingError.Code?)] = []
                for await outcome in group { all.append(outcome) }
                return all
            }
            let open = outcomes.compactMap(\.0).filter { $0.status == .open }
            let errors = Set(outcomes.compactMap(\.1))
            #expect(errors.isSubset(of: [.insufficientHoldings]))
            let holding = try await fixture.ledger.holdings(userId: ada.userId, page: PageRequest()).items[0]
            #expect(holding.quantity == 40)
            #expect(holding.reserved == Decimal(open.count))
            #expect(open.count <= 40)
            let stored = try await fixture.ledger.orders(viewer: ada, page: PageRequest(limit: 1000)).items
            let storedOpen = stored.filter { $0.side == .sell && $0.status == .open }
            #expect(storedOpen.count == open.count)
        }
    }
}
