import Foundation
import Model
@testable import Serving
import Testing

/// Orders placed optimistically on Postgres (read unlocked, then one statement guarded by the wallet's
/// version): a change between the read and the write makes the write refuse and leave no trace, and every
/// locking writer moves the version on.
@Suite struct LedgerOptimisticOrdersTests {
    @Test func aWriteOverAStaleReadIsRefusedAndWritesNothing() async throws {
        try await withLedger(.postgres) { fixture in
            let ada = try await fixture.investor(cash: dec("1000.00"))
            let store = try #require(fixture.ledger.store as? any VersionedWrites)
            let stale = try await fixture.ledger.readAccount(userId: ada.userId, instrumentId: LedgerFixture.aapl)
            #expect(stale.wallet.balance == dec("1000.00"))
            #expect(stale.holding == nil)

            // A deposit locks the wallet between the read and the write.
            _ = try await fixture.ledger.createTransaction(userId: ada.userId, kind: .deposit, amount: dec("5.00"), actor: ada)
            let fresh = try await fixture.ledger.readAccount(userId: ada.userId, instrumentId: LedgerFixture.aapl)
            #expect(fresh.version > stale.version)

            let placement = try Ledger.place(
                OrderRequest(instrument: "AAPL", side: .buy, type: .market, quantity: 2), by: ada, owner: ada.userId,
                instrumentId: LedgerFixture.aapl, quote: MarketQuote(price: 100), wallet: stale.wallet, holding: nil, authorization: nil)
            let writes = placement.writes.filter { $0.sql != Ledger.walletUpdateSQL }
            #expect(writes.count == placement.writes.count - 1)
            let refused = try await store.write(
                writes, checking: Ledger.walletVersionCheck(userId: ada.userId, version: stale.version, writing: placement.wallet))
            #expect(!refused)
            // Nothing of the refused statement landed: no order, no holding, the wallet as the deposit left it.
            #expect(try await fixture.ledger.orders(viewer: ada, page: PageRequest()).items.isEmpty)
            #expect(try await fixture.ledger.holdings(userId: ada.userId, page: PageRequest()).items.isEmpty)
            let wallet = try await fixture.ledger.wallet(userId: ada.userId)
            #expect(wallet.balance == dec("1005.00"))
            #expect(wallet.reserved == 0)

            // The same writes over the current version apply, all of them, and move the version on.
            let applied = try await store.write(
                writes, checking: Ledger.walletVersionCheck(userId: ada.userId, version: fresh.version, writing: placement.wallet))
            #expect(applied)
            let after = try await fixture.ledger.readAccount(userId: ada.userId, instrumentId: LedgerFixture.aapl)
            #expect(after.version == fresh.version + 1)
            #expect(after.wallet.balance == dec("800.00"))  // the stale 1000.00 minus 200.00: why a stale write must refuse
            #expect(after.holding?.quantity == 2)
            #expect(try await fixture.ledger.order(id: placement.order.id, viewer: ada).status == .filled)
        }
    }

    @Test func lockingWritersAndOptimisticOrdersMoveTheVersionOn() async throws {
        try await withLedger(.postgres) { fixture in
            let ada = try await fixture.investor(cash: dec("1000.00"))
            fixture.quotes.update(MarketQuote(price: 100), for: LedgerFixture.aapl)
            func version() async throws -> Int64 {
                try await fixture.ledger.readAccount(userId: ada.userId, instrumentId: LedgerFixture.aapl).version
            }
            var last = try await version()
            // Optimistic: an investor's own market buy, then a resting sell (which writes only the holding).
            _ = try await fixture.ledger.placeOrder(OrderRequest(instrument: "AAPL", side: .buy, type: .market, quantity: 3), by: ada)
            #expect(try await version() == last + 1)
            last += 1
            let sell = try await fixture.ledger.placeOrder(
                OrderRequest(instrument: "AAPL", side: .sell, type: .limit, quantity: 1, limitPrice: 500), by: ada)
            #expect(sell.status == .open)
            #expect(try await version() == last + 1)
            last += 1
            // Locking: a cancel (lockWallet) and a withdrawal.
            _ = try await fixture.ledger.cancelOrder(id: sell.id, viewer: ada)
            #expect(try await version() > last)
            last = try await version()
            _ = try await fixture.ledger.createTransaction(userId: ada.userId, kind: .withdraw, amount: dec("1.00"), actor: ada)
            #expect(try await version() > last)

            let account = try await fixture.ledger.readAccount(userId: ada.userId, instrumentId: LedgerFixture.aapl)
            #expect(account.wallet.balance == dec("699.00"))
            #expect(account.holding?.quantity == 3)
            #expect(account.holding?.reserved == 0)
        }
    }

    @Test func aRememberedAccountThatWentStaleCostsARetryNeverAWrongAnswer() async throws {
        try await withLedger(.postgres) { fixture in
            let ada = try await fixture.investor(cash: dec("250.00"))
            fixture.quotes.update(MarketQuote(price: 100), for: LedgerFixture.aapl)
            let buy = OrderRequest(instrument: "AAPL", side: .buy, type: .market, quantity: 2)
            _ = try await fixture.ledger.placeOrder(buy, by: ada)
            let remembered = try #require(fixture.ledger.accounts.account(userId: ada.userId, instrumentId: LedgerFixture.aapl))
            #expect(remembered.wallet.balance == dec("50.00"))
            #expect(remembered.holding?.quantity == 2)

            // A deposit (a locking transaction) makes the remembered 50.00 stale: an order it would refuse
            // is decided again on the account as it is, and fills.
            _ = try await fixture.ledger.createTransaction(userId: ada.userId, kind: .deposit, amount: dec("1000.00"), actor: ada)
            let second = try await fixture.ledger.placeOrder(buy, by: ada)
            #expect(second.status == .filled)

            // A second process (its own ledger over the same database) buys too: this process's remembered
            // account is stale again, the version check refuses it, and the order is placed on a fresh read.
            let other = Ledger(store: fixture.ledger.store, stocks: LedgerFixture.stocks, quotes: fixture.quotes)
            _ = try await other.placeOrder(OrderRequest(instrument: "AAPL", side: .buy, type: .market, quantity: 5), by: ada)
            _ = try await fixture.ledger.placeOrder(OrderRequest(instrument: "AAPL", side: .sell, type: .market, quantity: 1), by: ada)

            let account = try await fixture.ledger.readAccount(userId: ada.userId, instrumentId: LedgerFixture.aapl)
            // 250 + 1000 − 2×200 − 500 + 100
            #expect(account.wallet.balance == dec("450.00"))
            #expect(account.wallet.reserved == 0)
            #expect(account.holding?.quantity == 8)
            let fills = try await fixture.ledger.fills(viewer: ada, orderId: nil, page: PageRequest())
            #expect(fills.items.count == 4)
            let cached = try #require(fixture.ledger.accounts.account(userId: ada.userId, instrumentId: LedgerFixture.aapl))
            #expect(cached.version == account.version)
            #expect(cached.wallet.balance == account.wallet.balance)
            #expect(cached.holding?.quantity == 8)
        }
    }
}
