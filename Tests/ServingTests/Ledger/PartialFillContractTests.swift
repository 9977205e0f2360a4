import Foundation
import Model
import Serving
import Testing

/// Orders fill at most the size at the touch, on both stores: a market order's rest is cancelled, a limit
/// order's rest stays open, reserved at its limit, until later quotes fill it.
@Suite struct PartialFillContractTests {
    @Test(arguments: StoreKind.allCases)
    func aMarketOrderFillsTheSizeAtTheTouchAndCancelsTheRest(kind: StoreKind) async throws {
        try await withLedger(kind) { fixture in
            let ada = try await fixture.investor(cash: 10_000)
            fixture.quotes.update(MarketQuote(bid: dec("99.98"), ask: dec("100.02"), bidSize: 4, askSize: 2), for: LedgerFixture.aapl)
            let order = try await fixture.ledger.placeOrder(OrderRequest(instrument: "AAPL", side: .buy, type: .market, quantity: 5), by: ada)
            #expect(order.status == .cancelled)
            #expect(order.filledQuantity == 2)
            #expect(order.fillPrice == dec("100.02"))
            #expect(order.reserved == 0)
            let wallet = try await fixture.ledger.wallet(userId: ada.userId)
            #expect(wallet.balance == dec("9799.96"))
            #expect(wallet.reserved == 0)
            let holding = try #require(try await fixture.ledger.holdings(userId: ada.userId, page: PageRequest()).items.first)
            #expect(holding.quantity == 2)
            #expect(holding.costBasis == dec("200.04"))
            let fills = try await fixture.ledger.fills(viewer: ada, orderId: order.id, page: PageRequest()).items
            #expect(fills.map(\.quantity) == [2])
            let actions = try await fixture.ledger.auditEvents(viewer: ada, entityId: order.id, page: PageRequest()).items.map(\.action)
            #expect(Set(actions) == ["order.placed", "order.partially_filled", "order.cancelled"])
            // Selling into 4 units at the bid: 2 held, so the 2 sell.
            let sale = try await fixture.ledger.placeOrder(OrderRequest(instrument: "AAPL", side: .sell, type: .market, quantity: 2), by: ada)
            #expect(sale.status == .filled)
            #expect(try await fixture.ledger.wallet(userId: ada.userId).balance == dec("9999.92"))
        }
    }

    @Test(arguments: StoreKind.allCases)
    func aLimitOrdersRestWaitsForLaterQuotes(kind: StoreKind) async throws {
        try await withLedger(kind) { fixture in
            let aapl = LedgerFixture.aapl
            let ada = try await fixture.investor(cash: 1000)
            fixture.quotes.update(MarketQuote(bid: 100, ask: dec("100.02"), bidSize: 10, askSize: 2), for: aapl)
            var order = try await fixture.ledger.placeOrder(OrderRequest(instrument: "AAPL", side: .buy, type: .limit, quantity: 5, limitPrice: 101), by: ada)
            #expect(order.status == .open)
            #expect(order.filledQuantity == 2)
            #expect(order.reserved == 303)
            var wallet = try await fixture.ledger.wallet(userId: ada.userId)
            #expect(wallet.balance == dec("799.96"))
            #expect(wallet.reserved == 303)

            fixture.quotes.update(MarketQuote(bid: 100, ask: dec("100.50"), bidSize: 10, askSize: 1), for: aapl)
            _ = try await fixture.ledger.matchOpenOrders(instrumentId: aapl)
            order = try await fixture.ledger.order(id: order.id, viewer: ada)
            #expect(order.filledQuantity == 3)
            #expect(order.reserved == 202)
            wallet = try await fixture.ledger.wallet(userId: ada.userId)
            #expect(wallet.balance == dec("699.46"))
            #expect(wallet.reserved == 202)

            fixture.quotes.update(MarketQuote(bid: 99, ask: 100), for: aapl)
            let filled = try await fixture.ledger.matchOpenOrders(instrumentId: aapl)
            #expect(filled.map(\.status) == [.filled])
            order = try await fixture.ledger.order(id: order.id, viewer: ada)
            #expect(order.status == .filled)
            #expect(order.fillPrice == dec("100.108"))  // (200.04 + 100.50 + 200.00) / 5
            wallet = try await fixture.ledger.wallet(userId: ada.userId)
            #expect(wallet.balance == dec("499.46"))
            #expect(wallet.reserved == 0)
            let holding = try #require(try await fixture.ledger.holdings(userId: ada.userId, page: PageRequest()).items.first)
            #expect(holding.quantity == 5)
            #expect(holding.costBasis == dec("500.54"))
            let fills = try await fixture.ledger.fills(viewer: ada, orderId: order.id, page: PageRequest()).items
            #expect(fills.map(\.notional).reduce(0, +) == dec("500.54"))
        }
    }

    @Test(arguments: StoreKind.allCases)
    func cancellingAPartlyFilledOrderReleasesOnlyItsRest(kind: StoreKind) async throws {
        try await withLedger(kind) { fixture in
            let ada = try await fixture.investor(cash: 1000)
            fixture.quotes.update(MarketQuote(bid: 100, ask: dec("100.02"), bidSize: 10, askSize: 2), for: LedgerFixture.aapl)
            let order = try await fixture.ledger.placeOrder(OrderRequest(instrument: "AAPL", side: .buy, type: .limit, quantity: 5, limitPrice: 101), by: ada)
            let cancelled = try await fixture.ledger.cancelOrder(id: order.id, viewer: ada)
            #expect(cancelled.status == .cancelled)
            #expect(cancelled.filledQuantity == 2)
            let wallet = try await fixture.ledger.wallet(userId: ada.userId)
            #expect(wallet.balance == dec("799.96"))
            #expect(wallet.reserved == 0)
        }
    }
}
